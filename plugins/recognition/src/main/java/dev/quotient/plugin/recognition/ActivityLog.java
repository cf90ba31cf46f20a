package dev.quotient.plugin.recognition;

import dev.quotient.api.ClientError;
import dev.quotient.api.ContentStore;
import dev.quotient.api.event.Events;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What recognition has seen of activity and points: one document per activity and per ledger entry,
 * with an id derived from the event's own id. Events arrive on every node and may be seen twice; the
 * first insert wins and every later one changes nothing, so counts taken from these documents count
 * each activity and each credit once.
 */
final class ActivityLog {

  static final String ACTIVITY = "activity_seen";
  static final String POINTS = "points_seen";
  /** The platform's activity kinds (the keys of the activity API). */
  static final List<String> KINDS = List.of("call", "email", "meeting", "follow-up", "lead-received",
      "lead-responded", "opportunity-opened", "won", "lost");
  static final int MAX_READ = 20_000;

  private final ContentStore store;

  ActivityLog(ContentStore store) {
    this.store = store;
  }

  /** Stores the activity once; a repeat is harmless. */
  Future<Void> record(Events.ActivityRecorded e) {
    return once(ACTIVITY, new JsonObject().put("_id", Ids.of(e.orgId(), "activity", e.activityId()))
        .put("orgId", e.orgId()).put("userId", e.userId()).put("kind", e.kind())
        .put("occurredAt", e.occurredAt().toEpochMilli()));
  }

  /** Stores the credit once; a repeat is harmless. */
  Future<Void> record(Events.PointsAwarded e) {
    return once(POINTS, new JsonObject().put("_id", Ids.of(e.orgId(), "points", e.entryId()))
        .put("orgId", e.orgId()).put("userId", e.userId()).put("points", e.points())
        .put("occurredAt", e.occurredAt().toEpochMilli()));
  }

  private Future<Void> once(String collection, JsonObject doc) {
    return store.insert(collection, doc).<Void>mapEmpty()
        .recover(e -> e instanceof ClientError c && c.status() == 409 ? Future.succeededFuture() : Future.failedFuture(e));
  }

  /** The distinct activities of one kind by one person (each with {@code occurredAt} in epoch millis). */
  Future<List<JsonObject>> of(String orgId, String userId, String kind) {
    return store.find(ACTIVITY, new JsonObject().put("orgId", orgId).put("userId", userId).put("kind", kind), MAX_READ);
  }

  Future<Long> count(String orgId, String userId, String kind) {
    return store.count(ACTIVITY, new JsonObject().put("orgId", orgId).put("userId", userId).put("kind", kind));
  }

  /** The sum of the distinct credits of one person. */
  Future<Long> points(String orgId, String userId) {
    return store.find(POINTS, new JsonObject().put("orgId", orgId).put("userId", userId), MAX_READ)
        .map(list -> list.stream().mapToLong(d -> d.getLong("points", 0L)).sum());
  }
}
