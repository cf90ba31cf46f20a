package dev.quotient.plugin.development.profile;

import dev.quotient.api.CurrentUser;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.LocalDate;

/** Small answers shared by the profile, plan and PIP routes. */
public final class Web {

  private Web() {}

  public static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }

  /** Answers the future's JSON with the status, or fails the request (problems are answered in one place). */
  public static void json(RoutingContext ctx, int status, Future<JsonObject> body) {
    body.onSuccess(b -> json(ctx, status, b)).onFailure(ctx::fail);
  }

  /** 303 to {@code location}: a form post that worked. */
  public static void seeOther(RoutingContext ctx, String location) {
    ctx.response().setStatusCode(303).putHeader("Location", location).end();
  }

  /** Today in the caller's organisation zone. */
  public static LocalDate today(Clock clock, CurrentUser u) {
    return LocalDate.ofInstant(clock.instant(), u.zone());
  }

  /** The JSON object body, or an empty object when the request has none. */
  public static JsonObject optionalBody(RoutingContext ctx) {
    var body = ctx.body();
    if (body == null || body.buffer() == null || body.buffer().length() == 0) {
      return new JsonObject();
    }
    return dev.quotient.api.web.PluginRoutes.jsonBody(ctx);
  }

  /** A form field, or null when blank. */
  public static String field(RoutingContext ctx, String name) {
    String v = ctx.request().formAttributes().get(name);
    return v == null || v.isBlank() ? null : v.strip();
  }
}
