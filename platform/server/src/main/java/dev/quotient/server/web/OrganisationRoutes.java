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
  private final PageEngine pages;

  public OrganisationRoutes(OrganisationSettings settings, PageEngine pages) {
    this.settings = settings;
    this.pages = pages;
  }

  public void register(RouteRegistry routes) {
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.GET, "/admin/organisation", ADMIN, this::page);
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.POST, "/admin/organisation", ADMIN, this::save);
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.GET, "/api/organisation", Access.signedIn(), this::apiGet);
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.PUT, "/api/organisation", ADMIN, this::apiPut);
  }

  private void page(RoutingContext ctx) {
    Web.respond(ctx, () -> settings.get(CurrentUser.of(ctx)), org -> render(ctx, form(org),
        "saved".equals(ctx.request().getParam("done")), null));
  }

  private void save(RoutingContext ctx) {
    Map<String, String> typed = Map.of("name", text(Web.form(ctx, "name")), "zone", text(Web.form(ctx, "zone")),
        "locale", text(Web.form(ctx, "locale")), "currency", text(Web.form(ctx, "currency")),
        "values", text(Web.form(ctx, "values")));
    settings.update(CurrentUser.of(ctx), new OrganisationSettings.Changes(typed.get("name"), typed.get("zone"),
            typed.get("locale"), typed.get("currency"), OrganisationSettings.lines(typed.get("values"))), Web.client(ctx))
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
        values.stream().map(String::valueOf).toList()), Web.client(ctx)), org -> Web.json(ctx, 200, json(org)));
  }

  static JsonObject json(Organisation org) {
    return new JsonObject().put("id", org.id()).put("name", org.name()).put("zone", org.zone().getId())
        .put("locale", org.locale().toLanguageTag()).put("currency", org.currency().getCurrencyCode())
        .put("values", new JsonArray(org.values()));
  }

  private static Map<String, String> form(Organisation org) {
    return Map.of("name", org.name(), "zone", org.zone().getId(), "locale", org.locale().getLanguage(),
        "currency", org.currency().getCurrencyCode(), "values", String.join("\n", org.values()));
  }

  private void render(RoutingContext ctx, Map<String, String> typed, boolean saved, String error) {
    Map<String, Object> model = new HashMap<>();
    model.put("settings", typed);
    model.put("zones", Choices.zones(typed.get("zone")));
    model.put("locales", OrganisationSettings.LOCALES.stream()
        .map(l -> Map.of("code", l, "selected", l.equals(typed.get("locale")))).toList());
    model.put("currencies", Choices.currencies(typed.get("currency"), RequestLocale.of(ctx)));
    model.put("saved", saved);
    model.put("error", error);
    pages.render(ctx, "admin-organisation", "admin.organisation.title", model);
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }
}
