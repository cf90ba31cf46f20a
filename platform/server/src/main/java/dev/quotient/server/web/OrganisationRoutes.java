package dev.quotient.server.web;

import dev.quotient.api.Access;
import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.Role;
import dev.quotient.server.account.Organisation;
import dev.quotient.server.account.OrganisationSettings;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;

/**
 * The organisation's settings: every member reads them ({@code GET /api/organisation}); admins change
 * them on {@code /admin/organisation} or with {@code PUT /api/organisation}.
 */
public final class OrganisationRoutes {

  private static final String OWNER = "platform";
  private static final Access ADMIN = Access.roles(Role.ADMIN);

  private final OrganisationSettings settings;
  private final dev.quotient.server.account.OrganisationRemoval removal;
  private final PageEngine pages;

  public OrganisationRoutes(OrganisationSettings settings, dev.quotient.server.account.OrganisationRemoval removal,
      PageEngine pages) {
    this.settings = settings;
    this.removal = removal;
    this.pages = pages;
  }

  public void register(RouteRegistry routes) {
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.GET, "/admin/organisation", ADMIN, this::page);
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.POST, "/admin/organisation", ADMIN, this::save);
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.GET, "/api/organisation", Access.signedIn(), this::apiGet);
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.PUT, "/api/organisation", ADMIN, this::apiPut);
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.POST, "/api/organisation/removal", ADMIN,
        ctx -> Web.respond(ctx, () -> removal.remove(CurrentUser.of(ctx), Web.body(ctx).getString("confirmName"),
            Web.client(ctx)), n -> Web.json(ctx, 200, new JsonObject().put("removed", n))));
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.POST, "/admin/organisation/removal", ADMIN,
        ctx -> Web.respond(ctx, () -> removal.remove(CurrentUser.of(ctx), Web.form(ctx, "confirmName"), Web.client(ctx)),
            n -> {
              // Nobody of it is left to be signed in.
              if (ctx.session() != null) {
                ctx.session().destroy();
              }
              Web.seeOther(ctx, "/");
            }));
  }

  private void page(RoutingContext ctx) {
    Web.respond(ctx, () -> settings.get(CurrentUser.of(ctx)), org -> render(ctx, form(org),
        "saved".equals(ctx.request().getParam("done")), null));
  }

  private void save(RoutingContext ctx) {
    Map<String, String> typed = new HashMap<>();
    for (String field : FIELDS) {
      typed.put(field, text(Web.form(ctx, field)));
    }
    OrganisationSettings.Changes changes;
    try {
      changes = new OrganisationSettings.Changes(typed.get("name"), typed.get("zone"), typed.get("locale"),
          typed.get("currency"), OrganisationSettings.lines(typed.get("values")), typed.get("weekStart"),
          number(typed.get("fiscalYearStart"), "error.settings.fiscalYearStart", 12),
          number(typed.get("responseMinutes"), "error.settings.responseMinutes", OrganisationSettings.MAX_RESPONSE_MINUTES),
          number(typed.get("attemptsPerLead"), "error.settings.attemptsPerLead", OrganisationSettings.MAX_ATTEMPTS),
          number(typed.get("followUpsPerLead"), "error.settings.followUpsPerLead", OrganisationSettings.MAX_FOLLOW_UPS));
    } catch (ClientError c) {
      ctx.response().setStatusCode(400);
      render(ctx, typed, false, pages.messages().text(RequestLocale.of(ctx), c.messageKey(), c.args()));
      return;
    }
    settings.update(CurrentUser.of(ctx), changes, Web.client(ctx))
        .onSuccess(org -> Web.seeOther(ctx, "/admin/organisation?done=saved"))
        .onFailure(e -> {
          if (e instanceof ClientError c && c.status() == 400) {
            // The form again with what was typed and the reason; nothing stored.
            ctx.response().setStatusCode(400);
            render(ctx, typed, false, pages.messages().text(RequestLocale.of(ctx), c.messageKey(), c.args()));
          } else {
            ctx.fail(e);
          }
        });
  }

  private void apiGet(RoutingContext ctx) {
    Web.respond(ctx, () -> settings.get(CurrentUser.of(ctx)), org -> Web.json(ctx, 200, json(org)));
  }

  private void apiPut(RoutingContext ctx) {
    JsonObject body = Web.body(ctx);
    JsonArray values = body.getJsonArray("values", new JsonArray());
    Web.respond(ctx, () -> settings.update(CurrentUser.of(ctx), new OrganisationSettings.Changes(body.getString("name"),
        body.getString("zone"), body.getString("locale"), body.getString("currency"),
        values.stream().map(String::valueOf).toList(), body.getString("weekStart"), body.getInteger("fiscalYearStart"),
        body.getInteger("responseMinutes"), body.getInteger("attemptsPerLead"), body.getInteger("followUpsPerLead")),
        Web.client(ctx)), org -> Web.json(ctx, 200, json(org)));
  }

  static JsonObject json(Organisation org) {
    return new JsonObject().put("id", org.id()).put("name", org.name()).put("zone", org.zone().getId())
        .put("locale", org.locale().toLanguageTag()).put("currency", org.currency().getCurrencyCode())
        .put("values", new JsonArray(org.values()))
        .put("weekStart", org.weekStart().name().toLowerCase(java.util.Locale.ROOT))
        .put("fiscalYearStart", org.fiscalYearStart().getValue())
        .put("responseMinutes", org.targets().responseMinutes()).put("attemptsPerLead", org.targets().attemptsPerLead())
        .put("followUpsPerLead", org.targets().followUpsPerLead());
  }

  private static final java.util.List<String> FIELDS = java.util.List.of("name", "zone", "locale", "currency", "values",
      "weekStart", "fiscalYearStart", "responseMinutes", "attemptsPerLead", "followUpsPerLead");

  private static Map<String, String> form(Organisation org) {
    Map<String, String> out = new HashMap<>();
    out.put("name", org.name());
    out.put("zone", org.zone().getId());
    out.put("locale", org.locale().getLanguage());
    out.put("currency", org.currency().getCurrencyCode());
    out.put("values", String.join("\n", org.values()));
    out.put("weekStart", org.weekStart().name().toLowerCase(java.util.Locale.ROOT));
    out.put("fiscalYearStart", String.valueOf(org.fiscalYearStart().getValue()));
    out.put("responseMinutes", String.valueOf(org.targets().responseMinutes()));
    out.put("attemptsPerLead", String.valueOf(org.targets().attemptsPerLead()));
    out.put("followUpsPerLead", String.valueOf(org.targets().followUpsPerLead()));
    return out;
  }

  /** A whole number typed in a form; null when left empty. */
  private static Integer number(String typed, String key, int max) {
    if (typed == null || typed.isBlank()) {
      return null;
    }
    try {
      return Integer.valueOf(typed.strip());
    } catch (NumberFormatException e) {
      throw ClientError.badRequest(key, typed.strip(), max);
    }
  }

  private void render(RoutingContext ctx, Map<String, String> typed, boolean saved, String error) {
    removal.isDemo(CurrentUser.of(ctx).orgId()).onComplete(demo -> render(ctx, typed, saved, error,
        demo.succeeded() && demo.result()));
  }

  private void render(RoutingContext ctx, Map<String, String> typed, boolean saved, String error, boolean demo) {
    Map<String, Object> model = new HashMap<>();
    model.put("demo", demo);
    model.put("settings", typed);
    model.put("zones", Choices.zones(typed.get("zone")));
    model.put("locales", OrganisationSettings.LOCALES.stream()
        .map(l -> Map.of("code", l, "selected", l.equals(typed.get("locale")))).toList());
    java.util.Locale locale = RequestLocale.of(ctx);
    model.put("currencies", Choices.currencies(typed.get("currency"), locale));
    model.put("weekDays", java.util.Arrays.stream(java.time.DayOfWeek.values()).map(d -> Map.of(
        "code", d.name().toLowerCase(java.util.Locale.ROOT),
        "name", d.getDisplayName(java.time.format.TextStyle.FULL_STANDALONE, locale),
        "selected", d.name().equalsIgnoreCase(typed.get("weekStart")))).toList());
    model.put("months", java.util.Arrays.stream(java.time.Month.values()).map(m -> Map.of(
        "code", m.getValue(), "name", m.getDisplayName(java.time.format.TextStyle.FULL_STANDALONE, locale),
        "selected", String.valueOf(m.getValue()).equals(typed.get("fiscalYearStart")))).toList());
    model.put("maxResponseMinutes", OrganisationSettings.MAX_RESPONSE_MINUTES);
    model.put("maxAttempts", OrganisationSettings.MAX_ATTEMPTS);
    model.put("maxFollowUps", OrganisationSettings.MAX_FOLLOW_UPS);
    model.put("saved", saved);
    model.put("error", error);
    pages.render(ctx, "admin-organisation", "admin.organisation.title", model);
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }
}
