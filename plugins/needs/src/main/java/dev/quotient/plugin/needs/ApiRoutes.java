package dev.quotient.plugin.needs;

import dev.quotient.api.Access;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.Role;
import dev.quotient.api.directory.Directory.Person;
import dev.quotient.api.web.PluginRoutes;
import dev.quotient.plugin.needs.Catalog.Question;
import dev.quotient.plugin.needs.Catalog.Term;
import dev.quotient.plugin.needs.Catalog.Topic;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The JSON API under {@code /api/needs}; every operation is described in the platform's openapi.json. */
final class ApiRoutes {

  /** Audit and survey management. */
  static final Access MANAGERS = Access.roles(Role.LEADER, Role.ADMIN);
  /** Who reads a survey (answering is for reps and leaders). */
  static final Access SURVEY_READERS = Access.roles(Role.REP, Role.LEADER, Role.ADMIN);
  static final Access ANSWERERS = Access.roles(Role.REP, Role.LEADER);
  static final Access BRIEF_READERS = Access.roles(Role.TRAINER, Role.LEADER, Role.ADMIN);

  private final PluginContext context;
  private final Catalog catalog;
  private final Audits audits;
  private final Surveys surveys;
  private final Brief brief;

  ApiRoutes(PluginContext context, Catalog catalog, Audits audits, Surveys surveys, Brief brief) {
    this.context = context;
    this.catalog = catalog;
    this.audits = audits;
    this.surveys = surveys;
    this.brief = brief;
  }

  void register(PluginRoutes routes) {
    routes.api(HttpMethod.GET, "/catalogue", Access.signedIn(), ctx -> reply(ctx, 200,
        Future.succeededFuture(catalogue(user(ctx).locale()))));
    routes.api(HttpMethod.GET, "/audits", MANAGERS, ctx -> reply(ctx, 200, audits(user(ctx))));
    routes.api(HttpMethod.POST, "/audits", MANAGERS, ctx -> {
      CurrentUser u = user(ctx);
      reply(ctx, 201, audits.create(u, PluginRoutes.jsonBody(ctx))
          .compose(round -> names(u.orgId()).map(names -> audits.view(round, u.locale(), names))));
    });
    routes.api(HttpMethod.GET, "/audits/:id", MANAGERS, ctx -> {
      CurrentUser u = user(ctx);
      reply(ctx, 200, audits.get(u, ctx.pathParam("id"))
          .compose(round -> names(u.orgId()).map(names -> audits.view(round, u.locale(), names))));
    });
    routes.api(HttpMethod.GET, "/surveys", SURVEY_READERS, ctx -> reply(ctx, 200, surveyList(user(ctx))));
    routes.api(HttpMethod.POST, "/surveys", MANAGERS, ctx -> {
      CurrentUser u = user(ctx);
      reply(ctx, 201, surveys.create(u, PluginRoutes.jsonBody(ctx)).compose(s -> surveys.view(u, s)));
    });
    routes.api(HttpMethod.GET, "/surveys/:id", SURVEY_READERS, ctx -> {
      CurrentUser u = user(ctx);
      reply(ctx, 200, surveys.get(u, ctx.pathParam("id")).compose(s -> surveys.view(u, s)));
    });
    routes.api(HttpMethod.PUT, "/surveys/:id/answer", ANSWERERS, ctx ->
        reply(ctx, 200, surveys.answer(user(ctx), ctx.pathParam("id"), PluginRoutes.jsonBody(ctx))));
    routes.api(HttpMethod.GET, "/ranking", BRIEF_READERS, ctx -> reply(ctx, 200, brief.ranking(user(ctx))));
    routes.api(HttpMethod.GET, "/brief", BRIEF_READERS, ctx -> reply(ctx, 200, brief.brief(user(ctx))));
  }

  /** Every round with its answers, the gap of each question in each round, and the chart. */
  Future<JsonObject> audits(CurrentUser u) {
    return audits.rounds(u.orgId()).compose(rounds -> names(u.orgId()).map(names -> new JsonObject()
        .put("rounds", new JsonArray(rounds.stream().map(r -> audits.view(r, u.locale(), names)).toList()))
        .put("comparison", audits.comparison(rounds, u.locale()))));
  }

  Future<JsonObject> surveyList(CurrentUser u) {
    boolean manages = Surveys.manages(u);
    return surveys.list(u.orgId()).compose(list -> {
      List<Future<JsonObject>> rows = list.stream().map(s -> {
        JsonObject row = new JsonObject().put("id", s.getString("_id")).put("title", s.getString("title"))
            .put("closes", s.getString("closes")).put("createdAt", s.getString("createdAt")).put("open", surveys.open(u, s));
        return manages ? surveys.aggregate(u.orgId(), s.getString("_id")).map(a -> row.put("responses", a.responses()))
            : Future.succeededFuture(row);
      }).toList();
      return Future.all(rows).map(x -> new JsonObject().put("surveys",
          new JsonArray(rows.stream().map(Future::result).toList())));
    });
  }

  JsonObject catalogue(Locale l) {
    JsonArray questions = new JsonArray();
    for (Question q : catalog.questions()) {
      questions.add(new JsonObject().put("id", q.id()).put("number", q.number()).put("short", q.shortText(l))
          .put("text", q.text(l)).put("topics", new JsonArray(q.topics())));
    }
    JsonArray topics = new JsonArray();
    for (Topic t : catalog.topics()) {
      topics.add(new JsonObject().put("id", t.id()).put("name", t.name(l))
          .put("skills", new JsonArray(t.skills().stream().map(s -> s.key()).toList())));
    }
    JsonArray terms = new JsonArray();
    for (Term t : catalog.terms()) {
      terms.add(new JsonObject().put("id", t.id()).put("term", t.term(l)).put("definition", t.definition(l))
          .put("topics", new JsonArray(t.topics())));
    }
    return new JsonObject().put("questions", questions).put("topics", topics).put("glossary", terms);
  }

  Future<Map<String, String>> names(String orgId) {
    return context.directory().people(orgId).map(people -> people.stream()
        .collect(Collectors.toMap(Person::id, Person::name, (a, b) -> a)));
  }

  static CurrentUser user(RoutingContext ctx) {
    return CurrentUser.of(ctx);
  }

  private static void reply(RoutingContext ctx, int status, Future<JsonObject> result) {
    result.onSuccess(json -> ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(json.encode())).onFailure(ctx::fail);
  }
}
