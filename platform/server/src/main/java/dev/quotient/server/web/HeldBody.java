package dev.quotient.server.web;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of a request to a streaming route ({@link RouteRegistry#addStreaming}), held back while the
 * handlers before the route run. Pausing alone is not enough: the session handler resumes the request
 * once it has loaded the session, and a resumed request with no data handler drops its bytes. So the
 * first buffers that arrive are kept (the request is paused again after each one, so only a few are
 * ever held) and handed to the route's stream before the rest is piped.
 */
public final class HeldBody {

  private static final String KEY = "quotient.heldBody";

  private final HttpServerRequest request;
  private final List<Buffer> held = new ArrayList<>();
  private boolean ended;
  private Throwable failure;

  private HeldBody(HttpServerRequest request) {
    this.request = request;
    request.pause();
    request.handler(buffer -> {
      held.add(buffer);
      request.pause();
    });
    request.endHandler(v -> ended = true);
    request.exceptionHandler(e -> failure = e);
  }

  /**
   * Starts holding the request's body; called before any other handler can resume it. Whoever answers
   * (the route, or an access rule or CSRF check before it), a body still arriving after the answer is
   * not read: an HTTP/1.1 connection is closed, an HTTP/2 stream's rest is read and dropped (flow
   * control bounds it), so the client learns of the answer instead of waiting for a server that
   * stopped reading.
   */
  static void hold(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    ctx.put(KEY, new HeldBody(request));
    // An answer given while the body still arrives says the connection closes, so the client does not
    // send its next request on a connection the server is about to close.
    ctx.addHeadersEndHandler(v -> {
      if (!request.isEnded() && request.version() != HttpVersion.HTTP_2) {
        ctx.response().putHeader(io.vertx.core.http.HttpHeaders.CONNECTION, io.vertx.core.http.HttpHeaders.CLOSE);
      }
    });
    ctx.addEndHandler(done -> {
      if (request.isEnded()) {
        return;
      }
      if (request.version() == HttpVersion.HTTP_2) {
        request.handler(ignored -> { }).resume();
      } else {
        request.connection().close();
      }
    });
  }

  /** The held body of this request (declared streaming), never null on a streaming route. */
  public static HeldBody of(RoutingContext ctx) {
    HeldBody body = ctx.get(KEY);
    if (body == null) {
      throw new IllegalStateException(ctx.request().path() + " was not declared as a streaming route");
    }
    return body;
  }

  /**
   * Answers a refused streaming request with {@code e} (through the failure handler); an HTTP/1.1
   * body still arriving is not read, so the answer says the connection closes after it.
   */
  public static void refuse(RoutingContext ctx, Throwable e) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    if (!ctx.request().isEnded() && ctx.request().version() != HttpVersion.HTTP_2) {
      ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    }
    ctx.fail(e);
  }

  /**
   * Writes the held buffers, then pipes the rest of the body into {@code destination} with
   * back-pressure, and ends it. The future fails if the client fails or goes away, or a write fails;
   * the destination is then not ended (whatever it stored must be discarded by its owner).
   */
  public Future<Void> pipeTo(WriteStream<Buffer> destination) {
    if (failure != null) {
      return Future.failedFuture(failure);
    }
    for (Buffer buffer : held) {
      destination.write(buffer);
    }
    held.clear();
    if (ended) {
      return destination.end();
    }
    return request.pipe().endOnFailure(false).to(destination);
  }
}
