package dev.quotient.server.web;

import dev.quotient.api.Access;
import dev.quotient.api.ClientError;
import dev.quotient.server.account.InvitationService;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;

/**
 * The page behind an invitation link: the invited user chooses a password and is signed in. An
 * unknown link answers 404, a used, replaced or expired one 410, each as a page saying so.
 */
public final class WelcomeRoutes {

  private static final String OWNER = "platform";

  private final InvitationService invitations;
  private final PageEngine pages;

  public WelcomeRoutes(InvitationService invitations, PageEngine pages) {
    this.invitations = invitations;
    this.pages = pages;
  }

  public void register(RouteRegistry routes) {
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.GET, "/welcome/:token", Access.anyone(), this::page);
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.POST, "/welcome/:token", Access.anyone(), this::choose);
  }

  private void page(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    invitations.open(token, Web.client(ctx))
        .onSuccess(opened -> render(ctx, token, opened.user().name(), opened.user().email(), null))
        .onFailure(e -> fail(ctx, e));
  }

  private void choose(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    invitations.accept(token, Web.form(ctx, "password"), Web.form(ctx, "confirmation"), Web.client(ctx))
        .onSuccess(user -> {
          SignInRoutes.startSession(ctx, user.id());
          Web.seeOther(ctx, "/");
        })
        .onFailure(e -> {
          if (e instanceof ClientError c && c.status() == 400) {
            // The link is fine, the password is not: the form again, nothing stored.
            invitations.open(token, Web.client(ctx)).onSuccess(opened -> {
              ctx.response().setStatusCode(400);
              render(ctx, token, opened.user().name(), opened.user().email(),
                  pages.messages().text(RequestLocale.of(ctx), c.messageKey(), c.args()));
            }).onFailure(again -> fail(ctx, again));
          } else {
            fail(ctx, e);
          }
        });
  }

  private void render(RoutingContext ctx, String token, String name, String email, String error) {
    Map<String, Object> model = new HashMap<>();
    model.put("action", "/welcome/" + token);
    model.put("name", name);
    model.put("email", email);
    model.put("error", error);
    // Nobody but the holder of the link should see or keep it.
    ctx.response().putHeader("Referrer-Policy", "no-referrer");
    pages.render(ctx, "welcome", "welcome.title", model);
  }

  private static void fail(RoutingContext ctx, Throwable e) {
    SignInRoutes.retryAfter(ctx, e);
    ctx.fail(e);
  }
}
