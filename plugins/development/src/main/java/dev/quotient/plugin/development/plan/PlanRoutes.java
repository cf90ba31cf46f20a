package dev.quotient.plugin.development.plan;

import dev.quotient.api.Access;
import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.Role;
import dev.quotient.api.directory.Directory;
import dev.quotient.api.materials.Skill;
import dev.quotient.api.web.PluginRoutes;
import dev.quotient.plugin.development.kpi.Kpi;
import dev.quotient.plugin.development.profile.Kpis;
import dev.quotient.plugin.development.profile.People;
import dev.quotient.plugin.development.profile.QuizResults;
import dev.quotient.plugin.development.profile.Web;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The plans' API under {@code /api/development/plans} and pages under {@code /development/plans}. */
public final class PlanRoutes {

  /** The export's format name and version. */
  public static final String EXPORT_FORMAT = "quotient.development-plan/1";

  private final PluginContext context;
  private final Plans plans;
  private final People people;
  /** The last roster of each organisation, with the directory's answer it was built from. */
  private final Map<String, KeptRoster> rosters = new java.util.concurrent.ConcurrentHashMap<>();
  private final QuizResults quizzes;
  private final Kpis kpis;
  private final String css;
  private final PageModels models;
  /** Models by the data they were built from; more than {@link #BUILT_MODELS}: start again. */
  private final Map<PlanView.Data, Map<String, Object>> builtModels = new java.util.concurrent.ConcurrentHashMap<>();
  private static final int BUILT_MODELS = 2_000;
  private final java.util.function.BiFunction<CurrentUser, String, Future<List<JsonObject>>> pipsOf;

  public PlanRoutes(PluginContext context, Plans plans, People people, QuizResults quizzes, Kpis kpis,
      java.util.function.BiFunction<CurrentUser, String, Future<List<JsonObject>>> pipsOf) {
    this.pipsOf = pipsOf;
    this.context = context;
    this.plans = plans;
    this.people = people;
    this.quizzes = quizzes;
    this.kpis = kpis;
    this.css = resource("webroot/development/development.css");
    this.models = new PageModels(
        dev.quotient.plugin.development.kpi.KpiMonths.setting(context, "pageModelSeconds", 0), System::nanoTime);
  }

  public void register(PluginRoutes routes) {
    routes.api(HttpMethod.GET, "/plans", Access.signedIn(), ctx -> {
      CurrentUser u = CurrentUser.of(ctx);
      String userId = ctx.queryParams().get("userId");
      String who = userId == null || userId.isBlank() ? u.userId() : userId;
      Web.json(ctx, 200, plans.of(u, who).map(list -> {
        JsonArray items = new JsonArray();
        list.forEach(p -> items.add(summary(p)));
        return new JsonObject().put("plans", items);
      }));
    });
    routes.api(HttpMethod.POST, "/plans", Access.roles(Role.LEADER), ctx -> {
      JsonObject body = PluginRoutes.jsonBody(ctx);
      CurrentUser u = CurrentUser.of(ctx);
      String userId = dev.quotient.plugin.development.profile.Fields.text(body.getValue("userId"), "userId", 64, true);
      Web.json(ctx, 201, plans.start(u, userId).compose(p -> json(u, p)));
    });
    routes.api(HttpMethod.GET, "/plans/:id", Access.signedIn(), ctx -> {
      CurrentUser u = CurrentUser.of(ctx);
      Web.json(ctx, 200, plans.view(u, ctx.pathParam("id")).compose(p -> json(u, p)));
    });
    routes.api(HttpMethod.PUT, "/plans/:id", Access.roles(Role.LEADER), ctx -> {
      CurrentUser u = CurrentUser.of(ctx);
      JsonObject body = PluginRoutes.jsonBody(ctx);
      Web.json(ctx, 200, plans.edit(u, ctx.pathParam("id"), body).compose(p -> json(u, p)));
    });
    routes.api(HttpMethod.POST, "/plans/:id/send", Access.roles(Role.LEADER), ctx -> {
      CurrentUser u = CurrentUser.of(ctx);
      JsonObject body = Web.optionalBody(ctx);
      Integer revision;
      try {
        revision = dev.quotient.plugin.development.profile.Fields.revision(body.getValue("revision"), "revision");
      } catch (ClientError e) {
        ctx.fail(e);
        return;
      }
      Web.json(ctx, 200, plans.send(u, ctx.pathParam("id"), revision).compose(p -> json(u, p)));
    });
    routes.api(HttpMethod.POST, "/plans/:id/accept", Access.signedIn(), ctx -> {
      CurrentUser u = CurrentUser.of(ctx);
      JsonObject body = PluginRoutes.jsonBody(ctx);
      Web.json(ctx, 200, plans.accept(u, ctx.pathParam("id"), body.getValue("version")).compose(p -> json(u, p)));
    });
    routes.api(HttpMethod.POST, "/plans/:id/return", Access.signedIn(), ctx -> {
      CurrentUser u = CurrentUser.of(ctx);
      JsonObject body = PluginRoutes.jsonBody(ctx);
      Web.json(ctx, 200, plans.sendBack(u, ctx.pathParam("id"), body.getValue("version"), body.getValue("comment"))
          .compose(p -> json(u, p)));
    });
    routes.api(HttpMethod.GET, "/plans/:id/export", Access.signedIn(), ctx -> {
      CurrentUser u = CurrentUser.of(ctx);
      plans.get(u, ctx.pathParam("id")).compose(p -> data(u, p)).onSuccess(d -> ctx.response().setStatusCode(200)
          .putHeader("Content-Type", "application/json")
          .putHeader("Content-Disposition", "attachment; filename=\"plan-" + d.plan().getString("_id") + ".json\"")
          .end(export(d, u).encodePrettily())).onFailure(ctx::fail);
    });

    routes.page(HttpMethod.GET, "/development.css", Access.signedIn(), ctx -> ctx.response()
        .putHeader("Content-Type", "text/css; charset=utf-8").putHeader("Cache-Control", "private, max-age=300").end(css));
    // The plugin's home (and navigation entry) is the hub of profiles, plans and PIPs.
    routes.page(HttpMethod.GET, "/", Access.signedIn(), this::listPage);
    routes.page(HttpMethod.GET, "/plans", Access.signedIn(), this::listPage);
    routes.page(HttpMethod.POST, "/plans", Access.roles(Role.LEADER), ctx -> {
      CurrentUser u = CurrentUser.of(ctx);
      plans.start(u, Web.field(ctx, "userId"))
          .onSuccess(p -> Web.seeOther(ctx, "/development/plans/" + p.getString("_id")))
          .onFailure(ctx::fail);
    });
    routes.page(HttpMethod.GET, "/plans/:id", Access.signedIn(), ctx -> {
      CurrentUser u = CurrentUser.of(ctx);
      plans.view(u, ctx.pathParam("id")).compose(p -> {
        Map<String, Object> kept = models.get(u.userId(), p);
        if (kept != null) {
          return Future.succeededFuture(kept);
        }
        return data(u, p).map(d -> {
          Map<String, Object> model = built(d);
          models.put(u.userId(), p, model);
          return model;
        });
      }).onSuccess(model -> {
        String done = ctx.request().getParam("done");
        if (done == null) {
          // the model is kept and never changed: so is its rendered body (rendering was most of a view)
          context.pages().renderKept(ctx, "plan", "development.plan.title", model);
        } else {
          Map<String, Object> saved = new java.util.HashMap<>(model);
          saved.put("saved", done);
          context.pages().render(ctx, "plan", "development.plan.title", saved);
        }
      }).onFailure(ctx::fail);
    });
    routes.page(HttpMethod.POST, "/plans/:id", Access.roles(Role.LEADER), ctx -> {
      CurrentUser u = CurrentUser.of(ctx);
      String id = ctx.pathParam("id");
      plans.edit(u, id, PlanForm.read(ctx.request().formAttributes()))
          .onSuccess(p -> Web.seeOther(ctx, "/development/plans/" + id + "?done=saved"))
          .onFailure(ctx::fail);
    });
    routes.page(HttpMethod.POST, "/plans/:id/send", Access.roles(Role.LEADER), ctx -> {
      CurrentUser u = CurrentUser.of(ctx);
      String id = ctx.pathParam("id");
      Integer revision;
      try {
        revision = dev.quotient.plugin.development.profile.Fields.revision(Web.field(ctx, "revision"), "revision");
      } catch (ClientError e) {
        ctx.fail(e);
        return;
      }
      plans.send(u, id, revision).onSuccess(p -> Web.seeOther(ctx, "/development/plans/" + id + "?done=sent"))
          .onFailure(ctx::fail);
    });
    routes.page(HttpMethod.POST, "/plans/:id/accept", Access.signedIn(), ctx -> {
      CurrentUser u = CurrentUser.of(ctx);
      String id = ctx.pathParam("id");
      plans.accept(u, id, Web.field(ctx, "version"))
          .onSuccess(p -> Web.seeOther(ctx, "/development/plans/" + id + "?done=accepted")).onFailure(ctx::fail);
    });
    routes.page(HttpMethod.POST, "/plans/:id/return", Access.signedIn(), ctx -> {
      CurrentUser u = CurrentUser.of(ctx);
      String id = ctx.pathParam("id");
      plans.sendBack(u, id, Web.field(ctx, "version"), Web.field(ctx, "comment"))
          .onSuccess(p -> Web.seeOther(ctx, "/development/plans/" + id + "?done=returned")).onFailure(ctx::fail);
    });
  }

  /**
   * The hub: leaders and admins see every rep (profile, plans and PIPs, start a plan or a PIP), or one
   * rep's plans and PIPs with {@code ?userId=}; a rep sees their own.
   */
  private void listPage(RoutingContext ctx) {
    CurrentUser u = CurrentUser.of(ctx);
    boolean manages = People.manages(u);
    String asked = ctx.request().getParam("userId");
    String who = manages && asked != null && !asked.isBlank() ? asked : u.has(Role.REP) ? u.userId() : null;
    people.all(u.orgId()).compose(all -> {
      if (who != null && (all.get(who) == null || !all.get(who).has(Role.REP))) {
        return Future.failedFuture(ClientError.notFound("development.error.person.unknown"));
      }
      List<Directory.Person> reps = manages && who == null ? all.values().stream().filter(p -> p.has(Role.REP))
          .sorted((a, b) -> a.name().compareTo(b.name())).toList() : List.of();
      Future<List<JsonObject>> own = who == null ? Future.succeededFuture(List.of()) : plans.of(u, who);
      Future<List<JsonObject>> pips = who == null ? Future.succeededFuture(List.of()) : pipsOf.apply(u, who);
      Future<List<JsonObject>> mentored = u.has(Role.MENTOR) ? plans.mentoring(u) : Future.succeededFuture(List.of());
      return own.compose(ps -> pips.compose(pipList -> mentored.map(mentees -> {
        Map<String, Object> model = new HashMap<>();
        model.put("reps", reps.stream().map(p -> Map.of("id", p.id(), "name", p.name())).toList());
        model.put("leader", u.has(Role.LEADER));
        model.put("manages", manages);
        model.put("isRep", u.has(Role.REP));
        model.put("who", who == null ? null : Map.of("id", who, "name", all.get(who).name(), "self", who.equals(u.userId())));
        model.put("plans", ps.stream().map(p -> {
          Map<String, Object> row = new HashMap<>(summary(p).getMap());
          row.put("createdAt", Instant.ofEpochMilli(p.getLong("createdAt")));
          return row;
        }).toList());
        model.put("pips", pipList.stream().map(p -> Map.of("id", p.getString("_id"), "status", p.getString("status"),
            "startsOn", p.getString("startsOn"), "endsOn", p.getString("endsOn"))).toList());
        model.put("mentored", mentees.stream().map(p -> Map.of("id", p.getString("_id"),
            "name", all.get(p.getString("userId")) == null ? "" : all.get(p.getString("userId")).name(),
            "status", p.getString("status"))).toList());
        return model;
      })));
    }).onSuccess(model -> context.pages().render(ctx, "plans", "development.plans.title", model)).onFailure(ctx::fail);
  }

  /** Reads what the page, the API view and the export show. */
  /**
   * The page model of these data, built once: the data name everything the model is built from (the
   * plan as stored, the viewer, today, the KPI actuals, names, passed and known modules), so the same
   * data again gives the same page without building it again, and any change builds anew.
   */
  private Map<String, Object> built(PlanView.Data d) {
    Map<String, Object> model = builtModels.get(d);
    if (model == null) {
      if (builtModels.size() >= BUILT_MODELS) {
        builtModels.clear();
      }
      model = java.util.Collections.unmodifiableMap(new java.util.HashMap<>(PlanView.build(d)));
      builtModels.put(d, model);
    }
    return model;
  }

  private Future<PlanView.Data> data(CurrentUser u, JsonObject plan) {
    String orgId = plan.getString("orgId");
    String userId = plan.getString("userId");
    boolean leader = u.has(Role.LEADER);
    LocalDate today = Web.today(context.clock(), u);
    JsonObject content = Plans.shownContent(plan, leader);
    Set<LocalDate> days = new TreeSet<>();
    content.getJsonArray("goals", new JsonArray()).forEach(g -> days.add(PlanView.measuredAt((JsonObject) g, today)));
    Map<LocalDate, Map<Kpi, Double>> actuals = new LinkedHashMap<>();
    Future<Void> reads = Future.succeededFuture();
    for (LocalDate day : days) {
      reads = reads.compose(v -> kpis.actual(orgId, userId, day).map(values -> {
        actuals.put(day, values);
        return null;
      }));
    }
    long created = plan.getLong("createdAt", 0L);
    return reads.compose(v -> roster(orgId)).compose(roster -> quizzes.of(orgId, userId).compose(results ->
        (leader ? quizzes.modules(orgId) : Future.succeededFuture(Map.<String, List<Skill>>of())).map(known -> {
          Set<String> passed = results.stream().filter(r -> r.getBoolean("passed", false)
              && r.getLong("completedAt", 0L) >= created).map(r -> r.getString("moduleId")).collect(Collectors.toSet());
          return new PlanView.Data(plan, u.userId(), u.has(Role.LEADER), roster, passed, actuals, today, known);
        })));
  }

  /** The organisation's roster, built again only when the directory answers with another list. */
  private Future<PlanView.Roster> roster(String orgId) {
    return context.directory().people(orgId).map(list -> {
      KeptRoster kept = rosters.get(orgId);
      if (kept != null && kept.people() == list) {
        return kept.roster();
      }
      Map<String, Directory.Person> all = list.stream().collect(Collectors.toMap(Directory.Person::id, p -> p,
          (a, b) -> a));
      Map<String, String> names = all.values().stream().collect(Collectors.toMap(Directory.Person::id,
          Directory.Person::name));
      List<Map<String, String>> mentors = People.mentors(all).stream()
          .map(p -> Map.of("id", p.id(), "name", p.name())).toList();
      PlanView.Roster roster = new PlanView.Roster(names, mentors);
      rosters.put(orgId, new KeptRoster(list, roster));
      return roster;
    });
  }

  private record KeptRoster(List<Directory.Person> people, PlanView.Roster roster) {}

  private Future<JsonObject> json(CurrentUser u, JsonObject plan) {
    return data(u, plan).map(d -> {
      JsonObject out = summary(plan);
      JsonObject content = Plans.shownContent(plan, u.has(Role.LEADER)).copy();
      JsonArray goals = new JsonArray();
      PlanView.progress(content, d.actuals(), d.today()).forEach(goals::add);
      content.put("goals", goals);
      out.put("content", content).put("assignments", plan.getJsonArray("assignments", new JsonArray()).copy())
          .put("comments", comments(plan)).put("versions", versions(plan, true));
      return out;
    });
  }

  static JsonObject summary(JsonObject p) {
    return new JsonObject().put("id", p.getString("_id")).put("userId", p.getString("userId"))
        .put("leaderId", p.getString("leaderId")).put("status", p.getString("status"))
        .put("version", p.getInteger("version", 0)).put("revision", p.getInteger("revision", 0))
        .put("acceptedVersion", p.getInteger("acceptedVersion"))
        .put("acceptedAt", iso(p.getLong("acceptedAt")))
        .put("createdAt", iso(p.getLong("createdAt")));
  }

  private static JsonArray comments(JsonObject plan) {
    JsonArray out = new JsonArray();
    plan.getJsonArray("comments", new JsonArray()).forEach(o -> {
      JsonObject c = (JsonObject) o;
      out.add(new JsonObject().put("version", c.getInteger("version")).put("by", c.getString("by"))
          .put("at", iso(c.getLong("at"))).put("text", c.getString("text")));
    });
    return out;
  }

  private static JsonArray versions(JsonObject plan, boolean withContent) {
    Map<Integer, Long> accepted = new HashMap<>();
    plan.getJsonArray("acceptances", new JsonArray()).forEach(a -> accepted.put(((JsonObject) a).getInteger("version"),
        ((JsonObject) a).getLong("at")));
    JsonArray out = new JsonArray();
    plan.getJsonArray("versions", new JsonArray()).forEach(o -> {
      JsonObject v = (JsonObject) o;
      JsonObject row = new JsonObject().put("version", v.getInteger("version")).put("sentBy", v.getString("sentBy"))
          .put("sentAt", iso(v.getLong("sentAt"))).put("acceptedAt", iso(accepted.get(v.getInteger("version"))));
      if (withContent) {
        row.put("content", v.getJsonObject("content").copy());
      }
      out.add(row);
    });
    return out;
  }

  /** The export document (format {@value #EXPORT_FORMAT}, described in the README). */
  private JsonObject export(PlanView.Data d, CurrentUser u) {
    JsonObject plan = d.plan();
    JsonObject content = Plans.shownContent(plan, u.has(Role.LEADER));
    JsonArray goals = new JsonArray();
    PlanView.progress(content, d.actuals(), d.today()).forEach(goals::add);
    JsonArray modules = new JsonArray();
    Map<String, JsonObject> assignments = new HashMap<>();
    plan.getJsonArray("assignments", new JsonArray()).forEach(a -> assignments.put(((JsonObject) a).getString("moduleId"),
        (JsonObject) a));
    content.getJsonArray("modules", new JsonArray()).forEach(o -> {
      JsonObject m = (JsonObject) o;
      JsonObject a = assignments.get(m.getString("moduleId"));
      String title = a != null && a.getString("title") != null ? a.getString("title") : m.getString("title");
      modules.add(m.copy().put("title", title).put("assignment", a == null ? "pending" : a.getString("status"))
          .put("completed", d.passedModules().contains(m.getString("moduleId"))));
    });
    JsonObject mentor = content.getJsonObject("mentor", new JsonObject()).copy();
    mentor.put("name", d.names().get(mentor.getString("mentorId")));
    return new JsonObject().put("format", EXPORT_FORMAT).put("id", plan.getString("_id"))
        .put("exportedAt", Instant.ofEpochMilli(context.clock().millis()).toString()).put("zone", u.zone().getId())
        .put("rep", new JsonObject().put("id", plan.getString("userId")).put("name", d.names().get(plan.getString("userId"))))
        .put("leader", new JsonObject().put("id", plan.getString("leaderId")).put("name", d.names().get(plan.getString("leaderId"))))
        .put("status", plan.getString("status")).put("version", plan.getInteger("version", 0))
        .put("acceptedVersion", plan.getInteger("acceptedVersion")).put("acceptedAt", iso(plan.getLong("acceptedAt")))
        .put("startsOn", content.getString("startsOn")).put("endsOn", content.getString("endsOn"))
        .put("goals", goals).put("modules", modules).put("mentor", mentor)
        .put("resources", content.getJsonArray("resources", new JsonArray()).copy())
        .put("milestones", content.getJsonArray("milestones", new JsonArray()).copy())
        .put("versions", versions(plan, false)).put("comments", comments(plan));
  }

  static String iso(Long millis) {
    return millis == null ? null : Instant.ofEpochMilli(millis).toString();
  }

  private static String resource(String path) {
    try (InputStream in = PlanRoutes.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
