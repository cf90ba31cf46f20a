package dev.quotient.plugin.development.pip;

import dev.quotient.api.Access;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.Role;
import dev.quotient.api.directory.Directory;
import dev.quotient.api.web.PluginRoutes;
import dev.quotient.plugin.development.kpi.Kpi;
import dev.quotient.plugin.development.profile.People;
import dev.quotient.plugin.development.profile.Web;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** PIPs: API under {@code /api/development/pips}, pages under {@code /development/pips}. */
public final class PipRoutes {

  private final PluginContext context;
  private final Pips pips;
  private final People people;
  private final dev.quotient.plugin.development.kpi.KpiReader kpis;

  public PipRoutes(PluginContext context, Pips pips, People people, dev.quotient.plugin.development.kpi.KpiReader kpis) {
    this.context = context;
    this.pips = pips;
    this.people = people;
    this.kpis = kpis;
  }

  public void register(PluginRoutes routes) {
    routes.api(HttpMethod.GET, "/pips", Access.signedIn(), ctx -> {
      CurrentUser u = CurrentUser.of(ctx);
      String userId = ctx.queryParams().get("userId");
      Web.json(ctx, 200, pips.of(u, userId == null || userId.isBlank() ? u.userId() : userId).map(list -> {
        JsonArray items = new JsonArray();
        list.forEach(p -> items.add(json(p)));
        return new JsonObject().put("pips", items);
      }));
    });
    routes.api(HttpMethod.POST, "/pips", Access.roles(Role.LEADER), ctx ->
        Web.json(ctx, 201, pips.create(CurrentUser.of(ctx), PluginRoutes.jsonBody(ctx)).map(PipRoutes::json)));
    routes.api(HttpMethod.GET, "/pips/:id", Access.signedIn(), ctx ->
        Web.json(ctx, 200, pips.get(CurrentUser.of(ctx), ctx.pathParam("id")).map(PipRoutes::json)));
    routes.api(HttpMethod.PUT, "/pips/:id", Access.roles(Role.LEADER), ctx ->
        Web.json(ctx, 200, pips.update(CurrentUser.of(ctx), ctx.pathParam("id"), PluginRoutes.jsonBody(ctx)).map(PipRoutes::json)));
    routes.api(HttpMethod.POST, "/pips/:id/sign", Access.signedIn(), ctx -> {
      JsonObject body = Web.optionalBody(ctx);
      Web.json(ctx, 200, pips.sign(CurrentUser.of(ctx), ctx.pathParam("id"), body.getValue("revision")).map(PipRoutes::json));
    });
    routes.api(HttpMethod.POST, "/pips/:id/checkins", Access.signedIn(), ctx ->
        Web.json(ctx, 200, pips.checkIn(CurrentUser.of(ctx), ctx.pathParam("id"), PluginRoutes.jsonBody(ctx)).map(PipRoutes::json)));
    routes.api(HttpMethod.POST, "/pips/:id/commitments", Access.signedIn(), ctx ->
        Web.json(ctx, 200, pips.commit(CurrentUser.of(ctx), ctx.pathParam("id"), PluginRoutes.jsonBody(ctx)).map(PipRoutes::json)));
    routes.page(HttpMethod.POST, "/pips/:id/commitments", Access.signedIn(), ctx -> {
      String id = ctx.pathParam("id");
      JsonArray lines = new JsonArray();
      String text = java.util.Objects.requireNonNullElse(Web.field(ctx, "commitments"), "");
      text.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(lines::add);
      pips.commit(CurrentUser.of(ctx), id, new JsonObject().put("revision", Web.field(ctx, "revision"))
              .put("commitments", lines))
          .onSuccess(p -> Web.seeOther(ctx, "/development/pips/" + id + "?done=commitments")).onFailure(ctx::fail);
    });
    routes.api(HttpMethod.POST, "/pips/:id/outcome", Access.roles(Role.LEADER), ctx ->
        Web.json(ctx, 200, pips.outcome(CurrentUser.of(ctx), ctx.pathParam("id"), PluginRoutes.jsonBody(ctx)).map(PipRoutes::json)));

    routes.page(HttpMethod.GET, "/pips/new", Access.roles(Role.LEADER), this::newPage);
    routes.page(HttpMethod.POST, "/pips", Access.roles(Role.LEADER), ctx -> {
      MultiMap f = ctx.request().formAttributes();
      JsonArray targets = new JsonArray();
      for (int i = 0; f.contains("target-" + i + "-kpi"); i++) {
        String value = f.get("target-" + i + "-value");
        if (value != null && !value.isBlank()) {
          targets.add(new JsonObject().put("kpi", f.get("target-" + i + "-kpi")).put("target", value));
        }
      }
      JsonArray modules = new JsonArray();
      String mods = f.get("modules");
      if (mods != null) {
        Arrays.stream(mods.split("[\\s,]+")).filter(s -> !s.isBlank()).forEach(modules::add);
      }
      JsonObject body = new JsonObject().put("userId", f.get("userId")).put("startsOn", f.get("startsOn"))
          .put("targets", targets).put("support", new JsonObject().put("modules", modules)
              .put("mentorId", f.get("mentorId")).put("coaching", f.get("coaching")));
      pips.create(CurrentUser.of(ctx), body)
          .onSuccess(p -> Web.seeOther(ctx, "/development/pips/" + p.getString("_id") + "?done=created"))
          .onFailure(ctx::fail);
    });
    routes.page(HttpMethod.GET, "/pips/:id", Access.signedIn(), this::page);
    routes.page(HttpMethod.POST, "/pips/:id/sign", Access.signedIn(), ctx -> {
      String id = ctx.pathParam("id");
      pips.sign(CurrentUser.of(ctx), id, Web.field(ctx, "revision"))
          .onSuccess(p -> Web.seeOther(ctx, "/development/pips/" + id + "?done=signed")).onFailure(ctx::fail);
    });
    routes.page(HttpMethod.POST, "/pips/:id/checkins", Access.signedIn(), ctx -> {
      String id = ctx.pathParam("id");
      JsonObject body = new JsonObject().put("revision", Web.field(ctx, "revision")).put("date", Web.field(ctx, "date"))
          .put("note", Web.field(ctx, "note"));
      pips.checkIn(CurrentUser.of(ctx), id, body)
          .onSuccess(p -> Web.seeOther(ctx, "/development/pips/" + id + "?done=checkin")).onFailure(ctx::fail);
    });
    routes.page(HttpMethod.POST, "/pips/:id/outcome", Access.roles(Role.LEADER), ctx -> {
      String id = ctx.pathParam("id");
      JsonObject body = new JsonObject().put("revision", Web.field(ctx, "revision"))
          .put("outcome", Web.field(ctx, "outcome")).put("days", Web.field(ctx, "days")).put("note", Web.field(ctx, "note"));
      pips.outcome(CurrentUser.of(ctx), id, body)
          .onSuccess(p -> Web.seeOther(ctx, "/development/pips/" + id + "?done=outcome")).onFailure(ctx::fail);
    });
  }

  private void newPage(RoutingContext ctx) {
    CurrentUser u = CurrentUser.of(ctx);
    people.rep(u.orgId(), ctx.request().getParam("userId")).compose(rep -> people.all(u.orgId()).map(all -> {
      Map<String, Object> model = new HashMap<>();
      model.put("rep", Map.of("id", rep.id(), "name", rep.name()));
      model.put("today", Web.today(context.clock(), u).toString());
      model.put("rows", List.of(0, 1, 2).stream().map(i -> Map.of("i", i, "kpis", Arrays.stream(Kpi.values())
          .map(Kpi::key).toList())).toList());
      model.put("mentors", People.mentors(all).stream().map(p -> Map.of("id", p.id(), "name", p.name())).toList());
      return model;
    })).onSuccess(model -> context.pages().render(ctx, "pip-new", "development.pip.new.title", model)).onFailure(ctx::fail);
  }

  private void page(RoutingContext ctx) {
    CurrentUser u = CurrentUser.of(ctx);
    pips.get(u, ctx.pathParam("id")).compose(pip -> people.all(u.orgId()).compose(all -> current(u, pip).map(now -> {
          Map<String, Object> model = model(u, pip, all);
          model.put("targets", targetRows(pip, now, u.locale()));
          return model;
        }))).map(model -> {
          model.put("done", ctx.request().getParam("done"));
          return model;
        }).onSuccess(model -> context.pages().render(ctx, "pip", "development.pip.title", model)).onFailure(ctx::fail);
  }

  /**
   * The rep's KPIs over the PIP so far (its start to today, or its end): what each target is measured
   * against while it runs; empty before it starts or when the KPIs cannot be read.
   */
  private io.vertx.core.Future<Map<Kpi, Double>> current(CurrentUser u, JsonObject pip) {
    java.time.LocalDate from = java.time.LocalDate.parse(pip.getString("startsOn"));
    java.time.LocalDate today = Web.today(context.clock(), u);
    java.time.LocalDate end = java.time.LocalDate.parse(pip.getString("endsOn"));
    java.time.LocalDate to = (today.isBefore(end) ? today : end).plusDays(1);
    if (!from.isBefore(to)) {
      return io.vertx.core.Future.succeededFuture(Map.of());
    }
    return kpis.rep(u.orgId(), pip.getString("userId"), from, to).map(v -> v.values())
        .otherwise(e -> {
          context.log().warn("PIP {}: KPIs not available", pip.getString("_id"), e);
          return Map.of();
        });
  }

  /** Each target with the KPI's value so far and whether it reaches the target yet. */
  private static List<Map<String, Object>> targetRows(JsonObject pip, Map<Kpi, Double> now, java.util.Locale locale) {
    List<Map<String, Object>> rows = new java.util.ArrayList<>();
    for (Object o : pip.getJsonArray("targets", new JsonArray())) {
      JsonObject t = (JsonObject) o;
      Kpi kpi = Kpi.parse(t.getString("kpi")).orElse(null);
      Map<String, Object> row = new HashMap<>();
      row.put("kpi", t.getString("kpi"));
      row.put("target", kpi == null ? String.valueOf(t.getValue("target"))
          : dev.quotient.plugin.development.kpi.Format.kpi(kpi, t.getDouble("target"), locale));
      Double value = kpi == null ? null : now.get(kpi);
      row.put("current", kpi == null ? "–" : dev.quotient.plugin.development.kpi.Format.kpi(kpi, value, locale));
      if (value != null) {
        row.put("reached", dev.quotient.plugin.development.plan.Targets.met(kpi, value, t.getDouble("target")));
      }
      rows.add(row);
    }
    return rows;
  }

  static Map<String, Object> model(CurrentUser u, JsonObject pip, Map<String, Directory.Person> all) {
    Map<String, String> names = all.values().stream().collect(Collectors.toMap(Directory.Person::id, Directory.Person::name));
    Map<String, Object> m = new HashMap<>();
    String status = pip.getString("status");
    m.put("id", pip.getString("_id"));
    m.put("repName", names.getOrDefault(pip.getString("userId"), ""));
    m.put("repId", pip.getString("userId"));
    m.put("leaderName", names.getOrDefault(pip.getString("leaderId"), ""));
    m.put("status", status);
    m.put("revision", pip.getInteger("revision"));
    m.put("startsOn", pip.getString("startsOn"));
    m.put("endsOn", pip.getString("endsOn"));
    m.put("extensions", pip.getInteger("extensions", 0));
    m.put("outcome", pip.getString("outcome"));
    m.put("outcomeNote", pip.getString("outcomeNote"));
    m.put("targets", pip.getJsonArray("targets"));
    JsonObject support = pip.getJsonObject("support", new JsonObject());
    m.put("modules", support.getJsonArray("modules", new JsonArray()));
    m.put("mentorName", names.get(support.getString("mentorId")));
    m.put("coaching", support.getString("coaching"));
    JsonObject sig = pip.getJsonObject("signatures", new JsonObject());
    m.put("leaderSigned", signature(sig.getJsonObject("leader"), names));
    m.put("repSigned", signature(sig.getJsonObject("rep"), names));
    m.put("checkIns", pip.getJsonArray("checkIns").stream().map(o -> {
      JsonObject c = (JsonObject) o;
      Map<String, Object> row = new HashMap<>(c.getMap());
      row.put("byName", names.get(c.getString("by")));
      row.put("at", c.getLong("at") == null ? null : Instant.ofEpochMilli(c.getLong("at")));
      return row;
    }).toList());
    m.put("audit", pip.getJsonArray("audit", new JsonArray()).stream()
        .map(o -> timelineEntry((JsonObject) o, names)).toList());
    boolean isRep = u.userId().equals(pip.getString("userId"));
    m.put("canSign", isRep && Pips.PROPOSED.equals(status));
    m.put("canCheckIn", (isRep || u.has(Role.LEADER)) && Pips.ACTIVE.equals(status));
    m.put("canDecide", u.has(Role.LEADER) && Pips.ACTIVE.equals(status));
    m.put("canExtend", pip.getInteger("extensions", 0) == 0);
    m.put("commitments", pip.getJsonArray("commitments", new JsonArray()).getList());
    m.put("canCommit", isRep && (Pips.PROPOSED.equals(status) || Pips.ACTIVE.equals(status)));
    m.put("commitmentsText", String.join("\n", pip.getJsonArray("commitments", new JsonArray()).stream()
        .map(String::valueOf).toList()));
    return m;
  }

  /**
   * One change of the PIP as a person reads it: when, who, what happened and what it changed (targets
   * with their KPI names, days, the check-in's note, the support), never the stored JSON, ids or
   * epoch milliseconds.
   */
  static Map<String, Object> timelineEntry(JsonObject a, Map<String, String> names) {
    JsonObject before = a.getJsonObject("before", new JsonObject());
    JsonObject after = a.getJsonObject("after", new JsonObject());
    Map<String, Object> row = new HashMap<>();
    row.put("at", Instant.ofEpochMilli(a.getLong("at")));
    row.put("by", names.getOrDefault(a.getString("by"), ""));
    row.put("action", a.getString("action"));
    if (after.getString("startsOn") != null && after.getString("endsOn") != null) {
      row.put("period", Map.of("from", after.getString("startsOn"), "to", after.getString("endsOn")));
    } else if (after.getString("endsOn") != null && before.getString("endsOn") != null) {
      row.put("endMoved", Map.of("from", before.getString("endsOn"), "to", after.getString("endsOn")));
    }
    if (after.getJsonArray("targets") != null) {
      row.put("targets", after.getJsonArray("targets").getList());
    }
    JsonObject support = after.getJsonObject("support");
    if (support != null) {
      Map<String, Object> sup = new HashMap<>();
      sup.put("modules", String.join(", ", support.getJsonArray("modules", new JsonArray()).stream()
          .map(String::valueOf).toList()));
      sup.put("mentor", names.get(support.getString("mentorId")));
      sup.put("coaching", support.getString("coaching"));
      row.put("support", sup);
    }
    JsonArray was = before.getJsonArray("checkIns", new JsonArray());
    JsonArray now = after.getJsonArray("checkIns");
    if (now != null && "check-in".equals(a.getString("action"))) {
      for (int i = 0; i < now.size(); i++) {
        JsonObject c = now.getJsonObject(i);
        String previous = i < was.size() ? was.getJsonObject(i).getString("note") : null;
        if (c.getString("note") != null && !c.getString("note").equals(previous)) {
          row.put("checkIn", Map.of("date", c.getString("date"), "note", c.getString("note")));
        }
      }
    }
    if (after.getJsonArray("commitments") != null) {
      row.put("commitments", after.getJsonArray("commitments").getList());
    }
    if (after.getString("outcomeNote") != null) {
      row.put("note", after.getString("outcomeNote"));
    }
    return row;
  }

  private static Map<String, Object> signature(JsonObject s, Map<String, String> names) {
    if (s == null) {
      return null;
    }
    return Map.of("name", names.getOrDefault(s.getString("by"), ""), "at", Instant.ofEpochMilli(s.getLong("at")));
  }

  /** The PIP as the API answers it (times as ISO instants). */
  static JsonObject json(JsonObject p) {
    JsonObject out = p.copy();
    out.put("id", out.remove("_id"));
    JsonArray audit = new JsonArray();
    p.getJsonArray("audit", new JsonArray()).forEach(o -> {
      JsonObject a = ((JsonObject) o).copy();
      a.put("at", Instant.ofEpochMilli(a.getLong("at")).toString());
      audit.add(a);
    });
    out.put("audit", audit);
    JsonObject sig = p.getJsonObject("signatures", new JsonObject()).copy();
    for (String who : List.of("leader", "rep")) {
      JsonObject s = sig.getJsonObject(who);
      if (s != null) {
        sig.put(who, s.copy().put("at", Instant.ofEpochMilli(s.getLong("at")).toString()));
      }
    }
    out.put("signatures", sig);
    if (out.getValue("createdAt") instanceof Number n) {
      out.put("createdAt", Instant.ofEpochMilli(n.longValue()).toString());
    }
    if (out.getValue("updatedAt") instanceof Number n) {
      out.put("updatedAt", Instant.ofEpochMilli(n.longValue()).toString());
    }
    return out;
  }
}
