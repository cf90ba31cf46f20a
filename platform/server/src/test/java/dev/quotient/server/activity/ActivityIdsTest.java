package dev.quotient.server.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.quotient.server.mongo.Database;
import dev.quotient.server.mongo.EmbeddedMongo;
import dev.quotient.server.mongo.Migrations;
import dev.quotient.server.projection.LogPositions;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Activity ids follow the caller's ids, so the log's index grows where the caller's ids grow; a store
 * that holds activities under the hashed ids of earlier versions still finds every repeat of them.
 */
class ActivityIdsTest {

  private static final String ORG = "65f000000000000000000001";
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  @TempDir
  Path data;
  private Vertx vertx;
  private EmbeddedMongo mongo;
  private Database database;

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    mongo = EmbeddedMongo.start(data);
    database = new Database(vertx, mongo.connectionString(), "ids_test");
  }

  @AfterEach
  void close() {
    database.close();
    mongo.close();
    vertx.close();
  }

  private static Activity call(String clientId, Instant at) {
    return new Activity(clientId, "rep-1", ActivityKind.CALL, at, null, null, null, null, null, null, null);
  }

  @Test
  void idsKeepTheCallersOrderWithinAnOrganisation() {
    Migrations.run(database.db());
    ActivityStore store = new ActivityStore(database, new LogPositions(database));
    store.record(ORG, List.of(call("crm-0002", NOW), call("crm-0001", NOW), call("crm-0010", NOW)), Source.CRM, NOW);
    List<String> stored = database.collection(ActivityStore.COLLECTION).find()
        .sort(new Document("_id", 1)).map(d -> d.getString("_id")).into(new java.util.ArrayList<>());
    assertEquals(List.of(ORG + ":crm-0001", ORG + ":crm-0002", ORG + ":crm-0010"), stored);
    assertNull(database.collection(Migrations.VERSION_COLLECTION)
        .find(Filters.eq("_id", Migrations.LEGACY_ACTIVITY_IDS)).first(), "a new store holds no hashed ids");
  }

  @Test
  void aRepeatOfAnActivityStoredUnderItsHashedIdIsStillADuplicateOrAConflict() {
    // A store of the version before: schema 4, one activity under its hashed id.
    database.collection(Migrations.VERSION_COLLECTION).insertOne(new Document("_id", "schema").append("version", 4));
    Activity old = call("crm-0001", NOW.minusSeconds(3600));
    MongoCollection<Document> log = database.collection(ActivityStore.COLLECTION);
    log.insertOne(ActivityStore.toDocument(ORG, Activity.legacyActivityId(ORG, old.clientId()), old, Source.CRM, 1,
        NOW.minusSeconds(3600)).append("pos", 1L));
    database.collection(LogPositions.COLLECTION).insertOne(new Document("_id", LogPositions.ACTIVITIES).append("last", 1L));
    database.collection(ActivityStore.SEQUENCE).insertOne(new Document("_id", ORG).append("last", 1L));
    Migrations.run(database.db());
    assertNotNull(database.collection(Migrations.VERSION_COLLECTION)
        .find(Filters.eq("_id", Migrations.LEGACY_ACTIVITY_IDS)).first(), "the upgrade notes the hashed ids");

    ActivityStore store = new ActivityStore(database, new LogPositions(database));
    ActivityStore.Result repeat = store.record(ORG, List.of(old, call("crm-0002", NOW)), Source.CRM, NOW);
    assertTrue(repeat.conflicts().isEmpty());
    assertTrue(repeat.outcomes().get(0).duplicate(), "the repeat is the stored activity");
    assertEquals(Activity.legacyActivityId(ORG, old.clientId()), repeat.outcomes().get(0).activityId(),
        "answered with the id it is stored under");
    assertFalse(repeat.outcomes().get(1).duplicate());
    assertEquals(ORG + ":crm-0002", repeat.outcomes().get(1).activityId());
    assertEquals(1, log.countDocuments(Filters.eq("clientId", old.clientId())), "stored once");

    ActivityStore.Result other = store.record(ORG, List.of(call("crm-0001", NOW)), Source.CRM, NOW);
    assertEquals(1, other.conflicts().size(), "other content under a stored id is a conflict");
    assertEquals(1, log.countDocuments(Filters.eq("clientId", old.clientId())));
    assertEquals(java.util.Map.of(old.clientId(), old.fingerprint()), store.fingerprints(ORG, List.of(old.clientId())),
        "an import's check finds it too");
  }
}
