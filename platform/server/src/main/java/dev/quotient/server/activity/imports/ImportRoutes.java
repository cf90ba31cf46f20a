package dev.quotient.server.activity.imports;

import dev.quotient.api.Access;
import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.Role;
import dev.quotient.server.materials.FileNames;
import dev.quotient.server.web.HeldBody;
import dev.quotient.server.web.PageEngine;
import dev.quotient.server.web.RequestLocale;
import dev.quotient.server.web.RouteRegistry;
import dev.quotient.server.web.Web;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * CSV import, for leaders and admins: the API under {@code /api/activities/imports} and the page
 * {@code /activities/import}. The upload is a streamed body (a CRM export is larger than the
 * platform's buffered-body limit), written to a temporary file up to {@link ImportLimits#maxBytes} and
 * read from there as a stream; the other steps are small JSON bodies or forms.
 */
public final class ImportRoutes {

  private static final String OWNER = "platform";
  static final Access LEADERS = Access.roles(Role.LEADER, Role.ADMIN);

  private final ImportService service;
  private final PageEngine pages;
  private final ImportViews views;
  private final Clock clock;

  public ImportRoutes(ImportService service, PageEngine pages, Clock clock) {
    this.service = service;
    this.pages = pages;
    this.views = new ImportViews(pages.messages(), service::position);
    this.clock = clock;
  }

  public void register(RouteRegistry routes) {
    routes.addStreaming(OWNER, RouteRegistry.Kind.API, HttpMethod.POST, "/api/activities/imports", LEADERS,
        this::apiUpload);
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.GET, "/api/activities/imports/:id", LEADERS, this::apiGet);
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.POST, "/api/activities/imports/:id/validation", LEADERS,
        this::apiValidate);
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.POST, "/api/activities/imports/:id/confirm", LEADERS,
        this::apiConfirm);
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.GET, "/api/activities/imports/:id/job", LEADERS,
        this::apiJob);

    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.GET, "/activities/import", LEADERS, this::uploadPage);
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.GET, "/activities/import/:id", LEADERS, this::importPage);
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.POST, "/activities/import/:id/mapping", LEADERS,
        this::mappingForm);
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.POST, "/activities/import/:id/confirm", LEADERS,
        this::confirmForm);
  }

  // --- API ---

  /** {@code POST /api/activities/imports?name=...} with the CSV as the body: the import, with its guessed mapping. */
  private void apiUpload(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    HttpServerRequest request = ctx.request();
    long max = service.limits().maxBytes();
    try {
      String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
      if (type != null && !type.startsWith("text/csv") && !type.startsWith("text/plain")
          && !type.startsWith("application/octet-stream") && !type.startsWith("application/vnd.ms-excel")) {
        throw new ClientError(415, "error.import.type");
      }
      String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
      if (length != null) {
        long declared;
        try {
          declared = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
          throw ClientError.badRequest("error.status.400");
        }
        if (declared > max) {
          throw new ClientError(413, "error.import.tooLarge", max / (1024 * 1024));
        }
      }
      String name = FileNames.sanitise(request.getParam("name"));
      String fileName = name.isEmpty() ? "activities.csv" : name;
      if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
        ctx.response().writeContinue();
      }
      HeldBody held = HeldBody.of(ctx);
      UploadFile.open(ctx.vertx(), max)
          .compose(file -> {
            held.pipeTo(file).onFailure(file::abort);
            return file.result()
                .compose(path -> service.upload(user, fileName, path, file.size()))
                .eventually(file::delete);
          })
          .onSuccess(d -> {
            ctx.response().putHeader("Location", "/api/activities/imports/" + d.getString("_id"));
            Web.json(ctx, 201, views.toJson(d, RequestLocale.of(ctx), clock.instant()));
          })
          .onFailure(e -> HeldBody.refuse(ctx, e));
    } catch (ClientError e) {
      HeldBody.refuse(ctx, e);
    }
  }


  private void apiGet(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    Web.respond(ctx, () -> service.get(user, ctx.pathParam("id")),
        d -> Web.json(ctx, 200, views.toJson(d, RequestLocale.of(ctx), clock.instant())));
  }

  /** {@code {mapping: {field: column}, kinds: {value: kind}}}: the report of a run that stores nothing. */
  private void apiValidate(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    JsonObject body = Web.body(ctx);
    Web.respond(ctx, () -> service.validate(user, ctx.pathParam("id"),
        Mapping.fromJson(body.getJsonObject("mapping"), body.getJsonObject("kinds"))),
        d -> Web.json(ctx, 200, views.reportJson(d.get("report", Document.class), RequestLocale.of(ctx))));
  }

  private void apiConfirm(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    boolean acceptBad = Web.body(ctx).getBoolean("acceptBadRows", false);
    Web.respond(ctx, () -> service.confirm(user, ctx.pathParam("id"), acceptBad), d -> {
      ctx.response().putHeader("Location", "/api/activities/imports/" + d.getString("_id") + "/job");
      Web.json(ctx, 202, views.jobJson(d.getString("_id"), d.get("job", Document.class), RequestLocale.of(ctx),
          clock.instant()));
    });
  }

  private void apiJob(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    Web.respond(ctx, () -> service.get(user, ctx.pathParam("id")), d -> {
      Document job = d.get("job", Document.class);
      if (job == null) {
        throw ClientError.notFound("error.import.noJob");
      }
      Web.json(ctx, 200, views.jobJson(d.getString("_id"), job, RequestLocale.of(ctx), clock.instant()));
    });
  }

  // --- pages ---

  private void uploadPage(RoutingContext ctx) {
    long max = service.limits().maxBytes();
    pages.render(ctx, "activity-import", "import.title", Map.of("maxUpload", max,
        "maxUploadMb", max / (1024 * 1024), "maxRows", service.limits().maxRows()));
  }

  private void importPage(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    Web.respond(ctx, () -> service.get(user, ctx.pathParam("id")),
        d -> pages.render(ctx, "activity-import-steps", "import.title",
            views.model(d, RequestLocale.of(ctx), clock.instant())));
  }

  /** The mapping form: a select per field ({@code map.<field>}) and pairs of kind value and kind. */
  private void mappingForm(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    MultiMap form = ctx.request().formAttributes();
    Map<ImportField, String> columns = new EnumMap<>(ImportField.class);
    for (ImportField f : ImportField.values()) {
      String column = form.get("map." + f.itemKey());
      if (column != null && !column.isBlank()) {
        columns.put(f, column);
      }
    }
    Map<String, String> kinds = new LinkedHashMap<>();
    List<String> values = form.getAll("kindValue");
    List<String> keys = form.getAll("kindKey");
    for (int i = 0; i < Math.min(values.size(), keys.size()); i++) {
      if (!keys.get(i).isBlank()) {
        kinds.put(values.get(i), keys.get(i));
      }
    }
    String id = ctx.pathParam("id");
    Web.respond(ctx, () -> service.validate(user, id, new Mapping(columns, kinds)),
        d -> Web.seeOther(ctx, "/activities/import/" + d.getString("_id") + "#report"));
  }

  private void confirmForm(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    boolean acceptBad = "on".equals(Web.form(ctx, "acceptBadRows")) || "true".equals(Web.form(ctx, "acceptBadRows"));
    Web.respond(ctx, () -> service.confirm(user, ctx.pathParam("id"), acceptBad),
        d -> Web.seeOther(ctx, "/activities/import/" + d.getString("_id") + "#job"));
  }
}
