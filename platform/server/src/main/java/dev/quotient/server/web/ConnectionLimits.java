package dev.quotient.server.web;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * What one client may hold of the server (slowloris and friends): a connection must send its first
 * request's head within {@code headerSeconds}, a buffered request body must arrive within
 * {@code bodySeconds}, and at most {@code maxConnections} are open at once (more are closed as they
 * come). Idle connections are closed by the server's own idle timeout. Streamed uploads are not
 * timed here: they are limited by size and pace themselves through the store.
 */
public final class ConnectionLimits {

  /**
   * @param idleSeconds a connection that neither sends nor receives this long is closed
   * @param headerSeconds a new connection's first request head must arrive within this
   * @param bodySeconds a buffered request body must arrive within this
   * @param maxConnections open connections at once
   */
  public record Settings(int idleSeconds, int headerSeconds, int bodySeconds, int maxConnections) {
    public static final Settings DEFAULT = new Settings(60, 10, 30, 10_000);

    public Settings {
      if (idleSeconds < 1 || headerSeconds < 1 || bodySeconds < 1 || maxConnections < 1) {
        throw new IllegalArgumentException("HTTP timeouts and the connection limit are at least 1: idle "
            + idleSeconds + ", header " + headerSeconds + ", body " + bodySeconds + ", connections " + maxConnections);
      }
    }
  }

  private final Vertx vertx;
  private final Settings settings;
  private final Predicate<HttpServerRequest> streams;
  private final AtomicInteger open = new AtomicInteger();
  /** Connections still waiting for their first request head, with the timer that closes them. */
  private final Map<HttpConnection, Long> waiting = new ConcurrentHashMap<>();

  public ConnectionLimits(Vertx vertx, Settings settings, Predicate<HttpServerRequest> streams) {
    this.vertx = vertx;
    this.settings = settings;
    this.streams = streams;
  }

  public Settings settings() {
    return settings;
  }

  /** The server's connection handler. */
  public void connected(HttpConnection connection) {
    if (open.incrementAndGet() > settings.maxConnections()) {
      open.decrementAndGet();
      connection.close();
      return;
    }
    long timer = vertx.setTimer(settings.headerSeconds() * 1000L, t -> {
      if (waiting.remove(connection) != null) {
        connection.close();
      }
    });
    waiting.put(connection, timer);
    connection.closeHandler(v -> {
      open.decrementAndGet();
      Long pending = waiting.remove(connection);
      if (pending != null) {
        vertx.cancelTimer(pending);
      }
    });
  }

  /** Called with each request before it is routed. */
  public void requested(HttpServerRequest request) {
    Long pending = waiting.remove(request.connection());
    if (pending != null) {
      vertx.cancelTimer(pending);
    }
    if (request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD || request.isEnded()
        || streams.test(request)) {
      return;
    }
    vertx.setTimer(settings.bodySeconds() * 1000L, t -> {
      if (!request.isEnded()) {
        request.connection().close();
      }
    });
  }
}
