package dev.quotient.server.activity;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.quotient.api.activity.ActivityLog;
import dev.quotient.server.mongo.Database;
import dev.quotient.server.mongo.Migrations;
import dev.quotient.server.projection.LogPositions;
import dev.quotient.server.web.ItemErrors;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The activity log in MongoDB: one document per activity in {@code activities}, and one counter per
 * organisation in {@code activity_sequence}. Blocking: call from a worker ({@link Database#call}).
 *
 * <p><b>Exactly once.</b> The {@code _id} is derived from the organisation and the caller's id
 * ({@link Activity#activityId}), so the unique {@code _id} index turns every repeat (a retry, a
 * concurrent request, another node, a replay after a crash) into a duplicate-key error instead of a
 * second document. A repeat must carry the same content ({@link Activity#fingerprint}); one that does
 * not is a conflict, never an overwrite.
 *
 * <p><b>Order.</b> Each new activity gets {@code seq}, unique and increasing within its organisation:
 * a batch reserves a range with one {@code $inc} on the organisation's counter, then inserts. A crash
 * or a lost race between the two leaves a gap, never a duplicate. Because the range is reserved just
 * before the insert, a batch can become visible shortly after a higher range of a concurrent batch: a
 * consumer catching up by {@code seq} re-reads a short window behind its last position.
 */
public final class ActivityStore {

  public static final String COLLECTION = "activities";
  public static final String SEQUENCE = "activity_sequence";

  /** What became of one reported activity. */
  public record Outcome(String clientId, String activityId, boolean duplicate, Activity activity) {}

  /** The outcome of every item in request order, and the items that conflict with stored ones. */
  public record Result(List<Outcome> outcomes, List<ItemErrors.Item> conflicts) {
    public List<Outcome> created() {
      return outcomes.stream().filter(o -> !o.duplicate()).toList();
    }
  }

  /** One page of a listing, and the cursor of the next page (null on the last). */
  public record Page(List<Document> activities, String next) {}

  /** Activities per query of a replay. */
  private static final int REPLAY_PAGE = 5_000;

  private final MongoCollection<Document> activities;
  private final MongoCollection<Document> sequence;
  private final MongoCollection<Document> schema;
  /** Whether the log holds activities under hashed ids: read once, on the first write's worker. */
  private volatile Boolean legacyIds;
  private final Object reservations = new Object();
  private final LogPositions positions;
  /** Told the documents of each call's new activities, in {@code seq} order, once stored. */
  private volatile java.util.function.Consumer<List<Document>> stored = docs -> {};

  public ActivityStore(Database database, LogPositions positions) {
    this.activities = database.collection(COLLECTION);
    this.sequence = database.collection(SEQUENCE).withWriteConcern(Database.CARRIED);
    this.schema = database.collection(Migrations.VERSION_COLLECTION);
    this.positions = positions;
  }

  /**
   * Hands the documents of each call's new activities (never duplicates), in {@code seq} order, to
   * {@code listener} right after the insert was acknowledged, on the storing thread: the points scorer and
   * the projections take this node's writes without reading them back. The listener must not block.
   */
  public void onStored(java.util.function.Consumer<List<Document>> listener) {
    this.stored = java.util.Objects.requireNonNull(listener, "listener");
  }

  /**
   * Stores the activities of {@code items} not stored before, in one ordered {@code insertMany}.
   * Items repeating an earlier item of the same list are duplicates of it (the caller has checked
   * that their content is the same). When a stored activity has the same id but other content, nothing
   * is inserted and the conflicts are returned (unless the conflicting document appeared during this
   * call, in which case the other new items are stored and the conflict is still reported).
   */
  public Result record(String orgId, List<Activity> items, Source source, Instant now) {
    Map<String, Integer> firstIndex = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i++) {
      firstIndex.putIfAbsent(items.get(i).clientId(), i);
    }
    Map<String, String> ids = new HashMap<>();
    firstIndex.keySet().forEach(c -> ids.put(c, Activity.activityId(orgId, c)));

    Map<String, Stored> storedBefore = stored(orgId, firstIndex.keySet());
    List<ItemErrors.Item> conflicts = new ArrayList<>();
    List<Activity> fresh = new ArrayList<>();
    for (Map.Entry<String, Integer> e : firstIndex.entrySet()) {
      Activity a = items.get(e.getValue());
      Stored stored = storedBefore.get(e.getKey());
      if (stored == null) {
        fresh.add(a);
      } else if (a.fingerprint().equals(stored.fingerprint())) {
        ids.put(e.getKey(), stored.id());
      } else {
        conflicts.add(conflict(e.getValue(), a));
      }
    }
    if (!conflicts.isEmpty()) {
      return new Result(List.of(), conflicts);
    }

    Set<String> created = new HashSet<>();
    if (!fresh.isEmpty()) {
      long last = reserve(orgId, fresh.size());
      long seq = last - fresh.size() + 1;
      long first = positions.reserve(LogPositions.ACTIVITIES, fresh.size()) - fresh.size() + 1;
      long pos = first;
      try {
        List<Document> docs = new ArrayList<>(fresh.size());
        for (Activity a : fresh) {
          docs.add(toDocument(orgId, ids.get(a.clientId()), a, source, seq++, now).append("pos", pos++));
        }
        try {
          activities.insertMany(docs, new InsertManyOptions().ordered(true));
          fresh.forEach(a -> created.add(a.clientId()));
        } catch (MongoBulkWriteException e) {
          if (!e.getWriteErrors().stream()
              .allMatch(w -> ErrorCategory.fromErrorCode(w.getCode()) == ErrorCategory.DUPLICATE_KEY)) {
            throw e;
          }
          // Another request stored some of these meanwhile: settle each one by itself.
          insertOneByOne(docs, created, conflicts, firstIndex, fresh);
        }
        List<Document> inserted = new ArrayList<>(docs.size());
        for (int i = 0; i < docs.size(); i++) {
          if (created.contains(fresh.get(i).clientId())) {
            inserted.add(docs.get(i));
          }
        }
        if (!inserted.isEmpty()) {
          stored.accept(inserted);
        }
      } finally {
        positions.done(LogPositions.ACTIVITIES, first);
      }
    }
    List<Outcome> outcomes = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      Activity a = items.get(i);
      boolean isNew = created.contains(a.clientId()) && firstIndex.get(a.clientId()) == i;
      outcomes.add(new Outcome(a.clientId(), ids.get(a.clientId()), !isNew, a));
    }
    return new Result(outcomes, conflicts);
  }

  /**
   * After an ordered insert stopped at a duplicate: inserts each document again. A document already
   * stored with the {@code seq} reserved for it is one this call inserted before the stop.
   */
  private void insertOneByOne(List<Document> docs, Set<String> created, List<ItemErrors.Item> conflicts,
      Map<String, Integer> firstIndex, List<Activity> fresh) {
    for (int i = 0; i < docs.size(); i++) {
      Document doc = docs.get(i);
      Activity a = fresh.get(i);
      try {
        activities.insertOne(doc);
        created.add(a.clientId());
      } catch (MongoWriteException e) {
        if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
          throw e;
        }
        Document stored = activities.find(Filters.eq("_id", doc.getString("_id")))
            .projection(Projections.include("seq", "fingerprint")).first();
        if (stored == null) {
          throw e;
        }
        if (stored.get("seq", Number.class).longValue() == doc.getLong("seq")) {
          created.add(a.clientId());
        } else {
          // stored by another request: this position stays empty
          positions.release(LogPositions.ACTIVITIES, List.of(doc.getLong("pos")));
          if (!doc.getString("fingerprint").equals(stored.getString("fingerprint"))) {
            conflicts.add(conflict(firstIndex.get(a.clientId()), a));
          }
        }
      }
    }
  }

  /**
   * Reserves {@code n} sequence numbers for the organisation and returns the last of them. One {@code
   * $inc} is atomic on MongoDB; the embedded server applies a find-and-modify without isolation
   * (concurrent callers were seen reading the same value), so reservations on one node take turns (the
   * embedded store serves one node only; several nodes share a real MongoDB).
   */
  private long reserve(String orgId, int n) {
    synchronized (reservations) {
      return sequence.findOneAndUpdate(Filters.eq("_id", orgId), Updates.inc("last", (long) n),
          new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER))
          .get("last", Number.class).longValue();
    }
  }

  private static ItemErrors.Item conflict(int index, Activity a) {
    return new ItemErrors.Item(index, "id", "error.activity.conflict", a.clientId());
  }

  static Document toDocument(String orgId, String id, Activity a, Source source, long seq, Instant now) {
    Document d = new Document("_id", id)
        .append("orgId", orgId)
        .append("seq", seq)
        .append("clientId", a.clientId())
        .append("userId", a.userId())
        .append("kind", a.kind().key())
        .append("occurredAt", Date.from(a.occurredAt()));
    if (a.value() != null) {
      d.append("value", a.value());
    }
    if (a.opportunityId() != null) {
      d.append("opportunityId", a.opportunityId());
    }
    if (a.leadId() != null) {
      d.append("leadId", a.leadId());
    }
    if (a.leadReceivedAt() != null) {
      d.append("leadReceivedAt", Date.from(a.leadReceivedAt()));
      d.append("responseSeconds", a.responseTime().toMillis() / 1000.0);
    }
    if (a.minutes() != null) {
      d.append("minutes", a.minutes());
    }
    if (a.leadSource() != null) {
      d.append("leadSource", a.leadSource());
    }
    if (a.customerId() != null) {
      d.append("customerId", a.customerId());
    }
    return d.append("source", source.key())
        .append("recordedAt", Date.from(now))
        .append("fingerprint", a.fingerprint());
  }

  /**
   * One user's activities in {@code [from, to)}, newest first (ties by {@code seq}), at most {@code
   * limit}, after the position {@code cursor} names (null for the first page).
   */
  public Page list(String orgId, String userId, Instant from, Instant to, int limit, Cursor cursor) {
    List<Bson> filters = new ArrayList<>();
    filters.add(Filters.eq("orgId", orgId));
    filters.add(Filters.eq("userId", userId));
    if (from != null) {
      filters.add(Filters.gte("occurredAt", Date.from(from)));
    }
    // After a cursor: up to its moment (the index walks from there), then by seq within that moment.
    if (cursor != null && (to == null || cursor.occurredAt().isBefore(to))) {
      filters.add(Filters.lte("occurredAt", Date.from(cursor.occurredAt())));
    } else if (to != null) {
      filters.add(Filters.lt("occurredAt", Date.from(to)));
    }
    if (cursor != null) {
      Date at = Date.from(cursor.occurredAt());
      filters.add(Filters.or(Filters.lt("occurredAt", at),
          Filters.and(Filters.eq("occurredAt", at), Filters.lt("seq", cursor.seq()))));
    }
    List<Document> found = activities.find(Filters.and(filters))
        .sort(Sorts.descending("occurredAt", "seq")).limit(limit + 1).into(new ArrayList<>());
    String next = null;
    if (found.size() > limit) {
      found = found.subList(0, limit);
      Document last = found.get(limit - 1);
      next = new Cursor(last.getDate("occurredAt").toInstant(), last.get("seq", Number.class).longValue()).encode();
    }
    return new Page(found, next);
  }

  /**
   * The fingerprints of the stored activities among these client ids, by client id: read by
   * {@code _id}, a thousand at a time.
   */
  public Map<String, String> fingerprints(String orgId, java.util.Collection<String> clientIds) {
    List<String> all = new ArrayList<>(clientIds);
    Map<String, String> found = new HashMap<>();
    for (int from = 0; from < all.size(); from += 1_000) {
      stored(orgId, all.subList(from, Math.min(all.size(), from + 1_000)))
          .forEach((clientId, stored) -> found.put(clientId, stored.fingerprint()));
    }
    return found;
  }

  /** An activity as stored: the id it is stored under and its fingerprint. */
  private record Stored(String id, String fingerprint) {}

  /**
   * The stored activities among these client ids, by client id, with one {@code $in} by {@code _id}:
   * under their ids, and under their hashed ids too while the log holds such.
   */
  private Map<String, Stored> stored(String orgId, java.util.Collection<String> clientIds) {
    Map<String, String> byActivityId = new HashMap<>();
    clientIds.forEach(c -> byActivityId.put(Activity.activityId(orgId, c), c));
    if (legacyIds()) {
      clientIds.forEach(c -> byActivityId.put(Activity.legacyActivityId(orgId, c), c));
    }
    Map<String, Stored> found = new HashMap<>();
    for (Document d : activities.find(Filters.in("_id", byActivityId.keySet()))
        .projection(Projections.include("fingerprint"))) {
      found.put(byActivityId.get(d.getString("_id")), new Stored(d.getString("_id"), d.getString("fingerprint")));
    }
    return found;
  }

  private boolean legacyIds() {
    Boolean legacy = legacyIds;
    if (legacy == null) {
      legacy = schema.find(Filters.eq("_id", Migrations.LEGACY_ACTIVITY_IDS)).first() != null;
      legacyIds = legacy;
    }
    return legacy;
  }

  /**
   * Hands the organisation's activities (one user's, when {@code userId} is not null) that happened in
   * [from, to) to the sink, in the order they happened; returns how many. Reads pages of {@value
   * #REPLAY_PAGE} in that order, each page after the last one's moment and id (the rest of that moment
   * first, by id), so every page reads only its own stretch of the index, whatever the window's size.
   */
  public long replay(String orgId, String userId, Instant from, Instant to,
      java.util.function.Consumer<ActivityLog.Entry> sink) {
    List<Bson> scope = new ArrayList<>(List.of(Filters.eq("orgId", orgId)));
    if (userId != null) {
      scope.add(Filters.eq("userId", userId));
    }
    Date end = Date.from(to);
    Bson after = Filters.gte("occurredAt", Date.from(from));
    long n = 0;
    while (true) {
      List<Bson> page = new ArrayList<>(scope);
      page.add(after);
      page.add(Filters.lt("occurredAt", end));
      List<Document> found = replayPage(Filters.and(page), Sorts.ascending("occurredAt", "_id"));
      n += hand(found, sink);
      if (found.size() < REPLAY_PAGE) {
        return n;
      }
      // the rest of the last page's moment, by id, then what happened after it
      Date at = found.get(found.size() - 1).getDate("occurredAt");
      String lastId = found.get(found.size() - 1).getString("_id");
      while (true) {
        List<Bson> tie = new ArrayList<>(scope);
        tie.add(Filters.eq("occurredAt", at));
        tie.add(Filters.gt("_id", lastId));
        List<Document> same = replayPage(Filters.and(tie), Sorts.ascending("_id"));
        n += hand(same, sink);
        if (same.size() < REPLAY_PAGE) {
          break;
        }
        lastId = same.get(same.size() - 1).getString("_id");
      }
      after = Filters.gt("occurredAt", at);
    }
  }

  private static int hand(List<Document> found, java.util.function.Consumer<ActivityLog.Entry> sink) {
    for (Document d : found) {
      sink.accept(entry(d));
    }
    return found.size();
  }

  /** One page of a replay. */
  private List<Document> replayPage(Bson filter, Bson order) {
    return activities.find(filter).sort(order).limit(REPLAY_PAGE).batchSize(REPLAY_PAGE).into(new ArrayList<>());
  }

  /** A stored activity as plugins read it. */
  public static ActivityLog.Entry entry(Document d) {
    Date received = d.getDate("leadReceivedAt");
    Number value = d.get("value", Number.class);
    Number minutes = d.get("minutes", Number.class);
    return new ActivityLog.Entry(d.getString("orgId"), d.getString("_id"), d.getString("userId"),
        d.getString("kind"), d.getDate("occurredAt").toInstant(), value == null ? null : value.doubleValue(),
        minutes == null ? null : minutes.intValue(), d.getString("leadSource"), d.getString("customerId"),
        d.getString("opportunityId"), d.getString("leadId"), received == null ? null : received.toInstant());
  }

  /**
   * The activities at these log positions, by position (positions with nothing stored are absent): one
   * {@code $in} on the unique {@code pos} index, no scan.
   */
  public Map<Long, ActivityLog.Entry> at(java.util.Collection<Long> wanted) {
    Map<Long, ActivityLog.Entry> found = new HashMap<>();
    if (!wanted.isEmpty()) {
      for (Document d : activities.find(Filters.in("pos", wanted)).batchSize(wanted.size())) {
        found.put(d.get("pos", Number.class).longValue(), entry(d));
      }
    }
    return found;
  }

  /** Number of activities stored for an organisation (a scan of the log on the embedded store). */
  public long count(String orgId) {
    return activities.countDocuments(Filters.eq("orgId", orgId));
  }

  /** True when the organisation has any activity: reads up to its first, not the whole log. */
  public boolean any(String orgId) {
    return activities.find(Filters.eq("orgId", orgId)).projection(Projections.include("_id")).limit(1).first() != null;
  }
}
