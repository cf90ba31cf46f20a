package dev.quotient.plugin.leaderboards;

import dev.quotient.api.Access;
import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.Role;
import dev.quotient.api.web.PluginRoutes;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Contests over JSON ({@code /api/leaderboards/contests}) and as pages ({@code /leaderboards/contests}). */
final class ContestRoutes {

  static final Access LEADERS = Access.roles(Role.LEADER, Role.ADMIN);

  private final PluginContext context;
  private final ContestService contests;

  private final Visibility visibility;

  ContestRoutes(PluginContext context, ContestService contests, Visibility visibility) {
    this.context = context;
    this.contests = contests;
    this.visibility = visibility;
  }

  /** What this viewer may see of each person: other reps see people as they chose. */
  private io.vertx.core.Future<Visibility.Audience> audience(CurrentUser u) {
    return visibility.choices(u.orgId()).map(choices -> Visibility.Audience.of(u, false, choices));
  }

  void register(PluginRoutes routes) {
    routes.api(HttpMethod.POST, "/contests", LEADERS, ctx -> {
      CurrentUser u = CurrentUser.of(ctx);
      contests.create(u.orgId(), u.userId(), PluginRoutes.jsonBody(ctx))
          .compose(c -> contests.standings(u.orgId(), c.id()))
          .onSuccess(s -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
              .putHeader("Location", "/api/leaderboards/contests/" + s.contest().id())
              .end(ContestService.view(s).encode()))
          .onFailure(ctx::fail);
    });
    routes.api(HttpMethod.GET, "/contests", Access.signedIn(), ctx -> {
      CurrentUser u = CurrentUser.of(ctx);
      BoardRoutes.json(ctx, contests.list(u.orgId()).compose(list -> audience(u).map(a -> new JsonObject()
          .put("contests", new JsonArray(list.stream().map(d -> summary(d, a)).toList())))));
    });
    routes.api(HttpMethod.GET, "/contests/:id", Access.signedIn(), ctx -> {
      CurrentUser u = CurrentUser.of(ctx);
      BoardRoutes.json(ctx, contests.standings(u.orgId(), ctx.pathParam("id"))
          .compose(s -> audience(u).map(a -> ContestService.view(s, a))));
    });
    routes.page(HttpMethod.GET, "/contests", Access.signedIn(), this::listPage);
    routes.page(HttpMethod.POST, "/contests", LEADERS, this::createFromForm);
    routes.page(HttpMethod.GET, "/contests/:id", Access.signedIn(), ctx -> {
      CurrentUser u = CurrentUser.of(ctx);
      contests.standings(u.orgId(), ctx.pathParam("id")).compose(s -> audience(u).map(a -> {
        JsonObject v = ContestService.view(s, a);
        Map<String, Object> model = new HashMap<>(v.getMap());
        model.put("ended", "ended".equals(s.status()));
        model.put("startAt", s.contest().start());
        model.put("endAt", s.contest().end());
        model.put("percent", s.contest().variant() != Contest.Variant.ABSOLUTE);
        model.put("created", "1".equals(ctx.request().getParam("created")));
        return model;
      })).onSuccess(model -> context.pages().render(ctx, "contest", "leaderboards.contest.title", model))
          .onFailure(ctx::fail);
    });
  }

  private static JsonObject summary(JsonObject d, Visibility.Audience audience) {
    return new JsonObject().put("id", d.getString("_id")).put("name", d.getString("name"))
        .put("scope", d.getString("scope")).put("variant", d.getString("variant")).put("metric", d.getString("metric"))
        .put("start", java.time.Instant.ofEpochMilli(d.getLong("start")).toString())
        .put("end", java.time.Instant.ofEpochMilli(d.getLong("end")).toString()).put("status", d.getString("status"))
        .put("winners", ContestService.winners(d.getJsonArray("winners", new JsonArray()),
            !"team".equals(d.getString("scope")), audience));
  }

  private void listPage(RoutingContext ctx) {
    CurrentUser u = CurrentUser.of(ctx);
    contests.list(u.orgId()).compose(list -> audience(u).map(a -> {
      Map<String, Object> model = new HashMap<>();
      List<Map<String, Object>> items = new ArrayList<>();
      for (JsonObject d : list) {
        Map<String, Object> m = new HashMap<>(summary(d, a).getMap());
        m.put("startAt", java.time.Instant.ofEpochMilli(d.getLong("start")));
        m.put("endAt", java.time.Instant.ofEpochMilli(d.getLong("end")));
        m.put("ended", "ended".equals(d.getString("status")));
        items.add(m);
      }
      model.put("contests", items);
      model.put("leader", LEADERS.allows(u));
      return model;
    })).onSuccess(model -> context.pages().render(ctx, "contests", "leaderboards.contests.title", model))
        .onFailure(ctx::fail);
  }

  /** The page form: local date-times in the organisation's zone, prizes one per line. */
  private void createFromForm(RoutingContext ctx) {
    CurrentUser u = CurrentUser.of(ctx);
    MultiMap form = ctx.request().formAttributes();
    JsonObject body = new JsonObject().put("name", form.get("name")).put("scope", form.get("scope"))
        .put("metric", form.get("metric")).put("variant", form.get("variant"))
        .put("start", local(form.get("start"), u.zone(), "start")).put("end", local(form.get("end"), u.zone(), "end"));
    JsonArray prizes = new JsonArray();
    String p = form.get("prizes");
    if (p != null) {
      p.lines().map(String::strip).filter(s -> !s.isEmpty()).forEach(prizes::add);
    }
    body.put("prizes", prizes);
    String target = form.get("defaultTarget");
    if (target != null && !target.isBlank()) {
      try {
        body.put("defaultTarget", Long.parseLong(target.strip()));
      } catch (NumberFormatException e) {
        throw ClientError.badRequest("leaderboards.error.contest.target", "defaultTarget");
      }
    }
    contests.create(u.orgId(), u.userId(), body)
        .onSuccess(c -> ctx.response().setStatusCode(303)
            .putHeader("Location", "/leaderboards/contests/" + c.id() + "?created=1").end())
        .onFailure(ctx::fail);
  }

  private static String local(String value, ZoneId zone, String field) {
    try {
      return LocalDateTime.parse(value == null ? "" : value).atZone(zone).toInstant().toString();
    } catch (DateTimeParseException e) {
      throw ClientError.badRequest("leaderboards.error.contest.time", field);
    }
  }
}
