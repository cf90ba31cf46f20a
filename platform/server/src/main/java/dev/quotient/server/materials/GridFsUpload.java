package dev.quotient.server.materials;

import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSUploadStream;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import dev.quotient.api.ClientError;
import dev.quotient.server.mongo.Database;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Objects;
import org.bson.BsonObjectId;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * A {@link WriteStream} that stores what is piped into it as one GridFS file, for request bodies too
 * large to hold in memory. The event loop only queues buffers; one task at a time on the database's
 * worker pool writes them to the driver's blocking {@link GridFSUploadStream}. Back-pressure keeps the
 * queue under {@link #HIGH_WATER} bytes, so memory stays flat whatever the file's size.
 *
 * <p>Before anything is stored, the first {@link FileTypes#SNIFF_BYTES} bytes are checked
 * ({@link FileTypes#check}); the SHA-256 is computed while writing; more than {@code maxBytes} fails
 * with 413. Any failure, and {@link #abort}, deletes what was written ({@link GridFSUploadStream#abort}):
 * no chunks are left behind. {@link #end()} completes once the file document is written.
 */
final class GridFsUpload implements WriteStream<Buffer> {

  static final int HIGH_WATER = 1024 * 1024;
  static final int LOW_WATER = HIGH_WATER / 2;

  /** What was stored. */
  record Stored(ObjectId fileId, long size, String sha256Hex, String contentType) {}

  private final Context context;
  private final Database database;
  private final MaterialStore store;
  private final GridFSBucket bucket;
  private final ObjectId fileId = new ObjectId();
  private final String fileName;
  private final Document metadata;
  private final long maxBytes;
  private final Promise<Stored> done = Promise.promise();

  // Event-loop state.
  private Buffer head = Buffer.buffer();
  private boolean sniffed;
  private long received;
  private boolean ended;

  // Shared with the worker, guarded by this.
  private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
  private long queued;
  private boolean running;
  private boolean endRequested;
  private Handler<Void> drainHandler;
  private volatile Throwable failure;

  // Worker state (one task at a time).
  private GridFSUploadStream out;
  private final MessageDigest digest;
  private long written;
  private String contentType;

  GridFsUpload(Context context, MaterialStore store, String fileName, Document metadata, long maxBytes) {
    this.context = Objects.requireNonNull(context, "context");
    this.store = store;
    this.database = store.database();
    this.bucket = store.bucket();
    this.fileName = fileName;
    this.metadata = metadata;
    this.maxBytes = maxBytes;
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Completes when the file is stored, or fails with why it is not (nothing is then stored). */
  Future<Stored> result() {
    return done.future();
  }

  @Override
  public Future<Void> write(Buffer data) {
    Throwable failed = failure;
    if (failed != null) {
      return Future.failedFuture(failed);
    }
    received += data.length();
    if (received > maxBytes) {
      abort(new ClientError(413, "error.material.tooLarge", maxBytes));
      return Future.failedFuture(failure);
    }
    if (!sniffed) {
      head.appendBuffer(data);
      if (head.length() < FileTypes.SNIFF_BYTES) {
        return Future.succeededFuture();
      }
      sniffed = true;
      data = head;
      head = null;
    }
    enqueue(data.getBytes());
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> end() {
    if (!ended) {
      ended = true;
      if (failure == null) {
        if (!sniffed) {
          sniffed = true;
          if (head.length() == 0) {
            abort(ClientError.badRequest("error.material.empty"));
            return done.future().mapEmpty();
          }
          enqueue(head.getBytes());
          head = null;
        }
        synchronized (this) {
          endRequested = true;
        }
        kick();
      }
    }
    return done.future().mapEmpty();
  }

  /** Stops the upload: whatever was written is deleted, {@link #result()} fails with the cause. */
  void abort(Throwable cause) {
    Handler<Void> drain;
    synchronized (this) {
      if (failure == null) {
        failure = cause;
      }
      drain = drainHandler;
      drainHandler = null;
    }
    if (drain != null) {
      // A paused source must not wait for room that will never come: its next write fails instead.
      context.runOnContext(v -> drain.handle(null));
    }
    kick();
  }

  @Override
  public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  @Override
  public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
    return this;
  }

  @Override
  public synchronized boolean writeQueueFull() {
    return failure == null && queued >= HIGH_WATER;
  }

  @Override
  public synchronized WriteStream<Buffer> drainHandler(Handler<Void> handler) {
    this.drainHandler = handler;
    return this;
  }

  private void enqueue(byte[] bytes) {
    synchronized (this) {
      queue.add(bytes);
      queued += bytes.length;
    }
    kick();
  }

  /** Starts the worker task unless it runs already. */
  private void kick() {
    synchronized (this) {
      if (running) {
        return;
      }
      running = true;
    }
    database.call(() -> {
      drainQueue();
      return null;
    });
  }

  /** On a worker: writes queued buffers, then finishes or aborts when asked. */
  private void drainQueue() {
    while (true) {
      byte[] next;
      boolean finish = false;
      synchronized (this) {
        if (failure != null) {
          queue.clear();
          queued = 0;
        }
        next = queue.poll();
        if (next == null) {
          if (failure == null && !endRequested) {
            running = false;
            return;
          }
          finish = failure == null;
        }
      }
      if (next != null) {
        writeOne(next);
        continue;
      }
      if (finish) {
        finish();
      } else {
        discard();
      }
      synchronized (this) {
        running = false;
      }
      return;
    }
  }

  private void writeOne(byte[] bytes) {
    try {
      if (out == null) {
        contentType = FileTypes.check(bytes.length > FileTypes.SNIFF_BYTES
            ? java.util.Arrays.copyOf(bytes, FileTypes.SNIFF_BYTES) : bytes, fileName);
        metadata.put("contentType", contentType);
        // Marked before the first chunk: a crash from here on leaves a mark the sweep finds.
        store.uploadStarted(fileId);
        out = bucket.openUploadStream(new BsonObjectId(fileId), fileName,
            new GridFSUploadOptions().metadata(metadata));
      }
      out.write(bytes);
      digest.update(bytes);
      written += bytes.length;
    } catch (RuntimeException e) {
      synchronized (this) {
        if (failure == null) {
          failure = e;
        }
      }
    }
    Handler<Void> drain = null;
    synchronized (this) {
      queued -= bytes.length;
      if (drainHandler != null && queued <= LOW_WATER) {
        drain = drainHandler;
        drainHandler = null;
      }
    }
    if (drain != null) {
      Handler<Void> h = drain;
      context.runOnContext(v -> h.handle(null));
    }
  }

  private void finish() {
    try {
      out.close();
      String hex = java.util.HexFormat.of().formatHex(digest.digest());
      Stored stored = new Stored(fileId, written, hex, contentType);
      context.runOnContext(v -> done.tryComplete(stored));
    } catch (RuntimeException e) {
      failure = e;
      discard();
    }
  }

  private void discard() {
    Throwable cause = failure;
    try {
      if (out != null) {
        out.abort();
        store.uploadEnded(fileId);
      }
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    } finally {
      out = null;
    }
    context.runOnContext(v -> done.tryFail(cause));
  }
}
