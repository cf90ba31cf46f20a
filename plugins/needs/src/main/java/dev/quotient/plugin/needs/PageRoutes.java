package dev.quotient.plugin.needs;

import dev.quotient.api.Access;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.Role;
import dev.quotient.api.directory.Directory.Person;
import dev.quotient.api.web.PluginRoutes;
import dev.quotient.plugin.needs.Catalog.Question;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Server-rendered pages under {@code /needs}; forms post back here and redirect (303) on success. */
final class PageRoutes {

  private final PluginContext context;
  private final Catalog catalog;
  private final Audits audits;
  private final Surveys surveys;
  private final Brief brief;
  private final ApiRoutes api;
  private final Buffer css;
  private final Buffer printCss;

  PageRoutes(PluginContext context, Catalog catalog, Audits audits, Surveys surveys, Brief brief, ApiRoutes api) {
    this.context = context;
    this.catalog = catalog;
    this.audits = audits;
    this.surveys = surveys;
    this.brief = brief;
    this.api = api;
    this.css = resource("needs/needs.css");
    this.printCss = resource("needs/print.css");
  }

  void register(PluginRoutes routes) {
    routes.page(HttpMethod.GET, "/", Access.signedIn(), this::home);
    routes.page(HttpMethod.GET, "/audit", ApiRoutes.MANAGERS, this::audit);
    routes.page(HttpMethod.POST, "/audit", ApiRoutes.MANAGERS, ctx ->
        audits.create(user(ctx), auditBody(ctx.request().formAttributes()))
            .onSuccess(r -> seeOther(ctx, "/needs/audit?saved=1")).onFailure(ctx::fail));
    routes.page(HttpMethod.GET, "/audit/chart.svg", ApiRoutes.MANAGERS, ctx -> {
      CurrentUser u = user(ctx);
      audits.rounds(u.orgId()).onSuccess(rounds -> ctx.response()
          .putHeader(HttpHeaders.CONTENT_TYPE, "image/svg+xml; charset=utf-8")
          .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(audits.chart(rounds, u.locale()))).onFailure(ctx::fail);
    });
    routes.page(HttpMethod.GET, "/surveys", ApiRoutes.MANAGERS, this::surveyList);
    routes.page(HttpMethod.POST, "/surveys", ApiRoutes.MANAGERS, ctx -> {
      MultiMap form = ctx.request().formAttributes();
      surveys.create(user(ctx), new JsonObject().put("title", form.get("title")).put("closes", form.get("closes")))
          .onSuccess(s -> seeOther(ctx, "/needs/surveys/" + s.getString("_id") + "?created=1")).onFailure(ctx::fail);
    });
    routes.page(HttpMethod.GET, "/surveys/:id", ApiRoutes.SURVEY_READERS, this::survey);
    routes.page(HttpMethod.POST, "/surveys/:id", ApiRoutes.ANSWERERS, ctx -> {
      MultiMap form = ctx.request().formAttributes();
      JsonObject ratings = new JsonObject();
      form.forEach(e -> {
        if (e.getKey().startsWith("r-") && !e.getValue().isBlank()) {
          ratings.put(e.getKey().substring(2), e.getValue());
        }
      });
      String id = ctx.pathParam("id");
      surveys.answer(user(ctx), id, new JsonObject().put("ratings", ratings))
          .onSuccess(r -> seeOther(ctx, "/needs/surveys/" + id + "?answered=1")).onFailure(ctx::fail);
    });
    routes.page(HttpMethod.GET, "/brief", ApiRoutes.BRIEF_READERS, ctx -> brief.brief(user(ctx))
        .onSuccess(b -> {
          Map<String, Object> m = new HashMap<>(b.getMap());
          JsonObject w = b.getJsonObject("weights");
          double sum = w.getDouble("survey") + w.getDouble("audit") + w.getDouble("skills");
          m.put("weightSurvey", Math.round(100 * w.getDouble("survey") / sum));
          m.put("weightAudit", Math.round(100 * w.getDouble("audit") / sum));
          m.put("weightSkills", Math.round(100 * w.getDouble("skills") / sum));
          m.put("top", Brief.TOP);
          context.pages().render(ctx, "brief", "needs.brief.title", m);
        }).onFailure(ctx::fail));
    routes.page(HttpMethod.GET, "/needs.css", Access.signedIn(), ctx -> css(ctx, css));
    routes.page(HttpMethod.GET, "/print.css", Access.signedIn(), ctx -> css(ctx, printCss));
  }

  private void home(RoutingContext ctx) {
    CurrentUser u = user(ctx);
    boolean manages = Surveys.manages(u);
    boolean readsSurveys = manages || u.has(Role.REP);
    Map<String, Object> m = new HashMap<>();
    m.put("manages", manages);
    m.put("briefs", manages || u.has(Role.TRAINER));
    m.put("readsSurveys", readsSurveys);
    if (!readsSurveys) {
      context.pages().render(ctx, "home", "needs.title", m);
      return;
    }
    api.surveyList(u).onSuccess(list -> {
      List<Object> open = new ArrayList<>();
      for (Object o : list.getJsonArray("surveys")) {
        if (((JsonObject) o).getBoolean("open")) {
          open.add(o);
        }
      }
      m.put("open", open);
      context.pages().render(ctx, "home", "needs.title", m);
    }).onFailure(ctx::fail);
  }

  private void audit(RoutingContext ctx) {
    CurrentUser u = user(ctx);
    api.audits(u).compose(view -> audits.rounds(u.orgId()).compose(rounds -> context.directory().people(u.orgId())
        .map(people -> {
          Map<String, Object> m = new HashMap<>();
          JsonArray rounds2 = view.getJsonArray("rounds");
          List<Object> roundsNewestFirst = new ArrayList<>(rounds2.getList());
          java.util.Collections.reverse(roundsNewestFirst);
          m.put("rounds", roundsNewestFirst);
          m.put("hasRounds", !rounds2.isEmpty());
          m.put("dates", rounds2.stream().map(r -> ((JsonObject) r).getString("date")).toList());
          List<Object> comparison = new ArrayList<>();
          for (Object o : view.getJsonArray("comparison")) {
            JsonObject c = (JsonObject) o;
            Map<String, Object> row = new HashMap<>(c.getMap());
            row.put("cells", c.getJsonArray("gaps").stream().map(g -> {
              Integer gap = ((JsonObject) g).getInteger("gap");
              return gap == null ? "–" : gap.toString();
            }).toList());
            Integer change = c.getInteger("change");
            row.put("changeText", change == null ? "–" : change > 0 ? "+" + change : change.toString());
            comparison.add(row);
          }
          m.put("comparison", comparison);
          m.put("chart", audits.chart(rounds, u.locale()));
          List<Object> questions = new ArrayList<>();
          for (Question q : catalog.questions()) {
            questions.add(Map.of("id", q.id(), "number", q.number(), "short", q.shortText(u.locale()),
                "text", q.text(u.locale()), "topics", q.topics().stream()
                    .map(t -> catalog.topic(t).name(u.locale())).toList()));
          }
          m.put("questions", questions);
          m.put("scores", List.of(1, 2, 3, 4, 5));
          List<Object> owners = new ArrayList<>();
          for (Person p : people) {
            owners.add(Map.of("id", p.id(), "name", p.name(), "selected", p.id().equals(u.userId())));
          }
          m.put("owners", owners);
          m.put("today", surveys.today(u).toString());
          m.put("saved", ctx.request().getParam("saved") != null);
          return m;
        })))
        .onSuccess(m -> context.pages().render(ctx, "audit", "needs.audit.title", m)).onFailure(ctx::fail);
  }

  /** The audit form as the API's body: a question counts when either score was chosen. */
  JsonObject auditBody(MultiMap form) {
    JsonArray answers = new JsonArray();
    for (Question q : catalog.questions()) {
      String p = "q-" + q.id() + "-";
      String current = form.get(p + "current");
      String target = form.get(p + "target");
      if ((current == null || current.isBlank()) && (target == null || target.isBlank())) {
        continue;
      }
      answers.add(new JsonObject().put("question", q.id()).put("current", current).put("target", target)
          .put("currentText", form.get(p + "currentText")).put("targetText", form.get(p + "targetText"))
          .put("notes", form.get(p + "notes")).put("owner", form.get(p + "owner")));
    }
    return new JsonObject().put("date", form.get("date")).put("answers", answers);
  }

  private void surveyList(RoutingContext ctx) {
    CurrentUser u = user(ctx);
    api.surveyList(u).onSuccess(list -> {
      Map<String, Object> m = new HashMap<>();
      m.put("surveys", list.getJsonArray("surveys"));
      m.put("today", surveys.today(u).toString());
      m.put("closesDefault", surveys.today(u).plusDays(14).toString());
      context.pages().render(ctx, "surveys", "needs.surveys.title", m);
    }).onFailure(ctx::fail);
  }

  private void survey(RoutingContext ctx) {
    CurrentUser u = user(ctx);
    surveys.get(u, ctx.pathParam("id")).compose(s -> surveys.view(u, s)).onSuccess(v -> {
      Map<String, Object> m = new HashMap<>(v.getMap());
      boolean answers = u.has(Role.REP) || u.has(Role.LEADER);
      m.put("mayAnswer", answers && v.getBoolean("open"));
      m.put("manages", Surveys.manages(u));
      List<Object> topics = new ArrayList<>();
      for (Object o : v.getJsonArray("topics")) {
        JsonObject t = (JsonObject) o;
        Map<String, Object> row = new HashMap<>(t.getMap());
        Integer mine = t.getInteger("mine");
        List<Object> options = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
          options.add(Map.of("value", i, "checked", mine != null && mine == i));
        }
        row.put("options", options);
        row.put("skillNames", t.getJsonArray("skills").stream()
            .map(k -> context.pages().text(u.locale(), "needs.skill." + k)).toList());
        topics.add(row);
      }
      m.put("topics", topics);
      m.put("created", ctx.request().getParam("created") != null);
      m.put("answeredNow", ctx.request().getParam("answered") != null);
      context.pages().render(ctx, "survey", "needs.survey.title", m);
    }).onFailure(ctx::fail);
  }

  private static void css(RoutingContext ctx, Buffer body) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/css; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "private, max-age=300").end(body);
  }

  private static Buffer resource(String name) {
    try (InputStream in = PageRoutes.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing " + name);
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void seeOther(RoutingContext ctx, String location) {
    ctx.response().setStatusCode(303).putHeader(HttpHeaders.LOCATION, location).end();
  }

  private static CurrentUser user(RoutingContext ctx) {
    return CurrentUser.of(ctx);
  }
}
