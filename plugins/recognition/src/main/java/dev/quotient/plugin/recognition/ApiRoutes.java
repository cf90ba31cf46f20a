package dev.quotient.plugin.recognition;

import dev.quotient.api.Access;
import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.Role;
import dev.quotient.api.web.PluginRoutes;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;

/** The JSON API under {@code /api/recognition}; every operation is described in the platform's openapi.json. */
final class ApiRoutes {

  static final Access LEADERS = Access.roles(Role.LEADER);

  private final PluginContext context;
  private final PraiseService praise;
  private final AwardService awards;
  private final BadgeCatalogue badges;
  private final Credentials credentials;
  private final Progress progress;

  ApiRoutes(PluginContext context, PraiseService praise, AwardService awards, BadgeCatalogue badges, Credentials credentials,
      Progress progress) {
    this.progress = progress;
    this.context = context;
    this.praise = praise;
    this.awards = awards;
    this.badges = badges;
    this.credentials = credentials;
  }

  void register(PluginRoutes routes) {
    routes.api(HttpMethod.POST, "/praise", Access.signedIn(), ctx -> {
      JsonObject b = PluginRoutes.jsonBody(ctx);
      CurrentUser u = user(ctx);
      praise.give(u, b.getString("id"), b.getString("toUserId"), b.getString("value"), b.getString("message"))
          .compose(given -> context.directory().people(u.orgId()).map(people -> {
            ctx.response().setStatusCode(given.created() ? 201 : 200);
            return PraiseService.view(given.praise(), PraiseService.names(people));
          }))
          .onSuccess(json -> ctx.response().putHeader("Content-Type", "application/json").end(json.encode()))
          .onFailure(ctx::fail);
    });
    routes.api(HttpMethod.GET, "/praise", Access.signedIn(), ctx -> {
      CurrentUser u = user(ctx);
      String scope = ctx.request().getParam("scope", "team");
      boolean org = "organisation".equals(scope);
      reply(ctx, 200, praise.feed(u, org).compose(list -> context.directory().people(u.orgId())
          .compose(people -> progress.celebrations(u, org).map(celebrations -> new JsonObject()
              .put("scope", org ? "organisation" : "team")
              .put("praise", new JsonArray(list.stream().map(p -> PraiseService.view(p, PraiseService.names(people))).toList()))
              .put("celebrations", celebrations)))));
    });
    routes.api(HttpMethod.GET, "/goals", Access.signedIn(), ctx -> {
      CurrentUser u = user(ctx);
      String state = ctx.request().getParam("state");
      reply(ctx, 200, ("proposed".equals(state) ? progress.proposed(u)
          : progress.goalsOf(u, ctx.request().getParam("userId", u.userId())))
          .map(list -> new JsonObject().put("goals", list)));
    });
    routes.api(HttpMethod.POST, "/goals", Access.signedIn(), ctx -> {
      JsonObject b = PluginRoutes.jsonBody(ctx);
      CurrentUser u = user(ctx);
      progress.goals().create(u, b.getString("id"), b.getString("userId"), b.getString("title"), b.getString("metric"),
              b.getValue("target"), b.getString("dueOn"))
          .compose(made -> progress.goal(u, made.goal()).map(view -> {
            ctx.response().setStatusCode(made.created() ? 201 : 200);
            return view;
          }))
          .onSuccess(json -> ctx.response().putHeader("Content-Type", "application/json").end(json.encode()))
          .onFailure(ctx::fail);
    });
    routes.api(HttpMethod.POST, "/goals/:id/agree", LEADERS, ctx -> {
      CurrentUser u = user(ctx);
      reply(ctx, 200, progress.goals().agree(u, ctx.pathParam("id")).compose(g -> progress.goal(u, g)));
    });
    routes.api(HttpMethod.GET, "/people/:id/cadence", Access.signedIn(), ctx ->
        reply(ctx, 200, progress.streak(user(ctx), ctx.pathParam("id"))));
    routes.api(HttpMethod.POST, "/people/:id/cadence", LEADERS, ctx -> {
      JsonObject b = PluginRoutes.jsonBody(ctx);
      reply(ctx, 200, progress.setCadence(user(ctx), ctx.pathParam("id"), b.getString("period"), b.getValue("target")));
    });
    routes.api(HttpMethod.GET, "/badges", Access.signedIn(), ctx -> reply(ctx, 200, Future.succeededFuture(
        new JsonObject().put("badges", new JsonArray(badges.all().stream()
            .map(b -> BadgeCatalogue.view(b, user(ctx).locale())).toList())))));
    routes.api(HttpMethod.GET, "/people/:id", Access.signedIn(), ctx -> {
      CurrentUser u = user(ctx);
      reply(ctx, 200, person(u, ctx.pathParam("id")));
    });
    routes.api(HttpMethod.POST, "/awards", LEADERS, ctx -> {
      JsonObject b = PluginRoutes.jsonBody(ctx);
      CurrentUser u = user(ctx);
      awards.manual(u.orgId(), u.userId(), b.getString("userId"), b.getString("badgeId"), b.getString("note"))
          .onSuccess(a -> ctx.response().setStatusCode(a.created() ? 201 : 200).putHeader("Content-Type", "application/json")
              .end(AwardService.view(a.award(), badges.get(a.award().getString("badgeId")), u.locale()).encode()))
          .onFailure(ctx::fail);
    });
    routes.api(HttpMethod.POST, "/awards/:id/revoke", LEADERS, ctx -> {
      CurrentUser u = user(ctx);
      reply(ctx, 200, awards.revoke(u.orgId(), ctx.pathParam("id"))
          .map(a -> AwardService.view(a, badges.get(a.getString("badgeId")), u.locale())));
    });
    routes.api(HttpMethod.GET, "/awards/:id/credential", Access.signedIn(), ctx -> {
      CurrentUser u = user(ctx);
      reply(ctx, 200, ownAward(u, ctx.pathParam("id")).compose(a -> credentials.export(a, origin(ctx))));
    });
    routes.api(HttpMethod.GET, "/awards/:id/credential/jwt", Access.signedIn(), ctx -> {
      CurrentUser u = user(ctx);
      ownAward(u, ctx.pathParam("id")).compose(a -> credentials.exportJwt(a, origin(ctx)))
          .onSuccess(jwt -> ctx.response().putHeader("Content-Type", "application/vc+jwt").end(jwt))
          .onFailure(ctx::fail);
    });
    routes.api(HttpMethod.GET, "/issuers/:orgId/status", Access.anyone(), ctx ->
        reply(ctx, 200, credentials.statusList(ctx.pathParam("orgId"), origin(ctx))));
    routes.api(HttpMethod.GET, "/credentials/:id/verify", Access.anyone(), ctx ->
        reply(ctx, 200, credentials.verify(ctx.pathParam("id"))));
    routes.api(HttpMethod.GET, "/issuers/:orgId", Access.anyone(), ctx ->
        reply(ctx, 200, credentials.profile(ctx.pathParam("orgId"), origin(ctx))));
    routes.api(HttpMethod.GET, "/issuers/:orgId/jwks", Access.anyone(), ctx ->
        reply(ctx, 200, credentials.jwks(ctx.pathParam("orgId"))));
  }

  /** Badges and praise received by a person: the person themselves and leaders; others get 404. */
  Future<JsonObject> person(CurrentUser u, String personId) {
    if (!u.userId().equals(personId) && !u.has(Role.LEADER)) {
      return Future.failedFuture(ClientError.notFound("recognition.error.person.unknown"));
    }
    return context.directory().people(u.orgId()).compose(people -> {
      var person = people.stream().filter(p -> p.id().equals(personId)).findFirst().orElse(null);
      if (person == null) {
        return Future.failedFuture(ClientError.notFound("recognition.error.person.unknown"));
      }
      var names = PraiseService.names(people);
      return awards.of(u.orgId(), personId).compose(list -> praise.received(u.orgId(), personId)
          .compose(received -> progress.goalsOf(u, personId).compose(goals -> progress.streak(u, personId).map(cadence ->
          new JsonObject().put("id", person.id()).put("name", person.name()).put("rep", person.has(Role.REP))
              .put("badges", new JsonArray(list.stream()
                  .map(a -> AwardService.view(a, badges.get(a.getString("badgeId")), u.locale())).toList()))
              .put("praise", new JsonArray(received.stream().map(p -> PraiseService.view(p, names)).toList()))
              .put("goals", goals).put("cadence", cadence)))));
    });
  }

  /** An award the caller may see: their own, or any of the organisation for leaders (else 404). */
  Future<JsonObject> ownAward(CurrentUser u, String awardId) {
    return awards.get(u.orgId(), awardId).compose(a -> a.getString("userId").equals(u.userId()) || u.has(Role.LEADER)
        ? Future.succeededFuture(a)
        : Future.failedFuture(ClientError.notFound("recognition.error.award.unknown")));
  }

  static String origin(RoutingContext ctx) {
    URI uri = URI.create(ctx.request().absoluteURI());
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }

  static CurrentUser user(RoutingContext ctx) {
    return CurrentUser.of(ctx);
  }


  private static void reply(RoutingContext ctx, int status, Future<JsonObject> result) {
    result.onSuccess(json -> ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(json.encode())).onFailure(ctx::fail);
  }
}
