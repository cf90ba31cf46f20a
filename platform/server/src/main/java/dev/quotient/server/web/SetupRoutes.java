package dev.quotient.server.web;

import dev.quotient.api.Access;
import dev.quotient.api.ClientError;
import dev.quotient.server.account.FirstRun;
import dev.quotient.server.account.OrganisationSettings;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The page behind the first start's setup link: the organisation and its first administrator, who is
 * then signed in. A wrong or used link answers 404 as a page saying so; once an organisation exists
 * every link is wrong.
 */
public final class SetupRoutes {

  private static final String OWNER = "platform";

  private final FirstRun firstRun;
  private final PageEngine pages;

  public SetupRoutes(FirstRun firstRun, PageEngine pages) {
    this.firstRun = firstRun;
    this.pages = pages;
  }

  public void register(RouteRegistry routes) {
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.GET, "/setup/:token", Access.anyone(), this::page);
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.POST, "/setup/:token", Access.anyone(), this::complete);
  }

  private void page(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    Locale language = RequestLocale.of(ctx);
    firstRun.check(token, Web.client(ctx))
        .onSuccess(v -> render(ctx, token, new FirstRun.Answers("", ZoneId.systemDefault().getId(),
            language.getLanguage(), "pl".equals(language.getLanguage()) ? "PLN" : "EUR", "", "", "", "", ""), null))
        .onFailure(e -> fail(ctx, e));
  }

  private void complete(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    FirstRun.Answers answers = new FirstRun.Answers(Web.form(ctx, "organisation"), Web.form(ctx, "zone"),
        Web.form(ctx, "locale"), Web.form(ctx, "currency"), Web.form(ctx, "values"), Web.form(ctx, "adminName"),
        Web.form(ctx, "email"), Web.form(ctx, "password"), Web.form(ctx, "confirmation"));
    firstRun.complete(token, answers, Web.client(ctx))
        .onSuccess(admin -> {
          SignInRoutes.startSession(ctx, admin.id());
          Web.seeOther(ctx, "/");
        })
        .onFailure(e -> {
          if (e instanceof ClientError c && c.status() == 400) {
            // The link is fine, an answer is not: the form again with what was typed, nothing stored.
            ctx.response().setStatusCode(400);
            render(ctx, token, answers, pages.messages().text(RequestLocale.of(ctx), c.messageKey(), c.args()));
          } else {
            fail(ctx, e);
          }
        });
  }

  private void render(RoutingContext ctx, String token, FirstRun.Answers answers, String error) {
    Locale language = RequestLocale.of(ctx);
    Map<String, Object> model = new HashMap<>();
    model.put("action", "/setup/" + token);
    model.put("answers", Map.of("organisation", text(answers.organisation()), "values", text(answers.values()),
        "adminName", text(answers.adminName()), "adminEmail", text(answers.adminEmail())));
    model.put("zones", Choices.zones(answers.zone()));
    model.put("locales", OrganisationSettings.LOCALES.stream().map(l -> Map.of("code", l, "selected", l.equals(answers.locale())))
        .toList());
    model.put("currencies", Choices.currencies(answers.currency(), language));
    model.put("error", error);
    // Nobody but the holder of the link should see or keep it.
    ctx.response().putHeader("Referrer-Policy", "no-referrer");
    pages.render(ctx, "setup", "setup.title", model);
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }

  private static void fail(RoutingContext ctx, Throwable e) {
    SignInRoutes.retryAfter(ctx, e);
    ctx.fail(e);
  }
}
