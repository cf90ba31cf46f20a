package dev.quotient.server.web;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Small helpers shared by the platform's route handlers. */
public final class Web {

  private Web() {}

  /** Runs the work; its success goes to {@code ok}, any failure (thrown or failed) to the failure handler. */
  public static <T> void respond(RoutingContext ctx, Supplier<Future<T>> work, Consumer<T> ok) {
    Future<T> future;
    try {
      future = work.get();
    } catch (RuntimeException e) {
      ctx.fail(e);
      return;
    }
    future.onSuccess(result -> {
      try {
        ok.accept(result);
      } catch (RuntimeException e) {
        ctx.fail(e);
      }
    }).onFailure(ctx::fail);
  }

  public static void json(RoutingContext ctx, int status, Object body) {
    String encoded = body instanceof JsonObject j ? j.encode() : io.vertx.core.json.Json.encode(body);
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(encoded);
  }

  /** Post/redirect/get: 303 to a page of this site. */
  public static void seeOther(RoutingContext ctx, String path) {
    ctx.response().setStatusCode(303).putHeader("Location", path).end();
  }

  /** The JSON body (validated against the OpenAPI document before the handler runs). */
  public static JsonObject body(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    return body == null ? new JsonObject() : body;
  }

  /** Identifies the client for throttling and the audit trail. */
  /** A path of this server as the address the request came to (for links shown to copy). */
  public static String absolute(RoutingContext ctx, String path) {
    try {
      return java.net.URI.create(ctx.request().absoluteURI()).resolve(path).toString();
    } catch (RuntimeException e) {
      return path;
    }
  }

  public static String client(RoutingContext ctx) {
    return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
  }

  public static String form(RoutingContext ctx, String name) {
    String v = ctx.request().getFormAttribute(name);
    return v == null ? "" : v;
  }
}
