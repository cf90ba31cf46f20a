package dev.quotient.server.materials;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.quotient.server.mongo.Database;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a GridFS file into a response: chunks are read one by one on the database's worker pool
 * (by their unique {@code files_id, n} key: the embedded server materialises a whole sorted cursor,
 * which for a large file would not fit the heap) and written when the response can take them
 * (back-pressure), so memory stays flat. A missing chunk or one of the wrong size fails the download. The SHA-256 is recomputed on
 * the way; the last block is held back until it is known, and if it differs from the one recorded at
 * upload the connection is reset instead of finishing the response, so no client mistakes a corrupt
 * file for a complete one. The caller has set the status and headers (with the length).
 */
final class GridFsDownload {

  private static final Logger LOG = LoggerFactory.getLogger(GridFsDownload.class);
  private final Database database;
  private final MongoCollection<Document> files;
  private final MongoCollection<Document> chunks;
  private final ObjectId fileId;
  private final String expectedHex;
  private final HttpServerResponse response;
  private final MessageDigest digest;
  private volatile boolean closed;
  private long length;
  private int chunkSize;
  private int next;
  private Buffer pending;

  GridFsDownload(Database database, String bucket, ObjectId fileId, String expectedHex,
      HttpServerResponse response) {
    this.database = database;
    this.files = database.collection(bucket + ".files");
    this.chunks = database.collection(bucket + ".chunks");
    this.fileId = fileId;
    this.expectedHex = expectedHex;
    this.response = response;
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Opens the file; fails (before anything is sent) when it is missing. */
  Future<GridFsDownload> open() {
    return database.call(() -> {
      Document file = files.find(Filters.eq("_id", fileId)).first();
      if (file == null) {
        throw new IllegalStateException("GridFS file " + fileId + " is missing");
      }
      length = ((Number) file.get("length")).longValue();
      chunkSize = ((Number) file.get("chunkSize")).intValue();
      return this;
    });
  }

  /** Sends the whole file; completes once the response ended or was reset. */
  Future<Void> send() {
    response.closeHandler(v -> closeQuietly());
    response.exceptionHandler(e -> closeQuietly());
    return next();
  }

  private Future<Void> next() {
    return database.call(this::readChunk).compose(block -> {
      if (block == null) {
        return closed ? Future.succeededFuture() : finish();
      }
      Buffer previous = pending;
      pending = block;
      if (previous == null) {
        return next();
      }
      response.write(previous);
      if (!response.writeQueueFull()) {
        return next();
      }
      io.vertx.core.Promise<Void> drained = io.vertx.core.Promise.promise();
      response.drainHandler(v -> drained.tryComplete());
      response.closeHandler(v -> {
        closeQuietly();
        drained.tryFail("the client went away");
      });
      return drained.future().compose(v -> next());
    }, failure -> {
      LOG.error("download of file {} failed while reading", fileId, failure);
      abort();
      return Future.succeededFuture();
    });
  }

  /** On a worker: the next chunk's bytes, or null after the last. */
  private Buffer readChunk() {
    long offset = (long) next * chunkSize;
    if (offset >= length || closed) {
      return null;
    }
    int expected = (int) Math.min(chunkSize, length - offset);
    // A plain {files_id, n} document (not $and), so the unique index of the bucket answers it.
    Document chunk = chunks.find(new Document("files_id", fileId).append("n", next)).first();
    byte[] data = chunk == null ? null : chunk.get("data", Binary.class).getData();
    if (data == null || data.length != expected) {
      throw new IllegalStateException("chunk " + next + " of " + fileId + " is missing or has the wrong size");
    }
    next++;
    digest.update(data);
    return Buffer.buffer(data);
  }

  private Future<Void> finish() {
    closeQuietly();
    String actual = HexFormat.of().formatHex(digest.digest());
    if (!actual.equals(expectedHex)) {
      LOG.error("file {} is corrupt: SHA-256 {} where {} was stored; download aborted", fileId, actual, expectedHex);
      abort();
      return Future.succeededFuture();
    }
    return pending == null ? response.end() : response.end(pending);
  }

  private void abort() {
    closeQuietly();
    response.reset();
  }

  private void closeQuietly() {
    closed = true;
  }
}
