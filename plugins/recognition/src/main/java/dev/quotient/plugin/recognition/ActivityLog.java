package dev.quotient.plugin.recognition;

import dev.quotient.api.ClientError;
import dev.quotient.api.ContentStore;
import dev.quotient.api.event.Events;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What recognition has seen of activity and points: one document per activity and per ledger entry,
 * with an id derived from the event's own id. Events arrive on every node and may be seen twice; the
 * first insert wins and every later one changes nothing. The node whose insert won adds the event to
 * the person's running totals, so badge checks read one document by id instead of counting a
 * collection.
 */
final class ActivityLog {

  static final String ACTIVITY = "activity_seen";
  static final String POINTS = "points_seen";
  /** One document per person: activity counts by kind ({@code n_<kind>}) and the points total. */
  static final String TOTALS = "totals";
  /** The platform's activity kinds (the keys of the activity API). */
  static final List<String> KINDS = List.of("call", "email", "meeting", "follow-up", "lead-received",
      "lead-responded", "opportunity-opened", "won", "lost");
  static final int MAX_READ = 20_000;

  private final ContentStore store;
  /** The last queued change of each person's totals on this node. */
  private final Map<String, Future<Void>> queues = new ConcurrentHashMap<>();

  ActivityLog(ContentStore store) {
    this.store = store;
  }

  /** Stores the activity once and, the first time only, counts it in the person's totals. */
  Future<Void> record(Events.ActivityRecorded e) {
    return once(ACTIVITY, new JsonObject().put("_id", Ids.of(e.orgId(), "activity", e.activityId()))
        .put("orgId", e.orgId()).put("userId", e.userId()).put("kind", e.kind())
        .put("occurredAt", e.occurredAt().toEpochMilli()))
        .compose(fresh -> fresh ? add(e.orgId(), e.userId(), "n_" + e.kind(), 1) : Future.succeededFuture());
  }

  /** Stores the credit once and, the first time only, adds it to the person's total. */
  Future<Void> record(Events.PointsAwarded e) {
    return once(POINTS, new JsonObject().put("_id", Ids.of(e.orgId(), "points", e.entryId()))
        .put("orgId", e.orgId()).put("userId", e.userId()).put("points", e.points())
        .put("occurredAt", e.occurredAt().toEpochMilli()))
        .compose(fresh -> fresh ? add(e.orgId(), e.userId(), "points", e.points()) : Future.succeededFuture());
  }

  /** True when this call stored the document, false when it was already there (a repeat, or another node). */
  private Future<Boolean> once(String collection, JsonObject doc) {
    return store.insert(collection, doc).map(id -> true)
        .recover(e -> e instanceof ClientError c && c.status() == 409 ? Future.succeededFuture(false) : Future.failedFuture(e));
  }

  /**
   * Adds to one of the person's running totals with a compare-and-set, retried when another event for
   * the same person got there first. Only the node whose insert stored the event adds, so every event
   * counts once in the cluster; a crash between the insert and the add leaves the total one short.
   */
  private Future<Void> add(String orgId, String userId, String field, long delta) {
    String id = Ids.of(orgId, "totals", userId);
    // One change at a time per person on this node: a busy rep's events queue here instead of racing
    // each other's compare-and-set.
    Promise<Void> done = Promise.promise();
    Future<Void> previous = queues.put(id, done.future());
    (previous == null ? Future.<Void>succeededFuture() : previous.transform(x -> Future.<Void>succeededFuture()))
        .compose(v -> addNow(id, orgId, userId, field, delta))
        .onComplete(r -> {
          queues.remove(id, done.future());
          done.handle(r);
        });
    return done.future();
  }

  private Future<Void> addNow(String id, String orgId, String userId, String field, long delta) {
    return store.get(TOTALS, id).compose(doc -> {
      if (doc == null) {
        return store.insert(TOTALS, new JsonObject().put("_id", id).put("orgId", orgId).put("userId", userId)
            .put(field, delta)).<Void>mapEmpty()
            .recover(e -> e instanceof ClientError c && c.status() == 409 ? addNow(id, orgId, userId, field, delta)
                : Future.failedFuture(e));
      }
      Long old = doc.getLong(field);
      return store.setIf(TOTALS, id, new JsonObject().put(field, old),
          new JsonObject().put(field, (old == null ? 0 : old) + delta))
          .compose(set -> set ? Future.<Void>succeededFuture() : addNow(id, orgId, userId, field, delta));
    });
  }

  /** The distinct activities of one kind by one person (each with {@code occurredAt} in epoch millis). */
  Future<List<JsonObject>> of(String orgId, String userId, String kind) {
    return store.find(ACTIVITY, new JsonObject().put("orgId", orgId).put("userId", userId).put("kind", kind), MAX_READ);
  }

  /** How many distinct activities of the kind the person has: one read by id. */
  Future<Long> count(String orgId, String userId, String kind) {
    return total(orgId, userId, "n_" + kind);
  }

  /** The sum of the person's distinct credits: one read by id. */
  Future<Long> points(String orgId, String userId) {
    return total(orgId, userId, "points");
  }

  private Future<Long> total(String orgId, String userId, String field) {
    return store.get(TOTALS, Ids.of(orgId, "totals", userId)).map(d -> d == null ? 0L : d.getLong(field, 0L));
  }
}
