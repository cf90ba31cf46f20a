package dev.quotient.server.points;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.quotient.server.mongo.Database;
import io.vertx.core.json.JsonArray;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;

/**
 * The points ledger ({@code points_ledger}), the daily totals caps are checked against
 * ({@code points_daily}), each organisation's scoring checkpoint ({@code points_checkpoint}) and its
 * rule versions ({@code points_rules}) in MongoDB. Blocking: call from a worker. Every write is a
 * single document; an entry's {@code _id} is deterministic, so a second insert of the same entry is a
 * duplicate key, never a second credit. Every read on the scoring path is by {@code _id} (a single
 * document or an {@code $in}), never a scan.
 */
public final class PointsLedger {

  public static final String LEDGER = "points_ledger";
  public static final String CHECKPOINT = "points_checkpoint";
  public static final String RULES = "points_rules";
  public static final String DAILY = "points_daily";

  private final MongoCollection<Document> ledger;
  private final MongoCollection<Document> checkpoints;
  private final MongoCollection<Document> rules;
  private final MongoCollection<Document> daily;

  public PointsLedger(Database database) {
    this.ledger = database.collection(LEDGER);
    this.daily = database.collection(DAILY);
    this.checkpoints = database.collection(CHECKPOINT);
    this.rules = database.collection(RULES);
  }

  /**
   * Stores the entry and, only when it is new, adds its points to the user's total for the rule and
   * day; false when an entry with its id is already stored (a replay never counts twice).
   */
  public boolean insert(LedgerEntry entry, Instant now) {
    try {
      ledger.insertOne(entry.toDocument(now));
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    }
    count(entry);
    return true;
  }

  /**
   * Stores the entries with one ordered {@code insertMany} and adds the new ones' points to the daily
   * totals with one bulk write; returns the entries that were new. Should another writer have stored
   * one of them meanwhile, the rest are settled one by one.
   */
  public List<LedgerEntry> insertAll(List<LedgerEntry> entries, Instant now) {
    if (entries.isEmpty()) {
      return List.of();
    }
    try {
      ledger.insertMany(entries.stream().map(e -> e.toDocument(now)).toList());
    } catch (MongoBulkWriteException e) {
      if (e.getWriteErrors().size() != 1 || e.getWriteErrors().get(0).getCategory() != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
      int failed = e.getWriteErrors().get(0).getIndex();
      List<LedgerEntry> fresh = new ArrayList<>(entries.subList(0, failed));
      count(fresh);
      for (LedgerEntry rest : entries.subList(failed + 1, entries.size())) {
        if (insert(rest, now)) {
          fresh.add(rest);
        }
      }
      return fresh;
    }
    count(entries);
    return entries;
  }

  /** Adds the entry's points to its (organisation, user, rule, day) total. */
  private void count(LedgerEntry e) {
    count(List.of(e));
  }

  /** Adds the entries' points to their (organisation, user, rule, day) totals, one bulk write. */
  private void count(List<LedgerEntry> entries) {
    Map<String, Long> inc = new LinkedHashMap<>();
    Map<String, String> orgs = new LinkedHashMap<>();
    for (LedgerEntry e : entries) {
      if (e.points() != 0) {
        String id = dailyId(e.orgId(), e.userId(), e.ruleId(), e.day());
        inc.merge(id, e.points(), Long::sum);
        orgs.put(id, e.orgId());
      }
    }
    if (inc.isEmpty()) {
      return;
    }
    List<UpdateOneModel<Document>> updates = new ArrayList<>();
    inc.forEach((id, points) -> updates.add(new UpdateOneModel<>(Filters.eq("_id", id),
        Updates.combine(Updates.inc("points", points), Updates.setOnInsert("orgId", orgs.get(id))),
        new UpdateOptions().upsert(true))));
    daily.bulkWrite(updates, new BulkWriteOptions().ordered(true));
  }

  /** The id of a daily total: the parts joined by a line break (which none of them holds). */
  static String dailyId(String orgId, String userId, String ruleId, String day) {
    return orgId + "\n" + userId + "\n" + ruleId + "\n" + day;
  }

  /** The ids among {@code ids} already stored. */
  public Set<String> known(Collection<String> ids) {
    Set<String> known = new HashSet<>();
    if (!ids.isEmpty()) {
      ledger.find(Filters.in("_id", ids)).projection(Projections.include("_id"))
          .forEach(d -> known.add(d.getString("_id")));
    }
    return known;
  }

  /** What the user earned from the rule on the day: one read by {@code _id}. */
  public long sum(String orgId, String userId, String ruleId, String day) {
    Document d = daily.find(Filters.eq("_id", dailyId(orgId, userId, ruleId, day))).first();
    return d == null ? 0 : d.get("points", Number.class).longValue();
  }

  /** A user's entries, newest first (by when the fact happened). */
  public List<LedgerEntry> entries(String orgId, String userId) {
    List<LedgerEntry> out = new ArrayList<>();
    ledger.find(Filters.and(Filters.eq("orgId", orgId), Filters.eq("userId", userId)))
        .sort(Sorts.descending("at", "seq")).forEach(d -> out.add(LedgerEntry.from(d)));
    return out;
  }

  /** Every entry of the organisation. */
  public List<LedgerEntry> all(String orgId) {
    List<LedgerEntry> out = new ArrayList<>();
    ledger.find(Filters.eq("orgId", orgId)).forEach(d -> out.add(LedgerEntry.from(d)));
    return out;
  }

  /**
   * Removes the entries scored from the activity log (events' entries cannot be derived again) and
   * counts the daily totals again from the entries kept.
   */
  public void deleteActivityEntries(String orgId) {
    ledger.deleteMany(Filters.and(Filters.eq("orgId", orgId), Filters.eq("trigger", PointRule.Trigger.ACTIVITY.key())));
    daily.deleteMany(Filters.eq("orgId", orgId));
    count(all(orgId));
  }

  public long checkpoint(String orgId) {
    Document d = checkpoints.find(Filters.eq("_id", orgId)).first();
    return d == null ? 0 : d.get("seq", Number.class).longValue();
  }

  /** Moves the checkpoint forward (never back). */
  public void advance(String orgId, long seq) {
    checkpoints.updateOne(Filters.eq("_id", orgId), Updates.max("seq", seq), new UpdateOptions().upsert(true));
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
