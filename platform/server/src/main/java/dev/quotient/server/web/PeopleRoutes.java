package dev.quotient.server.web;

import dev.quotient.api.Access;
import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.Role;
import dev.quotient.server.account.PeopleImport;
import dev.quotient.server.activity.imports.RowError;
import dev.quotient.server.i18n.Messages;
import dev.quotient.server.materials.FileNames;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * People from a CSV file (admins): {@code POST /api/people/imports} with the file as the body checks
 * it, {@code POST /api/people/imports/{id}/confirmation} adds the good rows; the page
 * {@code /admin/people/import} does the same in three steps (file, check, invitation links).
 */
public final class PeopleRoutes {

  private static final String OWNER = "platform";
  private static final Access ADMIN = Access.roles(Role.ADMIN);
  /** Good rows shown on the check page; the rest are counted. */
  private static final int SHOWN = 100;

  private final PeopleImport people;
  private final PageEngine pages;

  public PeopleRoutes(PeopleImport people, PageEngine pages) {
    this.people = people;
    this.pages = pages;
  }

  public void register(RouteRegistry routes) {
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.POST, "/api/people/imports", ADMIN, this::apiCheck);
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.GET, "/api/people/imports/:id", ADMIN,
        ctx -> Web.respond(ctx, () -> people.get(CurrentUser.of(ctx), ctx.pathParam("id")),
            c -> Web.json(ctx, 200, json(c, RequestLocale.of(ctx)))));
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.POST, "/api/people/imports/:id/confirmation", ADMIN,
        ctx -> Web.respond(ctx, () -> people.confirm(CurrentUser.of(ctx), ctx.pathParam("id"),
            Web.body(ctx).getBoolean("acceptBadRows", false), Web.client(ctx)),
            r -> Web.json(ctx, 201, json(r, RequestLocale.of(ctx)))));

    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.GET, "/admin/people/import", ADMIN,
        ctx -> page(ctx, Map.of("step", "file")));
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.POST, "/admin/people/import", ADMIN, this::checkForm);
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.GET, "/admin/people/import/:id", ADMIN,
        ctx -> Web.respond(ctx, () -> people.get(CurrentUser.of(ctx), ctx.pathParam("id")),
            c -> page(ctx, checkModel(c, RequestLocale.of(ctx)))));
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.POST, "/admin/people/import/:id/confirmation", ADMIN,
        this::confirmForm);
  }

  /** {@code POST /api/people/imports?name=team.csv} with the CSV as the body: the check, nothing added. */
  private void apiCheck(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type != null && !type.startsWith("text/csv") && !type.startsWith("text/plain")) {
      ctx.fail(new ClientError(415, "error.import.type"));
      return;
    }
    byte[] csv = ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    String name = FileNames.sanitise(ctx.request().getParam("name"));
    Web.respond(ctx, () -> people.check(CurrentUser.of(ctx), name.isEmpty() ? "people.csv" : name, csv), c -> {
      ctx.response().putHeader("Location", "/api/people/imports/" + c.id());
      Web.json(ctx, 201, json(c, RequestLocale.of(ctx)));
    });
  }

  private void checkForm(RoutingContext ctx) {
    String csv = Web.form(ctx, "csv");
    String name = FileNames.sanitise(Web.form(ctx, "fileName"));
    people.check(CurrentUser.of(ctx), name.isEmpty() ? "people.csv" : name,
            (csv == null ? "" : csv).getBytes(StandardCharsets.UTF_8))
        .onSuccess(c -> Web.seeOther(ctx, "/admin/people/import/" + c.id()))
        .onFailure(e -> {
          if (e instanceof ClientError c && c.status() == 400) {
            // The form again with the reason: a file without the columns, or not CSV.
            ctx.response().setStatusCode(400);
            Map<String, Object> model = new HashMap<>();
            model.put("step", "file");
            model.put("error", pages.messages().text(RequestLocale.of(ctx), c.messageKey(), c.args()));
            model.put("csv", csv);
            page(ctx, model);
          } else {
            ctx.fail(e);
          }
        });
  }

  private void confirmForm(RoutingContext ctx) {
    boolean accept = "on".equals(Web.form(ctx, "acceptBadRows")) || "true".equals(Web.form(ctx, "acceptBadRows"));
    Locale locale = RequestLocale.of(ctx);
    Web.respond(ctx, () -> people.confirm(CurrentUser.of(ctx), ctx.pathParam("id"), accept, Web.client(ctx)), r -> {
      Map<String, Object> model = checkModel(r.check(), locale);
      model.put("step", "done");
      model.put("added", r.added().stream().map(a -> Map.of("name", a.person().name(), "email", a.person().email(),
          "link", Web.absolute(ctx, a.link()))).toList());
      model.put("addedCount", r.added().size());
      model.put("skipped", errors(r.skipped(), locale));
      // The links are shown once: this page is not kept by the browser.
      ctx.response().putHeader("Cache-Control", "no-store");
      page(ctx, model);
    });
  }

  private void page(RoutingContext ctx, Map<String, Object> model) {
    Map<String, Object> m = new HashMap<>(model);
    m.put("maxRows", PeopleImport.MAX_ROWS);
    pages.render(ctx, "people-import", "people.import.title", m);
  }

  private Map<String, Object> checkModel(PeopleImport.Check c, Locale locale) {
    Map<String, Object> m = new HashMap<>();
    m.put("step", c.confirmedAt() == null ? "check" : "confirmed");
    m.put("id", c.id());
    m.put("fileName", c.fileName());
    m.put("rows", c.rows());
    m.put("goodCount", c.good().size());
    m.put("badRows", c.badRows());
    m.put("errorCount", c.errorCount());
    m.put("errors", errors(c.errors(), locale));
    m.put("good", c.good().stream().limit(SHOWN).map(p -> {
      Map<String, Object> row = new HashMap<>();
      row.put("row", p.row());
      row.put("name", p.name());
      row.put("email", p.email());
      row.put("roles", String.join(", ", p.roles().stream().map(r -> named(locale, "role", r)).toList()));
      row.put("team", p.team() == null ? "" : p.team());
      row.put("language", p.language() == null ? "" : named(locale, "language", p.language()));
      return row;
    }).toList());
    m.put("moreGood", Math.max(0, c.good().size() - SHOWN));
    return m;
  }

  /** The shown name of a role or a language ({@code role.rep}, {@code language.pl}). */
  private String named(Locale locale, String kind, String key) {
    return pages.messages().text(locale, kind + "." + key);
  }

  private List<Map<String, Object>> errors(List<RowError> errors, Locale locale) {
    Messages messages = pages.messages();
    return errors.stream().map(e -> Map.<String, Object>of("row", e.row(), "column", e.column(),
        "message", messages.text(locale, e.messageKey(), e.args().toArray()))).toList();
  }

  static JsonObject json(PeopleImport.Check c, Locale locale, Messages messages) {
    return new JsonObject().put("id", c.id()).put("fileName", c.fileName()).put("rows", c.rows())
        .put("good", c.good().size()).put("badRows", c.badRows()).put("errorCount", c.errorCount())
        .put("checkedAt", c.checkedAt().toString())
        .put("confirmedAt", c.confirmedAt() == null ? null : c.confirmedAt().toString())
        .put("people", new JsonArray(c.good().stream().map(p -> new JsonObject().put("row", p.row())
            .put("name", p.name()).put("email", p.email()).put("roles", new JsonArray(p.roles()))
            .put("teamId", p.teamId()).put("language", p.language())).toList()))
        .put("errors", new JsonArray(c.errors().stream().map(e -> new JsonObject().put("row", e.row())
            .put("column", e.column()).put("key", e.messageKey())
            .put("message", messages.text(locale, e.messageKey(), e.args().toArray()))).toList()));
  }

  private JsonObject json(PeopleImport.Check c, Locale locale) {
    return json(c, locale, pages.messages());
  }

  private JsonObject json(PeopleImport.Result r, Locale locale) {
    return json(r.check(), locale).put("added", new JsonArray(r.added().stream().map(a -> new JsonObject()
            .put("row", a.person().row()).put("userId", a.userId()).put("email", a.person().email())
            .put("invitation", a.link())).toList()))
        .put("skipped", new JsonArray(r.skipped().stream().map(e -> new JsonObject().put("row", e.row())
            .put("key", e.messageKey())
            .put("message", pages.messages().text(locale, e.messageKey(), e.args().toArray()))).toList()));
  }
}
