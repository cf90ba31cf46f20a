package dev.quotient.server.points;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.quotient.server.mongo.Database;
import dev.quotient.server.projection.LogPositions;
import io.vertx.core.json.JsonArray;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The points ledger ({@code points_ledger}), each organisation's scoring checkpoint ({@code points_checkpoint}) and its
 * rule versions ({@code points_rules}) in MongoDB. Blocking: call from a worker. Every write is a
 * single document; an entry's {@code _id} is deterministic, so a second insert of the same entry is a
 * duplicate key, never a second credit. Every read on the scoring path is by {@code _id} (a single
 * document or an {@code $in}), never a scan.
 */
public final class PointsLedger {

  public static final String LEDGER = "points_ledger";
  public static final String CHECKPOINT = "points_checkpoint";
  public static final String RULES = "points_rules";

  private final MongoCollection<Document> ledger;
  private final MongoCollection<Document> checkpoints;
  private final MongoCollection<Document> rules;

  private final LogPositions positions;
  /** Told each new entry with its ledger position, once stored. */
  private volatile java.util.function.BiConsumer<Long, dev.quotient.api.points.PointsLedger.Entry> stored =
      (pos, e) -> {};

  /**
   * Hands every entry this ledger inserts, with its position, to {@code listener} right after the insert
   * was acknowledged (projections take this node's writes without reading them back).
   */
  public void onStored(java.util.function.BiConsumer<Long, dev.quotient.api.points.PointsLedger.Entry> listener) {
    this.stored = java.util.Objects.requireNonNull(listener, "listener");
  }

  public PointsLedger(Database database, LogPositions positions) {
    this.positions = positions;
    this.ledger = database.collection(LEDGER);
    this.checkpoints = database.collection(CHECKPOINT);
    this.rules = database.collection(RULES);
  }

  /** Stores the entry; false when an entry with its id is already stored (a replay never counts twice). */
  public boolean insert(LedgerEntry entry, Instant now) {
    long pos = positions.reserve(LogPositions.POINTS, 1);
    try {
      Document doc = entry.toDocument(now).append("pos", pos);
      try {
        ledger.insertOne(doc);
      } catch (MongoWriteException e) {
        if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
          positions.release(LogPositions.POINTS, List.of(pos));
          return false;
        }
        throw e;
      }
      stored.accept(pos, entry(doc));
      return true;
    } finally {
      positions.done(LogPositions.POINTS, pos);
    }
  }

  /**
   * The most log positions one insert reserves (the activity API's batch limit too): followers starting
   * up wait for this much of the log's end to be stored (see the projection host's tail window).
   */
  public static final int MAX_RESERVATION = 1_000;

  /**
   * Stores the entries with one ordered {@code insertMany}; returns the entries that were new. Should
   * another writer have stored one of them meanwhile, the rest are settled one by one.
   */
  public List<LedgerEntry> insertAll(List<LedgerEntry> entries, Instant now) {
    if (entries.size() > MAX_RESERVATION) {
      List<LedgerEntry> fresh = new ArrayList<>();
      for (int i = 0; i < entries.size(); i += MAX_RESERVATION) {
        fresh.addAll(insertAll(entries.subList(i, Math.min(entries.size(), i + MAX_RESERVATION)), now));
      }
      return fresh;
    }
    if (entries.isEmpty()) {
      return List.of();
    }
    long first = positions.reserve(LogPositions.POINTS, entries.size()) - entries.size() + 1;
    try {
      return insertAll(entries, now, first);
    } finally {
      positions.done(LogPositions.POINTS, first);
    }
  }

  /** Stores the entries at the positions reserved for them from {@code pos}. */
  private List<LedgerEntry> insertAll(List<LedgerEntry> entries, Instant now, long pos) {
    List<Document> docs = new ArrayList<>(entries.size());
    for (LedgerEntry e : entries) {
      docs.add(e.toDocument(now).append("pos", pos++));
    }
    try {
      ledger.insertMany(docs);
    } catch (MongoBulkWriteException e) {
      if (e.getWriteErrors().size() != 1 || e.getWriteErrors().get(0).getCategory() != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
      int failed = e.getWriteErrors().get(0).getIndex();
      List<LedgerEntry> fresh = new ArrayList<>(entries.subList(0, failed));
      docs.subList(0, failed).forEach(d -> stored.accept(d.getLong("pos"), entry(d)));
      // the ordered insert stopped here: the rest go to new positions, these stay empty
      positions.release(LogPositions.POINTS, docs.subList(failed, docs.size()).stream().map(d -> d.getLong("pos")).toList());
      for (LedgerEntry rest : entries.subList(failed + 1, entries.size())) {
        if (insert(rest, now)) {
          fresh.add(rest);
        }
      }
      return fresh;
    }
    docs.forEach(d -> stored.accept(d.getLong("pos"), entry(d)));
    return entries;
  }

  /** The entries among {@code ids} already stored, by id. */
  public Map<String, LedgerEntry> known(Collection<String> ids) {
    Map<String, LedgerEntry> known = new HashMap<>();
    if (!ids.isEmpty()) {
      ledger.find(Filters.in("_id", ids)).forEach(d -> known.put(d.getString("_id"), LedgerEntry.from(d)));
    }
    return known;
  }

  /** A user's newest entries (by when the fact happened), at most {@code limit}. */
  public List<LedgerEntry> entries(String orgId, String userId, int limit) {
    return entries(orgId, userId, null, limit);
  }

  /**
   * A user's entries after {@code before} in the order shown (all when null): newest first, ties by
   * {@code seq} then id, at most {@code limit}. One fact's several entries (its rules, a reversal, a
   * review) share its moment and {@code seq}, so the id makes the order, and the pages, exact. A walk of
   * the person's stretch of the index from that moment.
   */
  public List<LedgerEntry> entries(String orgId, String userId, Cursor before, int limit) {
    Bson filter = before == null ? Filters.and(Filters.eq("orgId", orgId), Filters.eq("userId", userId))
        : Filters.and(Filters.eq("orgId", orgId), Filters.eq("userId", userId), Filters.lte("at", Date.from(before.at())),
            Filters.or(Filters.lt("at", Date.from(before.at())), Filters.lt("seq", before.seq()),
                Filters.and(Filters.eq("seq", before.seq()), Filters.lt("_id", before.id()))));
    List<LedgerEntry> out = new ArrayList<>();
    ledger.find(filter).sort(Sorts.descending("at", "seq", "_id")).limit(limit)
        .forEach(d -> out.add(LedgerEntry.from(d)));
    return out;
  }

  /** Where a page of someone's entries ends: its last (oldest) entry's moment, {@code seq} and id. */
  public record Cursor(Instant at, long seq, String id) {

    public static Cursor after(LedgerEntry last) {
      return new Cursor(last.at(), last.seq(), last.id());
    }

    /** What {@link #toString} wrote; empty when the text is not that. */
    public static java.util.Optional<Cursor> parse(String text) {
      try {
        String[] parts = new String(java.util.Base64.getUrlDecoder().decode(text == null ? "" : text),
            java.nio.charset.StandardCharsets.UTF_8).split("\\|", 3);
        if (parts.length != 3 || parts[2].isEmpty()) {
          return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Cursor(Instant.ofEpochMilli(Long.parseLong(parts[0])),
            Long.parseLong(parts[1]), parts[2]));
      } catch (IllegalArgumentException | java.time.DateTimeException e) {
        return java.util.Optional.empty();
      }
    }

    /** Opaque and safe in a link: the moment in milliseconds, the seq and the id, in URL-safe Base64. */
    @Override
    public String toString() {
      return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
          (at.toEpochMilli() + "|" + seq + "|" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  /** Which of {@code entryIds} have been taken back (their reversal is stored), by the reversals' ids. */
  public java.util.Set<String> reversed(java.util.Collection<String> entryIds) {
    java.util.Set<String> out = new java.util.HashSet<>();
    if (entryIds.isEmpty()) {
      return out;
    }
    List<String> ids = entryIds.stream().map(PointsLedger::reversalId).toList();
    ledger.find(Filters.in("_id", ids)).projection(new Document("sourceId", 1))
        .forEach(d -> out.add(d.getString("sourceId")));
    return out;
  }

  /** The id of the entry that takes back {@code entryId}. */
  public static String reversalId(String entryId) {
    return PointsService.REVERSAL + ":" + entryId;
  }

  /** The organisation's entries held for a leader's review (decided ones included), by the sparse index. */
  public List<LedgerEntry> held(String orgId) {
    List<LedgerEntry> out = new ArrayList<>();
    ledger.find(Filters.and(Filters.eq("held", true), Filters.eq("orgId", orgId)))
        .forEach(d -> out.add(LedgerEntry.from(d)));
    return out;
  }

  /** Hands every entry with points whose fact happened in [from, to) to the sink; returns how many. */
  public long replay(Instant from, Instant to, Consumer<dev.quotient.api.points.PointsLedger.Entry> sink) {
    long n = 0;
    for (Document d : ledger.find(Filters.and(Filters.gte("at", Date.from(from)), Filters.lt("at", Date.from(to)),
        Filters.ne("points", 0L))).batchSize(5_000)) {
      sink.accept(entry(d));
      n++;
    }
    return n;
  }

  /** A stored entry as plugins read it. */
  static dev.quotient.api.points.PointsLedger.Entry entry(Document d) {
    return new dev.quotient.api.points.PointsLedger.Entry(d.getString("orgId"), d.getString("_id"),
        d.getString("userId"), d.getString("ruleId"), d.get("points", Number.class).longValue(),
        d.getList("areas", String.class), d.getDate("at").toInstant(), d.getBoolean("self", false));
  }

  /**
   * The entries at these ledger positions, by position (zero-point entries included, positions with
   * nothing stored absent): one {@code $in} on the unique {@code pos} index, no scan.
   */
  public Map<Long, dev.quotient.api.points.PointsLedger.Entry> at(Collection<Long> wanted) {
    Map<Long, dev.quotient.api.points.PointsLedger.Entry> found = new HashMap<>();
    if (!wanted.isEmpty()) {
      for (Document d : ledger.find(Filters.in("pos", wanted)).batchSize(wanted.size())) {
        found.put(d.get("pos", Number.class).longValue(), entry(d));
      }
    }
    return found;
  }

  /** Every entry of the organisation. */
  public List<LedgerEntry> all(String orgId) {
    List<LedgerEntry> out = new ArrayList<>();
    ledger.find(Filters.eq("orgId", orgId)).forEach(d -> out.add(LedgerEntry.from(d)));
    return out;
  }

  /** Removes the entries scored from the activity log (events' entries cannot be derived again). */
  public void deleteActivityEntries(String orgId) {
    ledger.deleteMany(Filters.and(Filters.eq("orgId", orgId), Filters.eq("trigger", PointRule.Trigger.ACTIVITY.key())));
  }

  public long checkpoint(String orgId) {
    return scored(orgId).seq();
  }

  /**
   * How far the organisation's activity is scored: every activity up to {@code seq}, and the highest
   * log position among those scored ({@code pos}, 0 when not known: a checkpoint written before
   * positions were kept).
   */
  public record Scored(long seq, long pos) {}

  public Scored scored(String orgId) {
    Document d = checkpoints.find(Filters.eq("_id", orgId)).first();
    return d == null ? new Scored(0, 0) : new Scored(d.get("seq", Number.class).longValue(),
        d.get("pos") instanceof Number n ? n.longValue() : 0);
  }

  /** Moves the checkpoint forward (never back). */
  public void advance(String orgId, long seq) {
    advance(orgId, seq, 0);
  }

  /** Moves the checkpoint forward (never back), with the highest log position scored so far. */
  public void advance(String orgId, long seq, long pos) {
    checkpoints.updateOne(Filters.eq("_id", orgId), Updates.combine(Updates.max("seq", seq), Updates.max("pos", pos)),
        new UpdateOptions().upsert(true));
  }

  /** Puts the checkpoint back to the start (for a rebuild). */
  public void reset(String orgId) {
    checkpoints.deleteOne(Filters.eq("_id", orgId));
  }

  /** The organisation's rule versions, oldest first (empty before the first use). */
  public List<RuleVersion> versions(String orgId) {
    List<RuleVersion> out = new ArrayList<>();
    for (Document d : rules.find(Filters.eq("orgId", orgId)).sort(Sorts.ascending("version"))) {
      out.add(new RuleVersion(d.get("version", Number.class).intValue(), d.getDate("effectiveFrom").toInstant(),
          d.getString("createdBy"), RuleSet.parse(new JsonArray(d.getString("rules")))));
    }
    return out;
  }

  /** Stores a version; false when that version number is taken (a concurrent edit). */
  public boolean insertVersion(String orgId, RuleVersion v) {
    try {
      rules.insertOne(new Document("_id", orgId + ":" + v.version()).append("orgId", orgId)
          .append("version", v.version()).append("effectiveFrom", Date.from(v.effectiveFrom()))
          .append("createdBy", v.createdBy()).append("rules", v.rules().toJson().encode()));
      return true;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    }
  }
}
