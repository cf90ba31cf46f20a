package dev.quotient.plugin.development.kpi;

import dev.quotient.api.Access;
import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.Role;
import dev.quotient.api.web.PluginRoutes;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The KPI routes: JSON under {@code /api/development} (declared in the platform's openapi.json) and
 * the pages and forms under {@code /development}. Forms post back and redirect (303) on success.
 */
public final class KpiRoutes {

  static final Access LEADERS = Access.roles(Role.LEADER, Role.ADMIN);

  private final PluginContext context;
  private final KpiViews views;
  private final Ledgers ledgers;
  private final KpiPages pages;
  private final String css;

  public KpiRoutes(PluginContext context, KpiViews views, Ledgers ledgers, KpiPages pages) {
    this.context = context;
    this.views = views;
    this.ledgers = ledgers;
    this.pages = pages;
    this.css = resource("development/kpi.css");
  }

  public void register(PluginRoutes routes) {
    routes.api(HttpMethod.GET, "/kpis/:userId", Access.signedIn(), ctx -> json(ctx, 200,
        views.repJson(user(ctx), ctx.pathParam("userId"), ctx.queryParams().get("from"), ctx.queryParams().get("to"))));
    routes.api(HttpMethod.GET, "/team/:teamId/benchmarks", LEADERS, ctx -> json(ctx, 200,
        views.teamJson(user(ctx), ctx.pathParam("teamId"), ctx.queryParams().get("month"))));
    routes.api(HttpMethod.GET, "/costs", LEADERS, ctx -> json(ctx, 200, ledgers.costList(user(ctx).orgId())));
    routes.api(HttpMethod.POST, "/costs", LEADERS, ctx -> json(ctx, 201, ledgers.putCost(user(ctx), PluginRoutes.jsonBody(ctx))));
    routes.api(HttpMethod.GET, "/departures", LEADERS, ctx -> json(ctx, 200, ledgers.departureList(user(ctx).orgId())));
    routes.api(HttpMethod.POST, "/departures", LEADERS, ctx ->
        json(ctx, 201, ledgers.putDeparture(user(ctx), PluginRoutes.jsonBody(ctx))));

    routes.page(HttpMethod.GET, "/kpis", Access.signedIn(), ctx -> seeOther(ctx, "/development/kpis/" + user(ctx).userId()));
    routes.page(HttpMethod.GET, "/kpis/:userId", Access.signedIn(), pages::rep);
    routes.page(HttpMethod.GET, "/team", LEADERS, pages::team);
    routes.page(HttpMethod.POST, "/costs", LEADERS, ctx -> {
      MultiMap f = ctx.request().formAttributes();
      JsonObject body = new JsonObject().put("month", f.get("month")).put("leadSource", f.get("leadSource"))
          .put("amount", amount(f.get("amount")))
          .put("teamId", "1".equals(f.get("forTeam")) ? f.get("team") : null);
      ledgers.putCost(user(ctx), body).onSuccess(c -> seeOther(ctx, "/development/team?" + teamParam(f) + "saved=cost#costs-h"))
          .onFailure(ctx::fail);
    });
    routes.page(HttpMethod.POST, "/departures", LEADERS, ctx -> {
      MultiMap f = ctx.request().formAttributes();
      JsonObject body = new JsonObject().put("userId", f.get("userId")).put("date", f.get("date")).put("kind", f.get("kind"));
      ledgers.putDeparture(user(ctx), body)
          .onSuccess(c -> seeOther(ctx, "/development/team?" + teamParam(f) + "saved=departure#turnover-h")).onFailure(ctx::fail);
    });
    routes.page(HttpMethod.GET, "/kpi.css", Access.signedIn(), ctx -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/css; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "private, max-age=300").end(css));
  }

  /** A form's amount: a number, or the raw text so validation names it. */
  static Object amount(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      return Double.parseDouble(raw.trim().replace(',', '.').replace(" ", "").replace("\u00a0", ""));
    } catch (NumberFormatException e) {
      return raw;
    }
  }

  private static String teamParam(MultiMap f) {
    String team = f.get("team");
    return team != null && team.matches("[A-Za-z0-9_-]{1,64}") ? "team=" + team + "&" : "";
  }

  static CurrentUser user(RoutingContext ctx) {
    return CurrentUser.of(ctx);
  }

  static void seeOther(RoutingContext ctx, String location) {
    ctx.response().setStatusCode(303).putHeader(HttpHeaders.LOCATION, location).end();
  }

  private static void json(RoutingContext ctx, int status, Future<JsonObject> result) {
    try {
      result.onSuccess(j -> ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(j.encode())).onFailure(ctx::fail);
    } catch (ClientError e) {
      ctx.fail(e);
    }
  }

  private String resource(String path) {
    try (InputStream in = KpiRoutes.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is missing from the plugin jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
