package dev.quotient.plugin.mentoring;

import dev.quotient.api.Access;
import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.Role;
import dev.quotient.api.web.PluginRoutes;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Server-rendered pages under {@code /mentoring}; forms post back here and redirect (303) on success. */
final class PageRoutes {

  private final PluginContext context;
  private final Profiles profiles;
  private final Matching matching;
  private final Pairs pairs;
  private final Experts experts;

  PageRoutes(PluginContext context, Profiles profiles, Matching matching, Pairs pairs, Experts experts) {
    this.context = context;
    this.profiles = profiles;
    this.matching = matching;
    this.pairs = pairs;
    this.experts = experts;
  }

  void register(PluginRoutes routes) {
    Access any = Access.signedIn();
    routes.page(HttpMethod.GET, "/", any, this::home);
    routes.page(HttpMethod.GET, "/profile", any, ctx -> {
      String whose = ctx.request().getParam("user");
      seeOther(ctx, "/mentoring/profile/" + (whose == null || whose.isBlank() || !whose.matches("[A-Za-z0-9_-]{1,64}")
          ? user(ctx).userId() : whose));
    });
    routes.page(HttpMethod.GET, "/profile/:id", any, this::profile);
    routes.page(HttpMethod.POST, "/profile/:id", any, this::saveProfile);
    routes.page(HttpMethod.POST, "/settings", ApiRoutes.LEADERS, this::saveSettings);
    routes.page(HttpMethod.POST, "/bans", ApiRoutes.LEADERS, ctx -> {
      var form = ctx.request().formAttributes();
      profiles.ban(user(ctx), form.get("mentorId"), form.get("menteeId"))
          .onSuccess(b -> seeOther(ctx, "/mentoring?banned=1")).onFailure(ctx::fail);
    });
    routes.page(HttpMethod.POST, "/rounds", ApiRoutes.LEADERS, ctx -> matching.run(user(ctx))
        .onSuccess(r -> seeOther(ctx, "/mentoring/rounds/" + r.getString("id"))).onFailure(ctx::fail));
    routes.page(HttpMethod.GET, "/rounds/:id", ApiRoutes.LEADERS, this::round);
    routes.page(HttpMethod.POST, "/rounds/:id/pairs", ApiRoutes.LEADERS, this::adjust);
    routes.page(HttpMethod.POST, "/rounds/:id/confirm", ApiRoutes.LEADERS, ctx -> matching.confirm(user(ctx), ctx.pathParam("id"))
        .onSuccess(r -> seeOther(ctx, "/mentoring/rounds/" + r.getString("id") + "?confirmed=1")).onFailure(ctx::fail));
    routes.page(HttpMethod.POST, "/pick", any, ctx -> matching.pick(user(ctx), ctx.request().formAttributes().get("mentorId"))
        .onSuccess(p -> seeOther(ctx, "/mentoring/pairs/" + p.getString("_id") + "?picked=1")).onFailure(ctx::fail));
    routes.page(HttpMethod.POST, "/rematch", ApiRoutes.LEADERS, ctx ->
        matching.rematch(user(ctx), ctx.request().formAttributes().get("menteeId"))
            .onSuccess(p -> seeOther(ctx, "/mentoring/pairs/" + p.getString("_id") + "?rematched=1")).onFailure(ctx::fail));
    routes.page(HttpMethod.GET, "/pairs/:id", any, this::pair);
    routes.page(HttpMethod.POST, "/pairs/:id/checkins", any, this::checkIn);
    routes.page(HttpMethod.POST, "/pairs/:id/end", any, this::end);
    routes.page(HttpMethod.POST, "/checkins/:id/rating", any, ctx -> {
      pairs.rate(user(ctx), ctx.pathParam("id"), number(ctx.request().formAttributes().get("rating")))
          .onSuccess(c -> seeOther(ctx, "/mentoring/pairs/" + c.getString("pairId") + "?rated=1#checkins-h"))
          .onFailure(ctx::fail);
    });
    routes.page(HttpMethod.GET, "/experts", any, ctx -> experts.directory(user(ctx)).onSuccess(d ->
        context.pages().render(ctx, "experts", "mentoring.experts.title", d.getMap())).onFailure(ctx::fail));
  }

  private void home(RoutingContext ctx) {
    CurrentUser u = user(ctx);
    boolean leader = u.has(Role.LEADER);
    Future<JsonObject> latest = leader ? matching.latest(u) : Future.succeededFuture(null);
    pairs.list(u, leader).compose(list -> matching.suggestions(u).compose(s -> latest.compose(round -> (list
        .getJsonArray("pairs").stream().map(JsonObject.class::cast).anyMatch(p -> "active".equals(p.getString("state"))
            && u.userId().equals(p.getString("mentorId"))) ? pairs.dashboard(u) : Future.succeededFuture(new JsonObject()
            .put("mentees", new JsonArray()))).compose(dashboard ->
        Org.load(context, u.orgId()).map(org -> {
          Map<String, Object> m = new HashMap<>();
          List<Object> mine = new ArrayList<>();
          List<Object> mentees = new ArrayList<>();
          List<Object> all = new ArrayList<>();
          List<Object> overdue = new ArrayList<>();
          for (Object o : dashboard.getJsonArray("mentees")) {
            mentees.add(o);
          }
          for (Object o : list.getJsonArray("pairs")) {
            JsonObject p = (JsonObject) o;
            boolean active = "active".equals(p.getString("state"));
            if (u.userId().equals(p.getString("menteeId")) && active) {
              mine.add(p);
            }
            if (leader && active) {
              all.add(p);
              if (p.getBoolean("overdue")) {
                overdue.add(p);
              }
            }
          }
          m.put("leader", leader);
          m.put("myMentor", mine.isEmpty() ? null : mine.get(0));
          m.put("mentees", mentees);
          m.put("status", s.getString("status"));
          m.put("suggestions", s.getJsonArray("suggestions"));
          m.put("pairs", all);
          m.put("overdue", overdue);
          m.put("overdueCount", overdue.size());
          m.put("checkInDays", list.getInteger("checkInDays"));
          m.put("round", round == null ? null : Map.of("id", round.getString("_id"), "state", round.getString("state"),
              "createdAt", round.getString("createdAt")));
          m.put("waitingCount", org.waiting().size());
          m.put("waiting", org.waiting().stream().map(e -> Map.of("id", e.userId(), "name", org.name(e.userId()))).toList());
          m.put("settings", Profiles.settingsView(org));
          m.put("people", org.people().values().stream().map(p -> Map.of("id", p.id(), "name", p.name())).toList());
          m.put("banned", ctx.request().getParam("banned") != null);
          m.put("saved", ctx.request().getParam("saved") != null);
          return m;
        })))))
        .onSuccess(m -> context.pages().render(ctx, "home", "mentoring.title", m)).onFailure(ctx::fail);
  }

  private void profile(RoutingContext ctx) {
    CurrentUser u = user(ctx);
    String id = ctx.pathParam("id");
    Org.load(context, u.orgId()).map(org -> {
      Profiles.mayEdit(u, org, id);
      JsonObject view = Profiles.view(org, id);
      JsonObject mentor = Views.obj(view, "mentor");
      JsonObject mentee = Views.obj(view, "mentee");
      JsonObject strengths = Views.obj(mentor, "strengths");
      JsonObject levels = Views.obj(mentee, "levels");
      Map<String, Object> m = new HashMap<>();
      m.put("userId", id);
      m.put("name", view.getString("name"));
      m.put("self", u.userId().equals(id));
      m.put("optIn", mentor.getBoolean("optIn", false));
      m.put("capacity", mentor.getInteger("capacity", 0));
      m.put("mentorLanguages", String.join(", ", Org.strings(mentor.getJsonArray("languages"))));
      m.put("menteeLanguages", String.join(", ", Org.strings(mentee.getJsonArray("languages"))));
      m.put("preferredLanguage", mentee.getValue("preferredLanguage") instanceof String l ? l : "");
      m.put("goals", mentee.getValue("goals") instanceof String g ? g : "");
      List<Object> skills = new ArrayList<>();
      for (String k : Profiles.SKILLS) {
        skills.add(Map.of("key", k, "name", Texts.skillName(context.pages(), u.locale(), k), "strength", options(strengths.getInteger(k)),
            "level", options(levels.getInteger(k))));
      }
      m.put("skills", skills);
      m.put("extraStrengths", extra(strengths));
      m.put("extraLevels", extra(levels));
      m.put("mentorSlots", slots(mentor.getJsonArray("availability")));
      m.put("menteeSlots", slots(mentee.getJsonArray("availability")));
      m.put("saved", ctx.request().getParam("saved") != null);
      return m;
    }).onSuccess(m -> context.pages().render(ctx, "profile", "mentoring.profile.title", m)).onFailure(ctx::fail);
  }

  private static List<Object> options(Integer selected) {
    List<Object> out = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      out.add(Map.of("value", i, "selected", selected != null && selected == i));
    }
    return out;
  }

  private static List<Object> slots(JsonArray chosen) {
    return Profiles.SLOTS.stream().map(s -> (Object) Map.of("slot", s, "checked", chosen != null && chosen.contains(s)))
        .toList();
  }

  private static String extra(JsonObject levels) {
    List<String> parts = new ArrayList<>();
    levels.forEach(e -> {
      if (e.getKey().contains(":")) {
        parts.add(e.getKey() + "=" + e.getValue());
      }
    });
    return String.join(", ", parts);
  }

  private void saveProfile(RoutingContext ctx) {
    MultiMap f = ctx.request().formAttributes();
    JsonObject strengths = new JsonObject();
    JsonObject levels = new JsonObject();
    for (String k : Profiles.SKILLS) {
      putLevel(strengths, k, f.get("strength." + k));
      putLevel(levels, k, f.get("level." + k));
    }
    parseExtra(strengths, f.get("extraStrengths"));
    parseExtra(levels, f.get("extraLevels"));
    JsonObject body = new JsonObject()
        .put("mentor", new JsonObject().put("optIn", f.get("optIn") != null).put("capacity", number(f.get("capacity")))
            .put("availability", new JsonArray(f.getAll("mentorSlots"))).put("languages", split(f.get("mentorLanguages")))
            .put("strengths", strengths))
        .put("mentee", new JsonObject().put("levels", levels).put("goals", f.get("goals"))
            .put("preferredLanguage", f.get("preferredLanguage"))
            .put("availability", new JsonArray(f.getAll("menteeSlots"))).put("languages", split(f.get("menteeLanguages"))));
    String id = ctx.pathParam("id");
    profiles.put(user(ctx), id, body).onSuccess(p -> seeOther(ctx, "/mentoring/profile/" + id + "?saved=1"))
        .onFailure(ctx::fail);
  }

  private static void putLevel(JsonObject into, String key, String value) {
    if (value != null && !value.isBlank()) {
      into.put(key, number(value));
    }
  }

  private static void parseExtra(JsonObject into, String text) {
    if (text == null || text.isBlank()) {
      return;
    }
    for (String part : text.split(",")) {
      String[] kv = part.strip().split("=");
      if (kv.length != 2) {
        throw ClientError.badRequest("mentoring.error.extra");
      }
      into.put(kv[0].strip().toLowerCase(java.util.Locale.ROOT), number(kv[1]));
    }
  }

  private static JsonArray split(String text) {
    JsonArray out = new JsonArray();
    if (text != null) {
      for (String s : text.split("[,\\s]+")) {
        if (!s.isBlank()) {
          out.add(s.strip());
        }
      }
    }
    return out;
  }

  private static Object number(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    try {
      return Integer.parseInt(s.strip());
    } catch (NumberFormatException e) {
      throw ClientError.badRequest("mentoring.error.number");
    }
  }

  private void saveSettings(RoutingContext ctx) {
    MultiMap f = ctx.request().formAttributes();
    JsonObject body = new JsonObject()
        .put("weights", new JsonObject().put("coverage", number(f.get("coverage"))).put("availability", number(f.get("availability")))
            .put("zone", number(f.get("zone"))).put("language", number(f.get("language"))))
        .put("checkInDays", number(f.get("checkInDays"))).put("avoidPastPairs", f.get("avoidPastPairs") != null);
    profiles.putSettings(user(ctx), body).onSuccess(s -> seeOther(ctx, "/mentoring?saved=1#settings-h")).onFailure(ctx::fail);
  }

  private void round(RoutingContext ctx) {
    CurrentUser u = user(ctx);
    matching.get(u, ctx.pathParam("id")).compose(r -> Org.load(context, u.orgId()).map(org -> {
      Map<String, Object> m = new HashMap<>(r.getMap());
      m.put("pairCount", r.getJsonArray("pairs").size());
      m.put("skippedCount", r.getJsonArray("skipped").size());
      List<Object> mentors = org.mentors().keySet().stream()
          .map(id -> (Object) Map.of("id", id, "name", org.name(id))).toList();
      List<Object> rows = new ArrayList<>();
      for (Object o : r.getJsonArray("pairs")) {
        JsonObject p = (JsonObject) o;
        Map<String, Object> row = new HashMap<>(p.getMap());
        row.put("mentors", org.mentors().keySet().stream().map(id -> (Object) Map.of("id", id, "name", org.name(id),
            "selected", id.equals(p.getString("mentorId")))).toList());
        row.put("others", r.getJsonArray("pairs").stream().map(JsonObject.class::cast)
            .filter(q -> !q.getString("menteeId").equals(p.getString("menteeId")))
            .map(q -> (Object) Map.of("id", q.getString("menteeId"), "name", q.getString("menteeName"))).toList());
        rows.add(row);
      }
      m.put("rows", rows);
      m.put("mentors", mentors);
      m.put("proposed", "proposed".equals(r.getString("state")));
      m.put("confirmed", ctx.request().getParam("confirmed") != null);
      m.put("adjusted", ctx.request().getParam("adjusted") != null);
      return m;
    })).onSuccess(m -> context.pages().render(ctx, "round", "mentoring.round.title", m)).onFailure(ctx::fail);
  }

  private void adjust(RoutingContext ctx) {
    MultiMap f = ctx.request().formAttributes();
    JsonObject body = new JsonObject().put("menteeId", f.get("menteeId"));
    String action = f.get("action");
    if ("swap".equals(action)) {
      body.put("swapWith", f.get("swapWith"));
    } else if (!"remove".equals(action)) {
      body.put("mentorId", f.get("mentorId"));
    }
    String id = ctx.pathParam("id");
    matching.adjust(user(ctx), id, body).onSuccess(r -> seeOther(ctx, "/mentoring/rounds/" + id + "?adjusted=1"))
        .onFailure(ctx::fail);
  }

  private void pair(RoutingContext ctx) {
    CurrentUser u = user(ctx);
    String id = ctx.pathParam("id");
    pairs.pair(u, id).compose(p -> Org.load(context, u.orgId()).compose(org -> pairs.checkIns(u, id).compose(checkIns -> {
      boolean mentorOrLeader = u.userId().equals(p.getString("mentorId")) || u.has(Role.LEADER);
      Future<JsonObject> mentee = mentorOrLeader
          ? pairs.areaPoints(u.orgId()).compose(points -> pairs.mentee(u, p.getString("menteeId"), points))
          : Future.succeededFuture(null);
      return mentee.map(summary -> {
        JsonObject view = pairs.view(p, org, checkIns.getJsonArray("checkIns").getList(), context.clock().instant(), u);
        Map<String, Object> m = new HashMap<>(view.getMap());
        boolean mentor = u.userId().equals(p.getString("mentorId"));
        boolean menteeSelf = u.userId().equals(p.getString("menteeId"));
        boolean active = "active".equals(p.getString("state"));
        m.put("summary", summary);
        m.put("levels", summary == null ? List.of() : summary.getJsonObject("levels").stream()
            .map(e -> (Object) Map.of("name", Texts.skillName(context.pages(), u.locale(), e.getKey()), "level", e.getValue())).toList());
        m.put("checkIns", checkIns.getJsonArray("checkIns").stream().map(o -> {
          Map<String, Object> c = new HashMap<>(((JsonObject) o).getMap());
          c.put("canRate", menteeSelf);
          c.put("day", c.get("date"));
          c.put("ratings", options((Integer) c.get("rating")));
          return (Object) c;
        }).toList());
        m.put("canCheckIn", mentor && active);
        m.put("canEnd", (mentor || u.has(Role.LEADER)) && active);
        m.put("canRematch", u.has(Role.LEADER) && !active && org.activePairOfMentee(p.getString("menteeId")) == null);
        m.put("isMentee", menteeSelf);
        m.put("today", java.time.LocalDate.ofInstant(context.clock().instant(), org.zone()).toString());
        m.put("logged", ctx.request().getParam("logged") != null);
        m.put("rated", ctx.request().getParam("rated") != null);
        m.put("ended", ctx.request().getParam("ended") != null);
        m.put("picked", ctx.request().getParam("picked") != null || ctx.request().getParam("rematched") != null);
        if (!active && u.has(Role.LEADER)) {
          List<JsonObject> best = Matching.ranked(org, p.getString("menteeId"), context.clock().instant(), 1);
          m.put("rematch", best.isEmpty() ? null : Matching.suggestionView(context.pages(), best.get(0), org, u.locale()));
        }
        return m;
      });
    }))).onSuccess(m -> context.pages().render(ctx, "pair", "mentoring.pair.title", m)).onFailure(ctx::fail);
  }

  private void checkIn(RoutingContext ctx) {
    MultiMap f = ctx.request().formAttributes();
    JsonArray actions = new JsonArray();
    List<String> texts = f.getAll("actionText");
    List<String> dues = f.getAll("actionDue");
    for (int i = 0; i < texts.size(); i++) {
      if (!texts.get(i).isBlank()) {
        actions.add(new JsonObject().put("text", texts.get(i)).put("due", i < dues.size() ? dues.get(i) : null));
      }
    }
    JsonObject body = new JsonObject().put("date", f.get("date")).put("notes", f.get("notes"))
        .put("shared", "shared".equals(f.get("visibility"))).put("actions", actions).put("nextMeeting", f.get("nextMeeting"));
    String id = ctx.pathParam("id");
    pairs.checkIn(user(ctx), id, body).onSuccess(c -> seeOther(ctx, "/mentoring/pairs/" + id + "?logged=1#checkins-h"))
        .onFailure(ctx::fail);
  }

  private void end(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    pairs.end(user(ctx), id, ctx.request().formAttributes().get("outcome"))
        .onSuccess(r -> seeOther(ctx, "/mentoring/pairs/" + id + "?ended=1")).onFailure(ctx::fail);
  }

  private static void seeOther(RoutingContext ctx, String location) {
    ctx.response().setStatusCode(303).putHeader("Location", location).end();
  }

  private static CurrentUser user(RoutingContext ctx) {
    return CurrentUser.of(ctx);
  }
}
