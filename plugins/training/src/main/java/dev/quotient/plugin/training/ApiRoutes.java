package dev.quotient.plugin.training;

import dev.quotient.api.Access;
import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.Role;
import dev.quotient.api.web.PluginRoutes;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/** The JSON API under {@code /api/training}; every operation is described in the platform's openapi.json. */
final class ApiRoutes {

  static final Access EDITORS = Access.roles(Role.TRAINER, Role.LEADER);
  static final Access ASSIGNERS = Access.roles(Role.LEADER, Role.TRAINER);

  private final TrainingService training;
  private final Overviews overviews;
  private final ModuleViews views;

  ApiRoutes(TrainingService training, Overviews overviews, ModuleViews views) {
    this.training = training;
    this.overviews = overviews;
    this.views = views;
  }

  void register(PluginRoutes routes) {
    routes.api(HttpMethod.GET, "/modules", Access.signedIn(), ctx -> reply(ctx, 200,
        training.modules(user(ctx)).map(list -> new JsonObject().put("modules",
            new JsonArray(list.stream().map(m -> views.summary(m, user(ctx).locale())).toList())))));
    routes.api(HttpMethod.GET, "/modules/:id", Access.signedIn(), ctx -> reply(ctx, 200,
        training.module(user(ctx), ctx.pathParam("id")).map(m -> views.full(m, user(ctx).locale()))));
    routes.api(HttpMethod.POST, "/modules", EDITORS, ctx -> reply(ctx, 201,
        training.createModule(user(ctx), PluginRoutes.jsonBody(ctx)).map(m -> views.source(m))));
    routes.api(HttpMethod.PUT, "/modules/:id", EDITORS, ctx -> reply(ctx, 200,
        training.updateModule(user(ctx), ctx.pathParam("id"), PluginRoutes.jsonBody(ctx)).map(m -> views.source(m))));
    routes.api(HttpMethod.POST, "/modules/:id/lessons/:lessonId/read", Access.signedIn(), ctx -> reply(ctx, 204,
        training.module(user(ctx), ctx.pathParam("id"))
            .compose(m -> training.markRead(user(ctx), m, ctx.pathParam("lessonId"))).map(v -> (JsonObject) null)));
    routes.api(HttpMethod.POST, "/modules/:id/attempts", Access.signedIn(), ctx -> reply(ctx, 201,
        training.module(user(ctx), ctx.pathParam("id")).compose(m -> training.startAttempt(user(ctx), m)
            .compose(a -> training.quota(user(ctx), m).map(q -> views.attempt(a, m, user(ctx).locale(), q))))));
    routes.api(HttpMethod.GET, "/attempts/:id", Access.signedIn(), ctx -> reply(ctx, 200,
        training.attempt(user(ctx), ctx.pathParam("id")).compose(a -> training.module(user(ctx), a.getString("moduleId"))
            .compose(m -> training.quota(user(ctx), m).map(q -> views.attempt(a, m, user(ctx).locale(), q))))));
    routes.api(HttpMethod.POST, "/attempts/:id/submit", Access.signedIn(), ctx -> reply(ctx, 200,
        training.submitted(user(ctx), ctx.pathParam("id"), answers(ctx))
            .compose(s -> training.quota(user(ctx), s.module())
                .map(q -> views.attempt(s.attempt(), s.module(), user(ctx).locale(), q)))));
    routes.api(HttpMethod.POST, "/modules/:id/grants", ASSIGNERS, ctx -> {
      JsonObject b = PluginRoutes.jsonBody(ctx);
      reply(ctx, 201, training.module(user(ctx), ctx.pathParam("id")).compose(m -> training.grant(user(ctx), m,
          b.getValue("userId") instanceof String s ? s : null, b.getValue("attempts"), b.getValue("reason"))));
    });
    routes.api(HttpMethod.GET, "/me", Access.signedIn(), ctx -> reply(ctx, 200, overviews.myTraining(user(ctx))));
    routes.api(HttpMethod.GET, "/reinforcement", Access.signedIn(), ctx -> reply(ctx, 200,
        overviews.myTraining(user(ctx)).map(me -> new JsonObject().put("reinforcement", me.getJsonArray("reinforcement"))
            .put("now", Instant.ofEpochMilli(training.now()).toString()))));
    routes.api(HttpMethod.GET, "/reinforcement/:id", Access.signedIn(), ctx -> reply(ctx, 200,
        training.reinforcement(user(ctx), ctx.pathParam("id")).compose(r -> training.module(user(ctx), r.getString("moduleId"))
            .map(m -> views.reinforcement(r, m, user(ctx).locale())))));
    routes.api(HttpMethod.POST, "/reinforcement/:id/submit", Access.signedIn(), ctx -> reply(ctx, 200,
        training.submitReinforcement(user(ctx), ctx.pathParam("id"), answers(ctx))
            .compose(r -> training.module(user(ctx), r.getString("moduleId"))
                .map(m -> views.reinforcement(r, m, user(ctx).locale())))));
    routes.api(HttpMethod.POST, "/assignments", ASSIGNERS, ctx -> {
      JsonObject b = PluginRoutes.jsonBody(ctx);
      reply(ctx, 201, training.assign(user(ctx), b.getString("moduleId"), b.getString("userId"), b.getString("teamId"),
          b.getString("due")).map(list -> new JsonObject().put("assignments", new JsonArray(list.stream()
              .map(a -> new JsonObject().put("userId", a.getString("userId")).put("moduleId", a.getString("moduleId"))
                  .put("due", a.getString("due")).put("dueAt", Instant.ofEpochMilli(a.getLong("dueAt")).toString()))
              .toList()))));
    });
    routes.api(HttpMethod.GET, "/assignments", ASSIGNERS, ctx -> reply(ctx, 200, overviews.team(user(ctx))));
    routes.api(HttpMethod.GET, "/mentees", Access.roles(Role.MENTOR), ctx -> reply(ctx, 200, overviews.mentees(user(ctx))));
  }

  static CurrentUser user(RoutingContext ctx) {
    return CurrentUser.of(ctx);
  }


  private static JsonArray answers(RoutingContext ctx) {
    Object answers = PluginRoutes.jsonBody(ctx).getValue("answers");
    if (!(answers instanceof JsonArray a)) {
      throw ClientError.badRequest("training.error.answer.shape");
    }
    return a;
  }

  private static void reply(RoutingContext ctx, int status, Future<JsonObject> result) {
    result.onSuccess(json -> {
      if (status == 204 || json == null) {
        ctx.response().setStatusCode(204).end();
      } else {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(json.encode());
      }
    }).onFailure(ctx::fail);
  }
}
