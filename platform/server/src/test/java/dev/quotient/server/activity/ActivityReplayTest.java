package dev.quotient.server.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.api.activity.ActivityLog;
import dev.quotient.server.mongo.Database;
import dev.quotient.server.mongo.EmbeddedMongo;
import dev.quotient.server.mongo.Migrations;
import dev.quotient.server.projection.LogPositions;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay of an organisation's window hands over every activity in it once, in the order they
 * happened, also across pages that end inside a moment thousands of activities share (an import with
 * one time for a whole day), and reads no whole collection on the embedded store.
 */
class ActivityReplayTest {

  @TempDir
  Path data;

  @Test
  void everyActivityOfTheWindowOnceInOrderAcrossPagesAndSharedMoments() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (EmbeddedMongo mongo = EmbeddedMongo.start(data)) {
      Database database = new Database(vertx, mongo.connectionString(), "replay_test");
      try {
        Migrations.run(database.db());
        ActivityStore store = new ActivityStore(database, new LogPositions(database));
        Instant base = Instant.parse("2026-03-02T00:00:00Z");
        List<Document> docs = new ArrayList<>();
        int n = 0;
        // 7,000 at one moment (more than a page), then one a minute; another organisation and rep beside
        for (int i = 0; i < 7_000; i++) {
          docs.add(activity("o1", "u" + (i % 5), base, n++));
        }
        for (int i = 0; i < 6_000; i++) {
          docs.add(activity("o1", "u" + (i % 5), base.plusSeconds(60L * (i + 1)), n++));
        }
        for (int i = 0; i < 500; i++) {
          docs.add(activity("o2", "u1", base.plusSeconds(30L * i), n++));
        }
        database.collection(ActivityStore.COLLECTION).insertMany(docs);

        long scans = mongo.scans().getOrDefault(ActivityStore.COLLECTION, 0L);
        List<ActivityLog.Entry> all = new ArrayList<>();
        long handed = store.replay("o1", null, base, base.plusSeconds(60L * 6_001), all::add);
        assertEquals(13_000, handed);
        assertEquals(13_000, all.size());
        Set<String> ids = new HashSet<>();
        all.forEach(e -> assertTrue(ids.add(e.activityId()), "handed twice: " + e.activityId()));
        for (int i = 1; i < all.size(); i++) {
          assertTrue(!all.get(i).occurredAt().isBefore(all.get(i - 1).occurredAt()), "out of order at " + i);
        }
        // a window's ends: from is in, to is out
        List<ActivityLog.Entry> window = new ArrayList<>();
        store.replay("o1", null, base.plusSeconds(60), base.plusSeconds(60L * 11), window::add);
        assertEquals(10, window.size());
        // one rep's
        List<ActivityLog.Entry> mine = new ArrayList<>();
        store.replay("o1", "u3", base, base.plusSeconds(60L * 6_001), mine::add);
        assertEquals(2_600, mine.size());
        assertTrue(mine.stream().allMatch(e -> e.userId().equals("u3")));
        assertEquals(scans, mongo.scans().getOrDefault(ActivityStore.COLLECTION, 0L), "a replay read the whole log");
      } finally {
        database.close();
      }
    } finally {
      vertx.close();
    }
  }

  private static Document activity(String orgId, String userId, Instant at, int n) {
    return new Document("_id", orgId + "-" + String.format("%06d", (n * 7919) % 1_000_000) + "-" + n)
        .append("orgId", orgId).append("seq", (long) n).append("clientId", "c" + n).append("userId", userId)
        .append("kind", "call").append("occurredAt", Date.from(at)).append("source", "api")
        .append("recordedAt", new Date()).append("fingerprint", "f" + n).append("pos", (long) n + 1);
  }
}
