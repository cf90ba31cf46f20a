package dev.quotient.plugin.recognition;

import dev.quotient.api.Access;
import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.Role;
import dev.quotient.api.web.PluginRoutes;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
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

  PageRoutes(PluginContext context, PraiseService praise, AwardService awards, BadgeCatalogue badges,
      Credentials credentials, ApiRoutes api) {
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
  }

  private void home(RoutingContext ctx) {
    CurrentUser u = user(ctx);
    // Leaders see the whole organisation unless they ask for their team.
    boolean wholeOrg = u.has(Role.LEADER) && !"team".equals(ctx.request().getParam("scope"));
    context.directory().organisation(u.orgId()).compose(org -> context.directory().people(u.orgId())
        .compose(people -> praise.feed(u, wholeOrg).map(feed -> {
          Map<String, String> names = PraiseService.names(people);
          Map<String, Object> model = new HashMap<>();
          model.put("people", people.stream().filter(p -> !p.id().equals(u.userId()))
              .map(p -> Map.of("id", p.id(), "name", p.name())).toList());
          model.put("values", org == null ? List.of() : org.values());
          model.put("token", UUID.randomUUID().toString());
          model.put("feed", feed.stream().map(p -> item(PraiseService.view(p, names))).toList());
          model.put("wholeOrg", wholeOrg);
          model.put("leader", u.has(Role.LEADER));
          model.put("praised", "1".equals(ctx.request().getParam("praised")));
          model.put("me", u.userId());
          return model;
        }))).onSuccess(model -> context.pages().render(ctx, "home", "recognition.title", model)).onFailure(ctx::fail);
  }

  private static Map<String, Object> item(JsonObject p) {
    Map<String, Object> m = new HashMap<>();
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
