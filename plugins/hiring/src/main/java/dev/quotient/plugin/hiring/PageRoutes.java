package dev.quotient.plugin.hiring;

import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.web.PluginRoutes;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Server-rendered pages under {@code /hiring}; forms post back here and redirect (303) on success, and
 * a refusal is the platform's readable error page naming the field. No page needs JavaScript.
 */
final class PageRoutes {

  private final PluginContext context;
  private final Service s;
  private final String css;

  PageRoutes(Service service) {
    this.context = service.context();
    this.s = service;
    this.css = resource("hiring/hiring.css");
  }

  /** A file inside the plugin jar, read through the plugin's own class loader. */
  private static String resource(String path) {
    try (java.io.InputStream in = PageRoutes.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  void register(PluginRoutes routes) {
    routes.page(HttpMethod.GET, "/", ApiRoutes.STAFF, this::home);
    routes.page(HttpMethod.GET, "/hiring.css", ApiRoutes.STAFF, ctx -> ctx.response()
        .putHeader("Content-Type", "text/css; charset=utf-8").putHeader("Cache-Control", "private, max-age=300").end(css));
    routes.page(HttpMethod.POST, "/roles", ApiRoutes.MANAGERS, ctx -> s.roles().create(user(ctx), roleForm(ctx.request().formAttributes()))
        .onSuccess(r -> seeOther(ctx, "/hiring/roles/" + r.getString("_id") + "?saved=1")).onFailure(e -> ApiRoutes.fail(ctx, e)));
    routes.page(HttpMethod.GET, "/roles/:id", ApiRoutes.MANAGERS, this::role);
    routes.page(HttpMethod.POST, "/roles/:id", ApiRoutes.MANAGERS, ctx ->
        s.roles().update(user(ctx), ctx.pathParam("id"), roleForm(ctx.request().formAttributes()))
            .onSuccess(r -> seeOther(ctx, "/hiring/roles/" + ctx.pathParam("id") + "?saved=1")).onFailure(e -> ApiRoutes.fail(ctx, e)));
    routes.page(HttpMethod.POST, "/roles/:id/candidates", ApiRoutes.MANAGERS, ctx -> {
      MultiMap f = ctx.request().formAttributes();
      s.candidates().create(user(ctx), ctx.pathParam("id"), new JsonObject().put("name", f.get("name"))
          .put("email", f.get("email")).put("source", f.get("source")))
          .onSuccess(c -> seeOther(ctx, "/hiring/candidates/" + c.getString("_id") + "?added=1")).onFailure(e -> ApiRoutes.fail(ctx, e));
    });
    routes.page(HttpMethod.GET, "/roles/:id/comparison", ApiRoutes.MANAGERS, this::comparison);
    routes.page(HttpMethod.GET, "/candidates/:id", ApiRoutes.STAFF, this::candidate);
    routes.page(HttpMethod.POST, "/candidates/:id/stage", ApiRoutes.MANAGERS, ctx ->
        s.candidates().setStage(user(ctx), ctx.pathParam("id"), new JsonObject().put("stage", ctx.request().getFormAttribute("stage")))
            .onSuccess(c -> seeOther(ctx, "/hiring/candidates/" + ctx.pathParam("id") + "?saved=1")).onFailure(e -> ApiRoutes.fail(ctx, e)));
    routes.page(HttpMethod.POST, "/candidates/:id/interviewers", ApiRoutes.MANAGERS, ctx ->
        s.candidates().assign(user(ctx), ctx.pathParam("id"), new JsonObject()
                .put("interviewerIds", new JsonArray(new ArrayList<>(ctx.request().formAttributes().getAll("interviewerIds")))))
            .onSuccess(c -> seeOther(ctx, "/hiring/candidates/" + ctx.pathParam("id") + "?saved=1")).onFailure(e -> ApiRoutes.fail(ctx, e)));
    routes.page(HttpMethod.POST, "/candidates/:id/scorecard", ApiRoutes.STAFF, ctx -> {
      MultiMap f = ctx.request().formAttributes();
      JsonObject body = new JsonObject();
      for (Area a : Area.ALL) {
        body.put(a.key(), new JsonObject().put("score", f.get(a.key() + ".score")).put("evidence", f.get(a.key() + ".evidence")));
      }
      s.scorecards().submit(user(ctx), ctx.pathParam("id"), body)
          .onSuccess(c -> seeOther(ctx, "/hiring/candidates/" + ctx.pathParam("id") + "?scored=1")).onFailure(e -> ApiRoutes.fail(ctx, e));
    });
    routes.page(HttpMethod.POST, "/candidates/:id/hire", ApiRoutes.MANAGERS, ctx ->
        s.hires().hire(user(ctx), ctx.pathParam("id"), new JsonObject().put("teamId", ctx.request().getFormAttribute("teamId")))
            .onSuccess(c -> seeOther(ctx, "/hiring/candidates/" + ctx.pathParam("id") + "?hired=1")).onFailure(e -> ApiRoutes.fail(ctx, e)));
  }

  private void home(RoutingContext ctx) {
    CurrentUser u = user(ctx);
    boolean manager = Candidates.manager(u);
    Future<List<JsonObject>> roles = manager ? s.roles().list(u) : Future.succeededFuture(List.of());
    roles.compose(rs -> s.candidates().list(u, null).compose(all -> s.scorecards().ofInterviewer(u).map(mine -> {
      Map<String, String> roleNames = new HashMap<>();
      rs.forEach(r -> roleNames.put(r.getString("_id"), r.getString("name")));
      List<Object> assigned = new ArrayList<>();
      for (JsonObject c : all) {
        if (Candidates.interviewer(c, u.userId())) {
          assigned.add(Map.of("id", c.getString("_id"), "name", c.getString("name"), "stage", c.getString("stage"),
              "submitted", mine.contains(c.getString("_id"))));
        }
      }
      Map<String, Object> m = new HashMap<>();
      m.put("manager", manager);
      m.put("roles", rs.stream().map(r -> (Object) Map.of("id", r.getString("_id"), "name", r.getString("name"),
          "candidates", all.stream().filter(c -> r.getString("_id").equals(c.getString("roleId"))).count())).toList());
      m.put("assigned", assigned);
      m.put("areas", areaRows(null));
      return m;
    }))).onSuccess(m -> context.pages().render(ctx, "home", "hiring.title", m)).onFailure(ctx::fail);
  }

  private void role(RoutingContext ctx) {
    CurrentUser u = user(ctx);
    s.roles().get(u, ctx.pathParam("id")).compose(r -> s.candidates().list(u, r.getString("_id")).map(list -> {
      Map<String, Object> m = new HashMap<>(s.roles().view(r).getMap());
      m.put("areas", areaRows(r.getJsonObject("areas")));
      m.put("candidates", list.stream().map(c -> (Object) Candidates.view(c)).toList());
      m.put("saved", ctx.request().getParam("saved") != null);
      return m;
    })).onSuccess(m -> context.pages().render(ctx, "role", "hiring.role.title", m)).onFailure(ctx::fail);
  }

  /** The matrix as form rows: each area with its criteria, ideal level options and weight. */
  private static List<Object> areaRows(JsonObject areas) {
    List<Object> rows = new ArrayList<>();
    for (Area a : Area.ALL) {
      JsonObject x = areas == null ? new JsonObject() : areas.getJsonObject(a.key(), new JsonObject());
      int ideal = x.getInteger("ideal", Roles.DEFAULT_IDEAL);
      rows.add(Map.of("key", a.key(), "criteria", x.getString("criteria", ""), "ideal", ideal,
          "weight", weight(x.getDouble("weight", 1.0)), "levels", levels(ideal)));
    }
    return rows;
  }

  private static String weight(double w) {
    return w == Math.rint(w) ? Long.toString((long) w) : Double.toString(w);
  }

  private static List<Object> levels(Integer selected) {
    List<Object> out = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      out.add(Map.of("value", i, "selected", selected != null && selected == i));
    }
    return out;
  }

  private void comparison(RoutingContext ctx) {
    CurrentUser u = user(ctx);
    s.comparison().of(u, ctx.pathParam("id")).map(cmp -> {
      JsonObject role = cmp.getJsonObject("role");
      Map<Area, String> names = new EnumMap<>(Area.class);
      Map<Area, Integer> ideal = new EnumMap<>(Area.class);
      for (Area a : Area.ALL) {
        names.put(a, context.pages().text(u.locale(), a.nameKey()));
      }
      List<Object> header = new ArrayList<>();
      for (Object o : role.getJsonArray("areas")) {
        JsonObject x = (JsonObject) o;
        Area a = Area.ALL.stream().filter(k -> k.key().equals(x.getString("area"))).findFirst().orElseThrow();
        ideal.put(a, x.getInteger("ideal"));
        header.add(Map.of("key", a.key(), "ideal", x.getInteger("ideal"), "weight", weight(x.getDouble("weight"))));
      }
      List<Object> rows = new ArrayList<>();
      List<BarChart.Series> series = new ArrayList<>();
      for (Object o : cmp.getJsonArray("candidates")) {
        JsonObject c = (JsonObject) o;
        Map<String, Object> row = new HashMap<>(c.getMap());
        if (!c.getBoolean("hidden") && c.getInteger("scorecards") > 0) {
          List<Object> cells = new ArrayList<>();
          Map<Area, Double> means = new EnumMap<>(Area.class);
          for (Area a : Area.ALL) {
            JsonObject st = c.getJsonObject("areas").getJsonObject(a.key());
            means.put(a, st.getDouble("mean"));
            cells.add(Map.of("key", a.key(), "mean", st.getDouble("mean"), "spread", st.getInteger("spread"),
                "gap", st.getDouble("gap"), "belowIdeal", st.getBoolean("belowIdeal")));
          }
          row.put("cells", cells);
          series.add(new BarChart.Series(c.getString("name"), means));
        }
        rows.add(row);
      }
      Map<String, Object> m = new HashMap<>();
      m.put("role", role);
      m.put("header", header);
      m.put("rows", rows);
      m.put("idealTotal", cmp.getDouble("idealTotal"));
      m.put("chart", series.isEmpty() ? null : BarChart.svg(context.pages().text(u.locale(), "hiring.chart.title", role.getString("name")),
          names, ideal, series, context.pages().text(u.locale(), "hiring.chart.ideal")));
      return m;
    }).onSuccess(m -> context.pages().render(ctx, "comparison", "hiring.comparison.title", m)).onFailure(ctx::fail);
  }

  private void candidate(RoutingContext ctx) {
    CurrentUser u = user(ctx);
    String id = ctx.pathParam("id");
    s.candidate(u, id).compose(c -> (Candidates.manager(u) ? s.candidates().interviewers(u) : Future.succeededFuture(
        List.<dev.quotient.api.directory.Directory.Person>of())).compose(people ->
        (Candidates.manager(u) ? context.directory().teams(u.orgId()) : Future.succeededFuture(
            List.<dev.quotient.api.directory.Directory.Team>of())).map(teams -> {
          Map<String, Object> m = new HashMap<>(c.getMap());
          String stage = c.getString("stage");
          boolean open = !"hired".equals(stage) && !"rejected".equals(stage);
          JsonArray assigned = c.getJsonArray("interviewerIds");
          boolean interviewer = assigned.contains(u.userId());
          JsonObject own = c.getJsonArray("scorecards").stream().map(JsonObject.class::cast)
              .filter(x -> x.getBoolean("own")).findFirst().map(x -> x.getJsonObject("scores")).orElse(new JsonObject());
          List<Object> form = new ArrayList<>();
          for (Area a : Area.ALL) {
            JsonObject x = own.getJsonObject(a.key(), new JsonObject());
            form.add(Map.of("key", a.key(), "levels", levels(x.getInteger("score")), "evidence", x.getString("evidence", "")));
          }
          List<Object> cards = new ArrayList<>();
          for (Object o : c.getJsonArray("scorecards")) {
            JsonObject x = (JsonObject) o;
            Map<String, Object> card = new HashMap<>(x.getMap());
            List<Object> lines = new ArrayList<>();
            for (Area a : Area.ALL) {
              JsonObject sc = x.getJsonObject("scores").getJsonObject(a.key());
              lines.add(Map.of("key", a.key(), "score", sc.getInteger("score"), "evidence", sc.getString("evidence")));
            }
            card.put("lines", lines);
            cards.add(card);
          }
          m.put("cards", cards);
          m.put("manager", Candidates.manager(u));
          m.put("open", open);
          m.put("canScore", interviewer && open);
          m.put("resubmit", !own.isEmpty());
          m.put("form", form);
          m.put("stages", Candidates.STAGES.stream().map(x -> (Object) Map.of("value", x, "selected", x.equals(stage))).toList());
          m.put("people", people.stream().map(p -> (Object) Map.of("id", p.id(), "name", p.name(),
              "checked", assigned.contains(p.id()))).toList());
          m.put("teams", teams.stream().map(t -> (Object) Map.of("id", t.id(), "name", t.name())).toList());
          m.put("saved", ctx.request().getParam("saved") != null);
          m.put("added", ctx.request().getParam("added") != null);
          m.put("scored", ctx.request().getParam("scored") != null);
          m.put("hired", ctx.request().getParam("hired") != null);
          return m;
        }))).onSuccess(m -> context.pages().render(ctx, "candidate", "hiring.candidate.title", m)).onFailure(ctx::fail);
  }

  /** The role form as the API's body: weights and levels stay text so validation names a wrong one. */
  private static JsonObject roleForm(MultiMap f) {
    JsonObject areas = new JsonObject();
    for (Area a : Area.ALL) {
      String criteria = f.get(a.key() + ".criteria");
      String ideal = f.get(a.key() + ".ideal");
      String weight = f.get(a.key() + ".weight");
      if (criteria != null || ideal != null || weight != null) {
        // An area the form does not send keeps its stored values.
        areas.put(a.key(), new JsonObject().put("criteria", criteria).put("ideal", ideal).put("weight", weight));
      }
    }
    JsonObject body = new JsonObject().put("areas", areas);
    if (f.get("name") != null) {
      body.put("name", f.get("name"));
    }
    if (f.get("description") != null) {
      body.put("description", f.get("description"));
    }
    return body;
  }

  private static CurrentUser user(RoutingContext ctx) {
    return CurrentUser.of(ctx);
  }

  private static void seeOther(RoutingContext ctx, String location) {
    ctx.response().setStatusCode(303).putHeader("Location", location).end();
  }
}
