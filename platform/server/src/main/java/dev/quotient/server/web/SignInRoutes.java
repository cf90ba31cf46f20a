package dev.quotient.server.web;

import dev.quotient.api.Access;
import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.server.account.AccountService;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;

/** Sign-in and sign-out pages, and the token endpoint for scripts. */
public final class SignInRoutes {

  private static final String OWNER = "platform";

  private final AccountService accounts;
  private final PageEngine pages;
  private final Problems problems;

  public SignInRoutes(AccountService accounts, PageEngine pages, Problems problems) {
    this.accounts = accounts;
    this.pages = pages;
    this.problems = problems;
  }

  public void register(RouteRegistry routes) {
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.GET, "/signin", Access.anyone(), this::signInPage);
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.POST, "/signin", Access.anyone(), this::signIn);
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.POST, "/signout", Access.signedIn(), this::signOut);
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.POST, "/api/auth/token", Access.anyone(), this::token);
  }

  private void signInPage(RoutingContext ctx) {
    if (CurrentUser.of(ctx) != null) {
      Web.seeOther(ctx, "/");
      return;
    }
    showForm(ctx, null, ctx.request().getParam("next"));
  }

  private void showForm(RoutingContext ctx, String error, String next) {
    Map<String, Object> model = new HashMap<>();
    model.put("error", error);
    model.put("next", safeNext(next));
    model.put("email", ctx.request().getFormAttribute("email"));
    pages.render(ctx, "signin", "signin.title", model);
  }

  private void signIn(RoutingContext ctx) {
    String next = safeNext(Web.form(ctx, "next"));
    accounts.signIn(Web.form(ctx, "email"), Web.form(ctx, "password"), Web.client(ctx))
        .onSuccess(user -> {
          startSession(ctx, user.id());
          Web.seeOther(ctx, next);
        })
        .onFailure(e -> {
          retryAfter(ctx, e);
          if (e instanceof ClientError c) {
            ctx.response().setStatusCode(c.status());
            showForm(ctx, pages.messages().text(RequestLocale.of(ctx), c.messageKey(), c.args()), next);
          } else {
            ctx.fail(e);
          }
        });
  }

  private void signOut(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    ctx.session().destroy();
    accounts.signedOut(user, Web.client(ctx)).onComplete(done -> Web.seeOther(ctx, "/signin"));
  }

  private void token(RoutingContext ctx) {
    JsonObject body = Web.body(ctx);
    Web.respond(ctx,
        () -> accounts.signIn(body.getString("email"), body.getString("password"), Web.client(ctx))
            .onFailure(e -> retryAfter(ctx, e))
            .compose(user -> accounts.issueToken(user.id(), body.getString("name"), Web.client(ctx))),
        issued -> Web.json(ctx, 201, new JsonObject().put("token", issued.secret()).put("id", issued.info().id())
            .put("name", issued.info().name()).put("createdAt", issued.info().createdAt().toString())));
  }

  /** Signs the browser in as this user. */
  static void startSession(RoutingContext ctx, String userId) {
    // A new session id on sign-in: a session fixed before sign-in is worthless.
    ctx.session().regenerateId();
    ctx.session().put(Authenticator.SESSION_USER, userId);
  }

  /** Tells a throttled caller, browser or script, when to try again. */
  static void retryAfter(RoutingContext ctx, Throwable e) {
    if (e instanceof ClientError c && c.status() == 429 && c.args().length > 0) {
      ctx.response().putHeader("Retry-After", String.valueOf(c.args()[0]));
    }
  }

  /**
   * Only local paths, so the sign-in form cannot be used to redirect elsewhere: no control characters
   * or spaces (browsers drop a tab, so "/\t/x.example" would be "//x.example"; CR or LF would break the
   * header), no backslash, and a path that stays local once its escapes are decoded ("/%2F/x.example").
   * Anything else goes home.
   */
  static String safeNext(String next) {
    if (next == null || next.length() > 2_000 || !next.startsWith("/") || next.startsWith("//")) {
      return "/";
    }
    for (int i = 0; i < next.length(); i++) {
      char c = next.charAt(i);
      if (c <= 0x20 || c == 0x7F || c == '\\' || Character.isWhitespace(c) || Character.isISOControl(c)) {
        return "/";
      }
    }
    try {
      java.net.URI uri = new java.net.URI(next);
      String path = uri.getPath();
      if (uri.getScheme() != null || uri.getRawAuthority() != null || path == null || !path.startsWith("/")
          || path.startsWith("//") || path.contains("\\")) {
        return "/";
      }
    } catch (java.net.URISyntaxException e) {
      return "/";
    }
    return next;
  }
}
