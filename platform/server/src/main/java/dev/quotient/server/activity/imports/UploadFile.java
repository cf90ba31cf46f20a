package dev.quotient.server.activity.imports;

import dev.quotient.api.ClientError;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.streams.WriteStream;
import java.nio.file.Path;

/**
 * A streamed request body written to a temporary file, with the file's back-pressure, up to a limit:
 * one byte more fails {@link #result} with 413 at once and what follows is dropped, so an upload of any
 * size holds a few buffers of memory. The owner deletes the file ({@link #delete}) when done with it,
 * and after a failure. Event-loop only.
 */
final class UploadFile implements WriteStream<Buffer> {

  private final Vertx vertx;
  private final Path path;
  private final AsyncFile file;
  private final long maxBytes;
  private final Promise<Path> result = Promise.promise();
  private long size;
  private boolean over;

  private UploadFile(Vertx vertx, Path path, AsyncFile file, long maxBytes) {
    this.vertx = vertx;
    this.path = path;
    this.file = file;
    this.maxBytes = maxBytes;
  }

  /** Creates an empty temporary file and opens it for writing. */
  static Future<UploadFile> open(Vertx vertx, long maxBytes) {
    return vertx.fileSystem().createTempFile("quotient-import-", ".csv")
        .compose(p -> vertx.fileSystem().open(p, new OpenOptions().setWrite(true).setCreate(false))
            .map(f -> new UploadFile(vertx, Path.of(p), f, maxBytes))
            .onFailure(e -> vertx.fileSystem().delete(p)));
  }

  /** The file once the body ended and is written; 413 as soon as it is too large. */
  Future<Path> result() {
    return result.future();
  }

  /** The bytes written. */
  long size() {
    return size;
  }

  /** The body failed (the client went away): the file is closed and deleted. */
  void abort(Throwable e) {
    result.tryFail(e);
    file.close().onComplete(r -> delete());
  }

  /** Deletes the file; failures are ignored (it is in the temporary folder). */
  Future<Void> delete() {
    return vertx.fileSystem().delete(path.toString()).recover(e -> Future.succeededFuture());
  }

  @Override
  public Future<Void> write(Buffer data) {
    if (over) {
      return Future.succeededFuture();
    }
    if (size + data.length() > maxBytes) {
      over = true;
      abort(new ClientError(413, "error.import.tooLarge", maxBytes / (1024 * 1024)));
      return Future.succeededFuture();
    }
    size += data.length();
    return file.write(data);
  }

  @Override
  public Future<Void> end() {
    if (over) {
      return Future.succeededFuture();
    }
    return file.close().onComplete(r -> {
      if (r.succeeded()) {
        result.tryComplete(path);
      } else {
        result.tryFail(r.cause());
        delete();
      }
    });
  }

  @Override
  public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    file.exceptionHandler(handler);
    return this;
  }

  @Override
  public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
    file.setWriteQueueMaxSize(maxSize);
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return !over && file.writeQueueFull();
  }

  @Override
  public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
    file.drainHandler(handler);
    return this;
  }
}
