package dev.quotient.server.activity.imports;

import dev.quotient.api.ClientError;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/**
 * Collects a streamed request body in memory up to a limit: one byte more fails {@link #result} with
 * 413 at once, and what follows is dropped, so an oversized upload never grows the heap past the limit.
 * Event-loop only.
 */
final class BoundedBody implements WriteStream<Buffer> {

  private final long maxBytes;
  private final Buffer body = Buffer.buffer();
  private final Promise<Buffer> result = Promise.promise();
  private boolean over;

  BoundedBody(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** The whole body once it ended; 413 as soon as it is too large. */
  Future<Buffer> result() {
    return result.future();
  }

  @Override
  public Future<Void> write(Buffer data) {
    if (!over) {
      if (body.length() + (long) data.length() > maxBytes) {
        over = true;
        result.tryFail(new ClientError(413, "error.import.tooLarge", maxBytes / (1024 * 1024)));
      } else {
        body.appendBuffer(data);
      }
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> end() {
    if (!over) {
      result.tryComplete(body);
    }
    return Future.succeededFuture();
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
  public boolean writeQueueFull() {
    return false;
  }

  @Override
  public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
    return this;
  }
}
