package dev.quotient.plugin.hiring;

import dev.quotient.api.Access;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.Role;
import dev.quotient.api.web.PluginRoutes;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The JSON API under {@code /api/hiring}; every operation is described in the platform's openapi.json. */
final class ApiRoutes {

  /** Roles, candidates, comparison and hire. */
  static final Access MANAGERS = Access.roles(Role.LEADER, Role.ADMIN);
  /** Everyone who may interview: reps without another of these roles get a 403. */
  static final Access STAFF = Access.roles(Role.LEADER, Role.ADMIN, Role.MENTOR);

  private final Service s;

  ApiRoutes(Service service) {
    this.s = service;
  }

  void register(PluginRoutes routes) {
    routes.api(HttpMethod.GET, "/roles", MANAGERS, ctx -> reply(ctx, 200, s.roles().list(user(ctx))
        .map(list -> new JsonObject().put("roles", new JsonArray(list.stream().map(s.roles()::view).toList())))));
    routes.api(HttpMethod.POST, "/roles", MANAGERS, ctx ->
        reply(ctx, 201, s.roles().create(user(ctx), PluginRoutes.jsonBody(ctx)).map(s.roles()::view)));
    routes.api(HttpMethod.GET, "/roles/:id", MANAGERS, ctx ->
        reply(ctx, 200, s.roles().get(user(ctx), ctx.pathParam("id")).map(s.roles()::view)));
    routes.api(HttpMethod.PUT, "/roles/:id", MANAGERS, ctx ->
        reply(ctx, 200, s.roles().update(user(ctx), ctx.pathParam("id"), PluginRoutes.jsonBody(ctx)).map(s.roles()::view)));
    routes.api(HttpMethod.GET, "/roles/:id/comparison", MANAGERS, ctx ->
        reply(ctx, 200, s.comparison().of(user(ctx), ctx.pathParam("id"))));
    routes.api(HttpMethod.POST, "/roles/:id/candidates", MANAGERS, ctx -> reply(ctx, 201,
        s.candidates().create(user(ctx), ctx.pathParam("id"), PluginRoutes.jsonBody(ctx)).map(Candidates::view)));
    routes.api(HttpMethod.GET, "/candidates", STAFF, ctx -> reply(ctx, 200, s.candidates()
        .list(user(ctx), ctx.request().getParam("roleId"))
        .map(list -> new JsonObject().put("candidates", new JsonArray(list.stream().map(Candidates::view).toList())))));
    routes.api(HttpMethod.GET, "/candidates/:id", STAFF, ctx -> reply(ctx, 200, s.candidate(user(ctx), ctx.pathParam("id"))));
    routes.api(HttpMethod.PUT, "/candidates/:id/stage", MANAGERS, ctx -> reply(ctx, 200,
        s.candidates().setStage(user(ctx), ctx.pathParam("id"), PluginRoutes.jsonBody(ctx)).map(Candidates::view)));
    routes.api(HttpMethod.PUT, "/candidates/:id/interviewers", MANAGERS, ctx -> reply(ctx, 200,
        s.candidates().assign(user(ctx), ctx.pathParam("id"), PluginRoutes.jsonBody(ctx)).map(Candidates::view)));
    routes.api(HttpMethod.PUT, "/candidates/:id/scorecard", STAFF, ctx -> reply(ctx, 200,
        s.scorecards().submit(user(ctx), ctx.pathParam("id"), PluginRoutes.jsonBody(ctx)).map(Service::cardView)));
    routes.api(HttpMethod.GET, "/candidates/:id/history", MANAGERS, ctx -> reply(ctx, 200, s.history(user(ctx), ctx.pathParam("id"))));
    routes.api(HttpMethod.POST, "/candidates/:id/hire", MANAGERS, ctx -> reply(ctx, 200,
        s.hires().hire(user(ctx), ctx.pathParam("id"), PluginRoutes.jsonBody(ctx)).map(Candidates::view)));
  }

  static CurrentUser user(RoutingContext ctx) {
    return CurrentUser.of(ctx);
  }

  private static void reply(RoutingContext ctx, int status, Future<JsonObject> result) {
    result.onSuccess(json -> ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(json.encode())).onFailure(e -> fail(ctx, e));
  }

  /** A platform that did not answer user.create is a 503 (try again), never a 500. */
  static void fail(RoutingContext ctx, Throwable e) {
    if (e instanceof Hires.AccountsUnavailable) {
      ctx.fail(503, e);
    } else {
      ctx.fail(e);
    }
  }
}
