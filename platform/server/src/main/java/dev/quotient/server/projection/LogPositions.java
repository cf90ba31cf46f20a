package dev.quotient.server.projection;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import dev.quotient.server.mongo.Database;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * The positions of the platform's two logs (the activity log and the points ledger): one counter each
 * in {@code log_positions}, shared by every node and every organisation. A writer reserves a range
 * with one {@code $inc} before it inserts, so every stored fact has a unique {@code pos}; a crash or a
 * duplicate leaves a gap, never two facts at one position. Followers read by position ({@code $in} on a
 * unique index, which the embedded store answers without a scan). Blocking: call from a worker.
 */
public final class LogPositions {

  public static final String COLLECTION = "log_positions";
  public static final String ACTIVITIES = "activities";
  public static final String POINTS = "points";
  /** Positions a writer reserved and will not use: followers settle them at once instead of waiting. */
  public static final String RELEASED = "log_released";

  private final MongoCollection<Document> counters;
  private final MongoCollection<Document> released;
  private final Object reservations = new Object();
  /**
   * Ranges reserved on this node whose writer has not finished, by log: first position to {last,
   * reserved at}. Their writer hands what it stores to the followers and releases the rest, so a
   * follower need not ask the store for them (it did, on every poll under ingest).
   */
  private final Map<String, ConcurrentNavigableMap<Long, long[]>> writing = new ConcurrentHashMap<>();
  /**
   * How long a range counts as held: far longer than any insert takes, and short enough that a writer
   * that never said it was done holds the followers up only this long (then they read as before).
   */
  private static final long HOLD_NANOS = TimeUnit.SECONDS.toNanos(30);

  public LogPositions(Database database) {
    this.counters = database.collection(COLLECTION).withWriteConcern(Database.CARRIED);
    // Carried by the next commit: a release lost in a crash is a crash's gap, settled like one.
    this.released = database.collection(RELEASED).withWriteConcern(Database.CARRIED);
  }

  /**
   * Records that the writer will store nothing at these reserved positions (a duplicate refused, a
   * batch settled one by one at new positions), so that no follower waits for them.
   */
  public void release(String log, java.util.Collection<Long> unused) {
    if (unused.isEmpty()) {
      return;
    }
    List<Document> docs = new ArrayList<>(unused.size());
    for (long p : unused) {
      docs.add(new Document("_id", log + ":" + p));
    }
    try {
      released.insertMany(docs, new InsertManyOptions().ordered(false));
    } catch (MongoBulkWriteException e) {
      // released before: nothing more to record
    }
  }

  /** Which of these positions of the log their writer released; one read by {@code _id}. */
  public Set<Long> released(String log, java.util.Collection<Long> positions) {
    if (positions.isEmpty()) {
      return Set.of();
    }
    List<String> ids = positions.stream().map(p -> log + ":" + p).toList();
    Set<Long> out = new HashSet<>();
    for (Document d : released.find(Filters.in("_id", ids))) {
      String id = d.getString("_id");
      out.add(Long.parseLong(id.substring(id.indexOf(':') + 1)));
    }
    return out;
  }

  /**
   * Reserves {@code n} positions of the log and returns the last of them. The embedded server applies a
   * find-and-modify without isolation, so reservations on one node take turns; on MongoDB the
   * {@code $inc} is atomic across nodes.
   */
  public long reserve(String log, int n) {
    synchronized (reservations) {
      long last = counters.findOneAndUpdate(Filters.eq("_id", log), Updates.inc("last", (long) n),
          new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER))
          .get("last", Number.class).longValue();
      var ranges = writing.computeIfAbsent(log, k -> new ConcurrentSkipListMap<>());
      long now = System.nanoTime();
      // a range whose writer never said it was done (a bug) is forgotten once it is past holding
      ranges.values().removeIf(r -> now - r[1] > HOLD_NANOS);
      ranges.put(last - n + 1, new long[] {last, now});
      return last;
    }
  }

  /**
   * The writer of the range reserved from {@code first} is done with it: stored (and handed over),
   * released, or failed. Call it in a {@code finally}.
   */
  public void done(String log, long first) {
    var ranges = writing.get(log);
    if (ranges != null) {
      ranges.remove(first);
    }
  }

  /** True while a writer on this node holds the position (see {@link #done}), for at most 30 s. */
  public boolean writing(String log, long position) {
    var ranges = writing.get(log);
    if (ranges == null) {
      return false;
    }
    Map.Entry<Long, long[]> range = ranges.floorEntry(position);
    return range != null && position <= range.getValue()[0] && System.nanoTime() - range.getValue()[1] < HOLD_NANOS;
  }

  /** The last position reserved in the log (0 before the first): one read by {@code _id}. */
  public long head(String log) {
    Document d = counters.find(Filters.eq("_id", log)).first();
    return d == null ? 0 : d.get("last", Number.class).longValue();
  }

  /** Sets the counter to at least {@code last} (the migration that numbers an older database). */
  public void raise(String log, long last) {
    synchronized (reservations) {
      counters.withWriteConcern(WriteConcern.MAJORITY.withJournal(true)).updateOne(Filters.eq("_id", log),
          Updates.max("last", last),
          new com.mongodb.client.model.UpdateOptions().upsert(true));
    }
  }
}
