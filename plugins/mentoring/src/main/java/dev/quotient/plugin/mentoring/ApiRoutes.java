package dev.quotient.plugin.mentoring;

import dev.quotient.api.Access;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.Role;
import dev.quotient.api.web.PluginRoutes;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The JSON API under {@code /api/mentoring}; every operation is described in the platform's openapi.json. */
final class ApiRoutes {

  static final Access LEADERS = Access.roles(Role.LEADER);

  private final PluginContext context;
  private final Profiles profiles;
  private final Matching matching;
  private final Pairs pairs;
  private final Experts experts;

  ApiRoutes(PluginContext context, Profiles profiles, Matching matching, Pairs pairs, Experts experts) {
    this.context = context;
    this.profiles = profiles;
    this.matching = matching;
    this.pairs = pairs;
    this.experts = experts;
  }

  void register(PluginRoutes routes) {
    Access any = Access.signedIn();
    routes.api(HttpMethod.GET, "/profiles/:id", any, ctx -> reply(ctx, 200, profiles.get(user(ctx), ctx.pathParam("id"))));
    routes.api(HttpMethod.PUT, "/profiles/:id", any, ctx ->
        reply(ctx, 200, profiles.put(user(ctx), ctx.pathParam("id"), PluginRoutes.jsonBody(ctx))));
    routes.api(HttpMethod.GET, "/settings", LEADERS, ctx -> reply(ctx, 200, profiles.settings(user(ctx))));
    routes.api(HttpMethod.PUT, "/settings", LEADERS, ctx ->
        reply(ctx, 200, profiles.putSettings(user(ctx), PluginRoutes.jsonBody(ctx))));
    routes.api(HttpMethod.GET, "/bans", LEADERS, ctx -> reply(ctx, 200, profiles.bans(user(ctx))));
    routes.api(HttpMethod.POST, "/bans", LEADERS, ctx -> {
      JsonObject b = PluginRoutes.jsonBody(ctx);
      reply(ctx, 201, profiles.ban(user(ctx), Views.str(b, "mentorId"), Views.str(b, "menteeId")));
    });
    routes.api(HttpMethod.POST, "/rounds", LEADERS, ctx -> reply(ctx, 201, matching.run(user(ctx))));
    routes.api(HttpMethod.GET, "/rounds/:id", LEADERS, ctx -> reply(ctx, 200, matching.get(user(ctx), ctx.pathParam("id"))));
    routes.api(HttpMethod.POST, "/rounds/:id/pairs", LEADERS, ctx ->
        reply(ctx, 200, matching.adjust(user(ctx), ctx.pathParam("id"), PluginRoutes.jsonBody(ctx))));
    routes.api(HttpMethod.POST, "/rounds/:id/confirm", LEADERS, ctx ->
        reply(ctx, 200, matching.confirm(user(ctx), ctx.pathParam("id"))));
    routes.api(HttpMethod.GET, "/suggestions", any, ctx -> reply(ctx, 200, matching.suggestions(user(ctx))));
    routes.api(HttpMethod.POST, "/suggestions/pick", any, ctx ->
        reply(ctx, 201, matching.pick(user(ctx), Views.str(PluginRoutes.jsonBody(ctx), "mentorId")).map(ApiRoutes::pairView)));
    routes.api(HttpMethod.POST, "/rematch", LEADERS, ctx ->
        reply(ctx, 201, matching.rematch(user(ctx), Views.str(PluginRoutes.jsonBody(ctx), "menteeId")).map(ApiRoutes::pairView)));
    routes.api(HttpMethod.GET, "/pairs", any, ctx ->
        reply(ctx, 200, pairs.list(user(ctx), "organisation".equals(ctx.request().getParam("scope")))));
    routes.api(HttpMethod.POST, "/pairs/:id/end", any, ctx ->
        reply(ctx, 200, pairs.end(user(ctx), ctx.pathParam("id"), Views.str(PluginRoutes.jsonBody(ctx), "outcome"))));
    routes.api(HttpMethod.GET, "/pairs/:id/checkins", any, ctx ->
        reply(ctx, 200, pairs.checkIns(user(ctx), ctx.pathParam("id"))));
    routes.api(HttpMethod.POST, "/pairs/:id/checkins", any, ctx ->
        reply(ctx, 201, pairs.checkIn(user(ctx), ctx.pathParam("id"), PluginRoutes.jsonBody(ctx))));
    routes.api(HttpMethod.GET, "/checkins/:id", any, ctx -> reply(ctx, 200, pairs.checkInOne(user(ctx), ctx.pathParam("id"))));
    routes.api(HttpMethod.POST, "/checkins/:id/rating", any, ctx ->
        reply(ctx, 200, pairs.rate(user(ctx), ctx.pathParam("id"), PluginRoutes.jsonBody(ctx).getValue("rating"))));
    routes.api(HttpMethod.GET, "/mentees/:id", any, ctx -> {
      CurrentUser u = user(ctx);
      reply(ctx, 200, pairs.areaPoints(u.orgId()).compose(points -> pairs.mentee(u, ctx.pathParam("id"), points)));
    });
    routes.api(HttpMethod.GET, "/dashboard", any, ctx -> reply(ctx, 200, pairs.dashboard(user(ctx))));
    routes.api(HttpMethod.GET, "/experts", any, ctx -> reply(ctx, 200, experts.directory(user(ctx))));
  }

  static JsonObject pairView(JsonObject p) {
    return new JsonObject().put("id", p.getString("_id")).put("mentorId", p.getString("mentorId"))
        .put("menteeId", p.getString("menteeId")).put("state", p.getString("state")).put("score", p.getInteger("score"))
        .put("startedAt", p.getString("startedAt"));
  }

  static CurrentUser user(RoutingContext ctx) {
    return CurrentUser.of(ctx);
  }

  private static void reply(RoutingContext ctx, int status, Future<JsonObject> result) {
    result.onSuccess(json -> ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(json.encode())).onFailure(ctx::fail);
  }
}
