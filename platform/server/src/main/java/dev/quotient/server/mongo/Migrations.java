package dev.quotient.server.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema version and the steps that bring a database to it. Indexes are (re)declared on every
 * start, which is idempotent; data changes are numbered steps run once, in order, recorded in
 * {@code schema_version} (one document: the version reached and when the last step ran). Runs on a
 * worker thread.
 */
public final class Migrations {

  public static final String VERSION_COLLECTION = "schema_version";
  /**
   * Present in {@link #VERSION_COLLECTION} when the log holds activities stored under hashed ids
   * ({@code Activity.legacyActivityId}): a repeat of one of them must still be found.
   */
  public static final String LEGACY_ACTIVITY_IDS = "legacyActivityIds";

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  /** One numbered change of stored data. */
  public record Step(int version, String description, Consumer<MongoDatabase> apply) {}

  private static final List<Step> STEPS = List.of(
      new Step(1, "initial schema: organisations, teams, users, tokens, audit", db -> {}),
      new Step(2, "log positions: every activity and ledger entry numbered for projections to follow",
          db -> {
            number(db, "activities", "activities");
            number(db, "points_ledger", "points");
          }),
      new Step(3, "daily cap totals kept in memory, folded from the ledger: their collection is dropped",
          db -> {
            // Only when there: dropping a missing collection is an error the embedded store logs.
            if (db.listCollectionNames().into(new java.util.ArrayList<>()).contains("points_daily")) {
              db.getCollection("points_daily").drop();
            }
          }),
      new Step(4, "indexes no read uses are dropped (the log by organisation and seq, the ledger by rule and day, by trigger):"
          + " the embedded store now keeps every index up on every insert",
          db -> {
            drop(db.getCollection("activities"), "orgId_1_seq_1");
            drop(db.getCollection("points_ledger"), "orgId_1_userId_1_ruleId_1_day_1");
            drop(db.getCollection("points_ledger"), "orgId_1_trigger_1");
          }),
      new Step(5, "activity ids follow the caller's ids instead of a hash (the log's index grows at its end):"
          + " activities stored before keep their ids, and the store notes that it holds some",
          db -> {
            if (db.getCollection("activities").find().limit(1).first() != null) {
              db.getCollection(VERSION_COLLECTION).replaceOne(new Document("_id", LEGACY_ACTIVITY_IDS),
                  new Document("_id", LEGACY_ACTIVITY_IDS).append("since", new Date()), new ReplaceOptions().upsert(true));
            }
          }));

  private Migrations() {}

  private static void drop(MongoCollection<Document> collection, String index) {
    if (collection.listIndexes().map(i -> i.getString("name")).into(new java.util.ArrayList<>()).contains(index)) {
      collection.dropIndex(index);
    }
  }

  public static int latestVersion() {
    return STEPS.get(STEPS.size() - 1).version();
  }

  /** Declares indexes and runs pending steps; returns the version reached. */
  public static int run(MongoDatabase db) {
    ensureIndexes(db);
    Document current = db.getCollection(VERSION_COLLECTION).find(new Document("_id", "schema")).first();
    int version = current == null ? 0 : current.getInteger("version", 0);
    for (Step step : STEPS) {
      if (step.version() > version) {
        LOG.info("schema migration {}: {}", step.version(), step.description());
        step.apply().accept(db);
        version = step.version();
        db.getCollection(VERSION_COLLECTION).replaceOne(
            new Document("_id", "schema"),
            new Document("_id", "schema").append("version", version).append("migratedAt", new Date()),
            new ReplaceOptions().upsert(true));
      }
    }
    return version;
  }

  /**
   * Gives every document of the collection without a {@code pos} the next position of the log, in the
   * order it was stored ({@code seq} within an organisation), and moves the log's counter past them.
   */
  private static void number(MongoDatabase db, String collection, String log) {
    var docs = db.getCollection(collection);
    var counters = db.getCollection("log_positions");
    Document counter = counters.find(new Document("_id", log)).first();
    long pos = counter == null ? 0 : counter.get("last", Number.class).longValue();
    List<com.mongodb.client.model.WriteModel<Document>> updates = new java.util.ArrayList<>();
    for (Document d : docs.find(com.mongodb.client.model.Filters.exists("pos", false))
        .projection(com.mongodb.client.model.Projections.include("_id", "orgId", "seq"))
        .sort(com.mongodb.client.model.Sorts.ascending("orgId", "seq")).batchSize(10_000)) {
      updates.add(new com.mongodb.client.model.UpdateOneModel<>(new Document("_id", d.get("_id")),
          new Document("$set", new Document("pos", ++pos))));
      if (updates.size() == 1_000) {
        docs.bulkWrite(updates);
        updates.clear();
      }
    }
    if (!updates.isEmpty()) {
      docs.bulkWrite(updates);
    }
    counters.updateOne(new Document("_id", log), new Document("$max", new Document("last", pos)),
        new com.mongodb.client.model.UpdateOptions().upsert(true));
  }

  /**
   * A collection's indexes as declared at every start: one that exists already is not created again.
   * {@code createIndex} is a write, which the embedded store commits to disk: about 25 of them took a
   * second of every start.
   */
  private record Declared(MongoCollection<Document> collection, List<String> existing) {
    void createIndex(org.bson.conversions.Bson keys) {
      createIndex(keys, new IndexOptions());
    }

    void createIndex(org.bson.conversions.Bson keys, IndexOptions options) {
      if (!existing.contains(spec(keys.toBsonDocument().toJson(), options.isUnique(), options.isSparse()))) {
        collection.createIndex(keys, options);
      }
    }
  }

  private static Declared indexes(Map<String, Declared> declared, MongoDatabase db, String name) {
    return declared.computeIfAbsent(name, n -> existing(db, n));
  }

  /** One {@code listIndexes} a collection. */
  private static Declared existing(MongoDatabase db, String name) {
    MongoCollection<Document> c = db.getCollection(name);
    List<String> specs = new java.util.ArrayList<>();
    for (Document index : c.listIndexes()) {
      specs.add(spec(index.get("key", Document.class).toBsonDocument().toJson(), index.getBoolean("unique", false),
          index.getBoolean("sparse", false)));
    }
    return new Declared(c, specs);
  }

  private static String spec(String keys, boolean unique, boolean sparse) {
    return keys + (unique ? " unique" : "") + (sparse ? " sparse" : "");
  }

  private static void ensureIndexes(MongoDatabase db) {
    Map<String, Declared> declared = new java.util.HashMap<>();
    IndexOptions unique = new IndexOptions().unique(true);
    indexes(declared, db, "users").createIndex(Indexes.ascending("email"), unique);
    indexes(declared, db, "users").createIndex(Indexes.ascending("orgId", "name"));
    indexes(declared, db, "teams").createIndex(Indexes.ascending("orgId", "name"), unique);
    indexes(declared, db, "tokens").createIndex(Indexes.ascending("userId"));
    // Every API request looks its bearer token up by hash: unique, so the embedded store answers from
    // the index instead of scanning the tokens.
    indexes(declared, db, "tokens").createIndex(Indexes.ascending("hash"), unique);
    // Invitations: looked up by the token's hash; a user's open ones revoked by a newer one.
    indexes(declared, db, "invitations").createIndex(Indexes.ascending("hash"), unique);
    indexes(declared, db, "invitations").createIndex(Indexes.ascending("userId"));
    indexes(declared, db, "audit").createIndex(Indexes.descending("orgId", "at"));
    // Trainer-content store: listing, facets and words, always within one organisation.
    indexes(declared, db, "materials").createIndex(Indexes.compoundIndex(Indexes.ascending("orgId"),
        Indexes.descending("createdAt")));
    indexes(declared, db, "materials").createIndex(Indexes.ascending("orgId", "keywords"));
    indexes(declared, db, "materials").createIndex(Indexes.ascending("orgId", "kind"));
    indexes(declared, db, "materials").createIndex(Indexes.ascending("orgId", "skills"));
    indexes(declared, db, "materials").createIndex(Indexes.ascending("orgId", "tags"));
    indexes(declared, db, "materials").createIndex(Indexes.ascending("orgId", "topicKey"));
    // GridFS's own indexes for the bucket (the driver creates them on first upload; declared here too).
    indexes(declared, db, "materials_files.files").createIndex(Indexes.ascending("filename", "uploadDate"));
    indexes(declared, db, "materials_files.chunks").createIndex(Indexes.ascending("files_id", "n"),
        new IndexOptions().unique(true));
    indexes(declared, db, "materials_uploads").createIndex(Indexes.ascending("startedAt"));
    indexes(declared, db, "materials").createIndex(Indexes.ascending("versions.fileId"));
    // Activity log: the _id (derived from organisation and client id) is the idempotency key; a rep's
    // activity by time for listings. Consumers catch up by log position (pos, below), not by seq.
    indexes(declared, db, "activities").createIndex(Indexes.ascending("orgId", "userId", "occurredAt"));
    // The organisation's log by time, for plugins replaying a window of everyone's activity (KPIs).
    indexes(declared, db, "activities").createIndex(Indexes.ascending("orgId", "occurredAt"));
    // Points ledger: the _id (source and rule) is the idempotency key; a person's entries newest first.
    // (The daily caps are folded in memory: no index by rule and day.)
    indexes(declared, db, "points_ledger").createIndex(Indexes.ascending("orgId", "userId", "at"));
    // The leaders' review queue: only held entries carry the field, so the sparse index stays small.
    indexes(declared, db, "points_ledger").createIndex(Indexes.ascending("held"), new IndexOptions().sparse(true));
    indexes(declared, db, "points_rules").createIndex(Indexes.ascending("orgId", "version"), unique);
    // The position of each fact in its log: projections on every node follow the logs by it. Sparse
    // because documents stored before positions existed get theirs in migration 2, after this runs.
    IndexOptions position = new IndexOptions().unique(true).sparse(true);
    indexes(declared, db, "activities").createIndex(Indexes.ascending("pos"), position);
    indexes(declared, db, "points_ledger").createIndex(Indexes.ascending("pos"), position);
  }
}
