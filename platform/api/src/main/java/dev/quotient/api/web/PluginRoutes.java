package dev.quotient.api.web;

import dev.quotient.api.Access;
import dev.quotient.api.ClientError;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
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

  /**
   * The request's JSON object body (already validated against the contract on API routes).
   *
   * @throws ClientError 400 when there is no body or it is not a JSON object
   */
  static JsonObject jsonBody(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body() == null ? null : ctx.body().asJsonObject();
      if (body == null) {
        throw ClientError.badRequest("error.status.400");
      }
      return body;
    } catch (DecodeException | ClassCastException e) {
      throw ClientError.badRequest("error.json.malformed");
    }
  }
}
