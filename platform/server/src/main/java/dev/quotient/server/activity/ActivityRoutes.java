package dev.quotient.server.activity;

import dev.quotient.api.Access;
import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.server.account.AccountStore;
import dev.quotient.server.mongo.Database;
import dev.quotient.server.web.RouteRegistry;
import dev.quotient.server.web.Web;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * The activity API: {@code POST /api/activities} (one), {@code POST /api/activities/batch} (1 to
 * {@value ActivityService#MAX_BATCH}) and {@code GET /api/activities} (newest first, paged). Every
 * signed-in member may post their own activity; leaders and admins post and read anyone's in their
 * organisation.
 */
public final class ActivityRoutes {

  private static final String OWNER = "platform";
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 200;

  private final ActivityService service;
  private final Database database;
  private final AccountStore accounts;

  public ActivityRoutes(ActivityService service, Database database, AccountStore accounts) {
    this.service = service;
    this.database = database;
    this.accounts = accounts;
  }

  public void register(RouteRegistry routes) {
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.POST, "/api/activities", Access.signedIn(), this::postOne);
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.POST, "/api/activities/batch", Access.signedIn(),
        this::postBatch);
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.GET, "/api/activities", Access.signedIn(), this::list);
  }

  private void postOne(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    JsonObject body = Web.body(ctx);
    Web.respond(ctx, () -> service.record(user, List.of(body), true), result -> {
      ActivityStore.Outcome o = result.outcomes().get(0);
      Web.json(ctx, o.duplicate() ? 200 : 201, outcome(o));
    });
  }

  private void postBatch(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    JsonArray array = Web.body(ctx).getJsonArray("activities");
    int size = array == null ? 0 : array.size();
    if (size == 0) {
      throw ClientError.badRequest("error.activity.batchEmpty", ActivityService.MAX_BATCH);
    }
    if (size > ActivityService.MAX_BATCH) {
      throw new ClientError(413, "error.activity.batchTooLarge", ActivityService.MAX_BATCH, size);
    }
    List<JsonObject> items = new ArrayList<>(size);
    for (Object o : array) {
      items.add(o instanceof JsonObject j ? j : new JsonObject());
    }
    Web.respond(ctx, () -> service.record(user, items, false), result -> {
      JsonArray out = new JsonArray();
      int created = 0;
      for (ActivityStore.Outcome o : result.outcomes()) {
        out.add(outcome(o));
        created += o.duplicate() ? 0 : 1;
      }
      Web.json(ctx, created > 0 ? 201 : 200, new JsonObject().put("created", created)
          .put("duplicates", result.outcomes().size() - created).put("results", out));
    });
  }

  private void list(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    HttpServerRequest r = ctx.request();
    String userId = r.getParam("user") == null || r.getParam("user").isBlank() ? user.userId() : r.getParam("user");
    if (!userId.equals(user.userId()) && !ActivityService.recordsForOthers(user)) {
      throw ClientError.forbidden("error.activity.readOthers");
    }
    Instant from = instant(r.getParam("from"));
    Instant to = instant(r.getParam("to"));
    int limit;
    try {
      limit = r.getParam("limit") == null ? DEFAULT_LIMIT : Integer.parseInt(r.getParam("limit"));
    } catch (NumberFormatException e) {
      throw ClientError.badRequest("error.activity.filter", MAX_LIMIT);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ClientError.badRequest("error.activity.filter", MAX_LIMIT);
    }
    Cursor cursor = r.getParam("cursor") == null ? null : Cursor.decode(r.getParam("cursor"))
        .orElseThrow(() -> ClientError.badRequest("error.activity.filter", MAX_LIMIT));
    Web.respond(ctx, () -> database.call(() -> {
      if (!userId.equals(user.userId()) && accounts.user(user.orgId(), userId).isEmpty()) {
        throw ClientError.notFound("error.activity.userUnknown", userId);
      }
      return service.store().list(user.orgId(), userId, from, to, limit, cursor);
    }), page -> {
      JsonArray out = new JsonArray();
      page.activities().forEach(d -> out.add(toJson(d)));
      Web.json(ctx, 200, new JsonObject().put("activities", out).put("next", page.next()));
    });
  }

  private static Instant instant(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw ClientError.badRequest("error.activity.filter", MAX_LIMIT);
    }
  }

  private static JsonObject outcome(ActivityStore.Outcome o) {
    return new JsonObject().put("id", o.clientId()).put("activityId", o.activityId()).put("duplicate", o.duplicate());
  }

  static JsonObject toJson(Document d) {
    JsonObject j = new JsonObject()
        .put("id", d.getString("clientId"))
        .put("activityId", d.getString("_id"))
        .put("seq", d.get("seq", Number.class).longValue())
        .put("userId", d.getString("userId"))
        .put("kind", d.getString("kind"))
        .put("occurredAt", d.getDate("occurredAt").toInstant().toString());
    if (d.get("value") != null) {
      j.put("value", d.get("value", Number.class).doubleValue());
    }
    if (d.getString("opportunityId") != null) {
      j.put("opportunityId", d.getString("opportunityId"));
    }
    if (d.getString("leadId") != null) {
      j.put("leadId", d.getString("leadId"));
    }
    Date received = d.getDate("leadReceivedAt");
    if (received != null) {
      j.put("leadReceivedAt", received.toInstant().toString());
      j.put("responseSeconds", d.get("responseSeconds", Number.class).doubleValue());
    }
    if (d.get("minutes") != null) {
      j.put("minutes", d.get("minutes", Number.class).intValue());
    }
    if (d.getString("leadSource") != null) {
      j.put("leadSource", d.getString("leadSource"));
    }
    if (d.getString("customerId") != null) {
      j.put("customerId", d.getString("customerId"));
    }
    return j.put("source", d.getString("source")).put("recordedAt", d.getDate("recordedAt").toInstant().toString());
  }
}
