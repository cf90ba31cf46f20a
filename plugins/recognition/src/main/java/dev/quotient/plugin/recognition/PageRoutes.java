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
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Server-rendered pages under {@code /recognition}; forms post back here and redirect (303) on success. */
final class PageRoutes {

  private final PluginContext context;
  private final PraiseService praise;
  private final AwardService awards;
  private final BadgeCatalogue badges;
  private final Credentials credentials;
  private final ApiRoutes api;
  private final Progress progress;

  PageRoutes(PluginContext context, PraiseService praise, AwardService awards, BadgeCatalogue badges,
      Credentials credentials, ApiRoutes api, Progress progress) {
    this.progress = progress;
    this.context = context;
    this.praise = praise;
    this.awards = awards;
    this.badges = badges;
    this.credentials = credentials;
    this.api = api;
  }

  void register(PluginRoutes routes) {
    routes.page(HttpMethod.GET, "/", Access.signedIn(), this::home);
    routes.page(HttpMethod.POST, "/praise", Access.signedIn(), this::givePraise);
    routes.page(HttpMethod.GET, "/me", Access.signedIn(), ctx -> seeOther(ctx, "/recognition/people/" + user(ctx).userId()));
    routes.page(HttpMethod.GET, "/people/:id", Access.signedIn(), this::person);
    routes.page(HttpMethod.GET, "/award", ApiRoutes.LEADERS, this::awardForm);
    routes.page(HttpMethod.POST, "/award", ApiRoutes.LEADERS, this::award);
    routes.page(HttpMethod.GET, "/verify/:id", Access.anyone(), this::verify);
    routes.page(HttpMethod.POST, "/goals", Access.signedIn(), this::createGoal);
    routes.page(HttpMethod.POST, "/goals/:id/agree", ApiRoutes.LEADERS, this::agreeGoal);
    routes.page(HttpMethod.POST, "/people/:id/cadence", ApiRoutes.LEADERS, this::setCadence);
  }

  private void createGoal(RoutingContext ctx) {
    CurrentUser u = user(ctx);
    var form = ctx.request().formAttributes();
    progress.goals().create(u, blankToNull(form.get("token")), blankToNull(form.get("userId")), form.get("title"),
            form.get("metric"), form.get("target"), form.get("dueOn"))
        .onSuccess(m -> seeOther(ctx, "/recognition/people/" + m.goal().getString("userId") + "?goal=1#goals-h"))
        .onFailure(ctx::fail);
  }

  private void agreeGoal(RoutingContext ctx) {
    CurrentUser u = user(ctx);
    String back = ctx.request().formAttributes().get("back");
    progress.goals().agree(u, ctx.pathParam("id"))
        .onSuccess(g -> seeOther(ctx, "home".equals(back) ? "/recognition?agreed=1"
            : "/recognition/people/" + g.getString("userId") + "?agreed=1#goals-h"))
        .onFailure(ctx::fail);
  }

  private void setCadence(RoutingContext ctx) {
    CurrentUser u = user(ctx);
    var form = ctx.request().formAttributes();
    String id = ctx.pathParam("id");
    progress.setCadence(u, id, form.get("period"), form.get("target"))
        .onSuccess(c -> seeOther(ctx, "/recognition/people/" + id + "?cadence=1#cadence-h"))
        .onFailure(ctx::fail);
  }

  private void home(RoutingContext ctx) {
    CurrentUser u = user(ctx);
    // Leaders see the whole organisation unless they ask for their team.
    boolean wholeOrg = u.has(Role.LEADER) && !"team".equals(ctx.request().getParam("scope"));
    String to = ctx.request().getParam("to");
    context.directory().organisation(u.orgId()).compose(org -> context.directory().people(u.orgId())
        .compose(people -> praise.feed(u, wholeOrg).compose(feed -> progress.celebrations(u, wholeOrg)
        .compose(cel -> (u.has(Role.LEADER) ? progress.proposed(u) : Future.succeededFuture(new JsonArray()))
        .map(proposed -> {
          Map<String, String> names = PraiseService.names(people);
          Map<String, Object> model = new HashMap<>();
          model.put("people", people.stream().filter(p -> !p.id().equals(u.userId()))
              .map(p -> Map.of("id", p.id(), "name", p.name(), "selected", p.id().equals(to))).toList());
          List<Map<String, Object>> items = new ArrayList<>(feed.stream().map(p -> item(PraiseService.view(p, names))).toList());
          cel.stream().map(c -> celebration((JsonObject) c)).forEach(items::add);
          items.sort(Comparator.comparing((Map<String, Object> m) -> (String) m.get("givenAt")).reversed());
          model.put("items", items.subList(0, Math.min(items.size(), PraiseService.FEED_SIZE)));
          model.put("proposed", proposed.stream().map(g -> goalItem((JsonObject) g, names)).toList());
          model.put("agreed", "1".equals(ctx.request().getParam("agreed")));
          model.put("values", org == null ? List.of() : org.values());
          model.put("token", UUID.randomUUID().toString());
          model.put("wholeOrg", wholeOrg);
          model.put("leader", u.has(Role.LEADER));
          model.put("praised", "1".equals(ctx.request().getParam("praised")));
          model.put("me", u.userId());
          return model;
        }))))).onSuccess(model -> context.pages().render(ctx, "home", "recognition.title", model)).onFailure(ctx::fail);
  }

  private static Map<String, Object> celebration(JsonObject c) {
    Map<String, Object> m = new HashMap<>(c.getMap());
    m.put("praise", false);
    m.put("praiseUrl", c.getString("praiseUrl"));
    m.put("goalMet", Celebrations.GOAL_MET.equals(c.getString("type")));
    m.put("name", c.getJsonObject("person").getString("name"));
    m.put("givenAt", c.getString("at"));
    return m;
  }

  private static Map<String, Object> goalItem(JsonObject g, Map<String, String> names) {
    Map<String, Object> m = new HashMap<>(g.getMap());
    m.put("name", names.getOrDefault(g.getString("userId"), ""));
    m.put(g.getString("state"), true);
    return m;
  }

  private static Map<String, Object> item(JsonObject p) {
    Map<String, Object> m = new HashMap<>();
    m.put("praise", true);
    m.put("from", p.getJsonObject("from").getString("name"));
    m.put("to", p.getJsonObject("to").getString("name"));
    m.put("toId", p.getJsonObject("to").getString("id"));
    m.put("value", p.getString("value"));
    m.put("html", p.getString("html"));
    m.put("givenAt", p.getString("givenAt"));
    return m;
  }

  private void givePraise(RoutingContext ctx) {
    var form = ctx.request().formAttributes();
    praise.give(user(ctx), blankToNull(form.get("token")), form.get("toUserId"), form.get("value"), form.get("message"))
        .onSuccess(g -> seeOther(ctx, "/recognition?praised=1"))
        .onFailure(ctx::fail);
  }

  private void person(RoutingContext ctx) {
    CurrentUser u = user(ctx);
    api.person(u, ctx.pathParam("id")).onSuccess(p -> {
      Map<String, Object> model = new HashMap<>();
      model.put("name", p.getString("name"));
      model.put("self", u.userId().equals(p.getString("id")));
      model.put("leader", u.has(Role.LEADER));
      model.put("badges", p.getJsonArray("badges").stream().map(o -> {
        JsonObject a = (JsonObject) o;
        Map<String, Object> m = new HashMap<>(a.getMap());
        m.put("revoked", a.getBoolean("revoked"));
        return m;
      }).toList());
      model.put("praise", p.getJsonArray("praise").stream().map(o -> item((JsonObject) o)).toList());
      model.put("awarded", "1".equals(ctx.request().getParam("awarded")));
      model.put("id", p.getString("id"));
      model.put("rep", p.getBoolean("rep"));
      Map<String, String> names = Map.of(p.getString("id"), p.getString("name"));
      boolean canAgree = u.has(Role.LEADER) && !u.userId().equals(p.getString("id"));
      model.put("goals", p.getJsonArray("goals").stream().map(o -> {
        Map<String, Object> g = goalItem((JsonObject) o, names);
        g.put("canAgree", canAgree && Goals.PROPOSED.equals(g.get("state")));
        g.put("praiseUrl", canAgree && Goals.MET.equals(g.get("state"))
            ? "/recognition?to=" + p.getString("id") + "#praise-form" : null);
        return g;
      }).toList());
      model.put("metrics", ActivityLog.KINDS);
      model.put("token", UUID.randomUUID().toString());
      model.put("today", java.time.LocalDate.ofInstant(context.clock().instant(), u.zone()).toString());
      model.put("goalDone", "1".equals(ctx.request().getParam("goal")));
      model.put("agreed", "1".equals(ctx.request().getParam("agreed")));
      model.put("cadenceDone", "1".equals(ctx.request().getParam("cadence")));
      JsonObject cadence = p.getJsonObject("cadence");
      Map<String, Object> c = new HashMap<>(cadence.getMap());
      c.put("weekly", "weekly".equals(cadence.getString("period")));
      model.put("cadence", c);
      context.pages().render(ctx, "person", "recognition.person.title", model);
    }).onFailure(ctx::fail);
  }

  private void awardForm(RoutingContext ctx) {
    CurrentUser u = user(ctx);
    context.directory().people(u.orgId()).onSuccess(people -> {
      Map<String, Object> model = new HashMap<>();
      model.put("people", people.stream().map(p -> Map.of("id", p.id(), "name", p.name())).toList());
      model.put("badges", badges.ofKind("manual").stream().map(b -> Map.of("id", b.getString("_id"),
          "name", BadgeCatalogue.text(b, "name", u.locale()),
          "criteria", BadgeCatalogue.text(b, "criteria", u.locale()))).toList());
      context.pages().render(ctx, "award", "recognition.award.title", model);
    }).onFailure(ctx::fail);
  }

  private void award(RoutingContext ctx) {
    CurrentUser u = user(ctx);
    var form = ctx.request().formAttributes();
    String userId = form.get("userId");
    awards.manual(u.orgId(), u.userId(), userId, form.get("badgeId"), blankToNull(form.get("note")))
        .onSuccess(a -> seeOther(ctx, "/recognition/people/" + a.award().getString("userId") + "?awarded=1"))
        .onFailure(ctx::fail);
  }

  private void verify(RoutingContext ctx) {
    credentials.verify(ctx.pathParam("id")).recover(e -> e instanceof ClientError c && c.status() == 404
            ? io.vertx.core.Future.succeededFuture((JsonObject) null) : io.vertx.core.Future.failedFuture(e))
        .onSuccess(result -> {
          Map<String, Object> model = new HashMap<>();
          model.put("found", result != null);
          if (result != null) {
            model.putAll(result.getMap());
            model.put("awardedOn", day(result.getString("awardedAt"), ctx));
          }
          context.pages().render(ctx, "verify", "recognition.verify.title", model);
        }).onFailure(ctx::fail);
  }

  private static String day(String instant, RoutingContext ctx) {
    CurrentUser u = user(ctx);
    Locale locale = u != null ? u.locale() : Locale.forLanguageTag(
        String.valueOf(ctx.request().getHeader("Accept-Language")).startsWith("pl") ? "pl" : "en");
    return DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale)
        .withZone(u != null ? u.zone() : ZoneId.of("UTC")).format(Instant.parse(instant));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static void seeOther(RoutingContext ctx, String location) {
    ctx.response().setStatusCode(303).putHeader("Location", location).end();
  }

  private static CurrentUser user(RoutingContext ctx) {
    return CurrentUser.of(ctx);
  }
}
