package dev.quotient.server.web;

import dev.quotient.api.Access;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.Role;
import dev.quotient.server.account.AccountService;
import dev.quotient.server.account.ApiTokens;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A user's own account: language, API tokens. Pages and the matching API. */
public final class AccountRoutes {

  private static final String OWNER = "platform";

  private final AccountService accounts;
  private final PageEngine pages;

  public AccountRoutes(AccountService accounts, PageEngine pages) {
    this.accounts = accounts;
    this.pages = pages;
  }

  public void register(RouteRegistry routes) {
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.GET, "/account", Access.signedIn(), this::page);
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.POST, "/account/locale", Access.signedIn(), this::setLocale);
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.POST, "/account/tokens", Access.signedIn(), this::createToken);
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.POST, "/account/tokens/:id/revoke", Access.signedIn(),
        this::revokeToken);
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.GET, "/api/me", Access.signedIn(), this::me);
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.GET, "/api/tokens", Access.signedIn(), this::listTokens);
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.POST, "/api/tokens", Access.signedIn(), this::apiCreateToken);
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.DELETE, "/api/tokens/:id", Access.signedIn(),
        this::apiRevokeToken);
  }

  private void page(RoutingContext ctx) {
    render(ctx, null);
  }

  private void render(RoutingContext ctx, ApiTokens.IssuedToken issued) {
    CurrentUser user = CurrentUser.of(ctx);
    Web.respond(ctx, () -> accounts.tokens(user), tokens -> {
      Map<String, Object> model = new HashMap<>();
      model.put("tokens", tokens.stream().map(t -> Map.of("id", t.id(), "name", t.name(), "createdAt", t.createdAt()))
          .toList());
      model.put("issued", issued == null ? null : issued.secret());
      model.put("zone", user.zone().getId());
      model.put("languages", List.of(
          Map.of("code", "en", "selected", "en".equals(user.locale().getLanguage())),
          Map.of("code", "pl", "selected", "pl".equals(user.locale().getLanguage()))));
      pages.render(ctx, "account", "account.title", model);
    });
  }

  private void setLocale(RoutingContext ctx) {
    Web.respond(ctx, () -> accounts.setLocale(CurrentUser.of(ctx), Web.form(ctx, "language")),
        v -> Web.seeOther(ctx, "/account"));
  }

  private void createToken(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    Web.respond(ctx, () -> accounts.issueToken(user.userId(), Web.form(ctx, "name"), Web.client(ctx)),
        issued -> render(ctx, issued));
  }

  private void revokeToken(RoutingContext ctx) {
    Web.respond(ctx, () -> accounts.revokeToken(CurrentUser.of(ctx), ctx.pathParam("id"), Web.client(ctx)),
        v -> Web.seeOther(ctx, "/account"));
  }

  private void me(RoutingContext ctx) {
    CurrentUser u = CurrentUser.of(ctx);
    Web.json(ctx, 200, new JsonObject().put("id", u.userId()).put("orgId", u.orgId()).put("email", u.email())
        .put("name", u.name()).put("roles", new JsonArray(u.roles().stream().map(Role::key).sorted().toList()))
        .put("locale", u.locale().toLanguageTag()).put("zone", u.zone().getId()));
  }

  private void listTokens(RoutingContext ctx) {
    Web.respond(ctx, () -> accounts.tokens(CurrentUser.of(ctx)), tokens -> Web.json(ctx, 200,
        new JsonArray(tokens.stream().map(t -> new JsonObject().put("id", t.id()).put("name", t.name())
            .put("createdAt", t.createdAt().toString())).toList())));
  }

  private void apiCreateToken(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    Web.respond(ctx, () -> accounts.issueToken(user.userId(), Web.body(ctx).getString("name"), Web.client(ctx)),
        issued -> Web.json(ctx, 201, new JsonObject().put("token", issued.secret()).put("id", issued.info().id())
            .put("name", issued.info().name()).put("createdAt", issued.info().createdAt().toString())));
  }

  private void apiRevokeToken(RoutingContext ctx) {
    Web.respond(ctx, () -> accounts.revokeToken(CurrentUser.of(ctx), ctx.pathParam("id"), Web.client(ctx)),
        v -> ctx.response().setStatusCode(204).end());
  }
}
