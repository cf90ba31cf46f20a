package dev.quotient.api.web;

import dev.quotient.api.Access;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Route registration for one plugin. Pages live under {@code /<plugin-id>}, JSON under
 * {@code /api/<plugin-id>}; paths given here are relative to that prefix and start with '/'.
 *
 * <p>Every route states its {@link Access}: the platform authenticates the caller and refuses
 * anyone the rule does not allow before the handler runs. Handlers run on the event loop and must
 * not block. An exception thrown by a handler, other than a {@link dev.quotient.api.ClientError},
 * marks the plugin failed.
 */
public interface PluginRoutes {

  /** A browser page (HTML). Form posts are CSRF-checked by the platform. */
  void page(HttpMethod method, String path, Access access, Handler<RoutingContext> handler);

  /** A JSON endpoint. Bodies are parsed and size-limited by the platform. */
  void api(HttpMethod method, String path, Access access, Handler<RoutingContext> handler);
}
