package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.quotient.server.mongo.EmbeddedMongo;
import dev.quotient.testkit.PlatformProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 at random moments of a sustained ingest, cycle after cycle (three by default, {@code
 * -Dcrash.cycles=10} for the full run), on the assembled distribution in
 * its own JVM: after every restart each acknowledged activity is stored exactly once; after the last,
 * what the projections serve (boards, recognition, KPIs) equals what the same node serves once every
 * checkpoint is deleted and each projection is rebuilt from the whole log.
 */
class CrashCyclesTest {

  private static final int CYCLES = Integer.getInteger("crash.cycles", 3);
  private static final int CLIENTS = 4;
  private static final int BATCH = 50;

  @Test
  void killedAtRandomMomentsNoAcknowledgedActivityIsLostOrDoubledAndProjectionsMatchARebuild(@TempDir Path data)
      throws Exception {
    long seed = Long.getLong("crash.seed", System.nanoTime());
    Random random = new Random(seed);
    System.out.println("crash cycles: seed " + seed + " (-Dcrash.seed to repeat)");
    try (PlatformProcess platform = PlatformProcess.start(data)) {
      String admin = platform.token("admin@acme.example");
      String repId = new JsonObject(platform.get("/api/me", platform.token("rep1@acme.example")).body()).getString("id");
      Instant base = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      Set<String> attempted = ConcurrentHashMap.newKeySet();

      for (int cycle = 0; cycle < CYCLES; cycle++) {
        int c = cycle;
        List<JsonObject> acked = new CopyOnWriteArrayList<>();
        // a random moment: after 0.2 to 2.5 s of writing, whatever was acknowledged by then
        long killAfter = 200 + random.nextInt(2_300);
        List<String> unexpected = KillWhileWriting.run(platform, CLIENTS, new KillWhileWriting.Write() {
          @Override
          public HttpResponse<String> send(int client, int round) throws IOException, InterruptedException {
            JsonObject batch = batch(c, client, round, repId, base);
            ids(batch).forEach(attempted::add);
            return platform.client().send(platform.jsonRequest("POST", "/api/activities/batch", admin, batch.encode()),
                HttpResponse.BodyHandlers.ofString());
          }

          @Override
          public boolean acknowledged(int client, int round, HttpResponse<String> answer) {
            if (answer.statusCode() != 201) {
              return false;
            }
            JsonObject batch = batch(c, client, round, repId, base);
            acknowledged.addAll(ids(batch));
            acked.add(batch);
            return true;
          }
        }, () -> 0, Integer.MAX_VALUE, killAfter, killAfter);
        assertEquals(List.of(), unexpected, () -> "batches refused before the kill; log:\n" + platform.logTail());
        platform.restart();

        Map<String, Integer> stored = stored(platform, admin, repId);
        List<String> lost = acknowledged.stream().filter(id -> !stored.containsKey(id)).sorted().toList();
        List<String> doubled = stored.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        List<String> invented = stored.keySet().stream().filter(id -> !attempted.contains(id)).toList();
        System.out.printf("cycle %d: killed after %d ms, %d batches acknowledged; %d acknowledged in all, %d stored%n",
            cycle + 1, killAfter, acked.size(), acknowledged.size(), stored.size());
        assertEquals(List.of(), lost, "cycle " + (cycle + 1) + ": acknowledged activities lost (seed " + seed + ")");
        assertEquals(List.of(), doubled, "cycle " + (cycle + 1) + ": activities stored twice (seed " + seed + ")");
        assertEquals(List.of(), invented, "cycle " + (cycle + 1) + ": activities nobody posted");
      }
      assertTrue(acknowledged.size() > 0, "nothing was acknowledged in " + CYCLES + " cycles");

      String leader = platform.token("leader@acme.example");
      Map<String, JsonObject> afterCrashes = served(platform, leader, repId);

      // Every checkpoint gone: each projection is rebuilt from the whole log.
      platform.stop();
      try (EmbeddedMongo mongo = EmbeddedMongo.start(platform.dataDir());
          MongoClient client = MongoClients.create(mongo.connectionString())) {
        MongoDatabase db = client.getDatabase("quotient");
        assertTrue(db.getCollection("projection_checkpoints").countDocuments() > 0, "checkpoints were written");
        db.getCollection("projection_checkpoints").drop();
        db.getCollection("projection_chunks").drop();
      }
      platform.restart();
      Map<String, JsonObject> rebuilt = served(platform, leader, repId);
      for (String what : afterCrashes.keySet()) {
        assertEquals(rebuilt.get(what), afterCrashes.get(what), what + ": after " + CYCLES + " crashes against a rebuild"
            + " (seed " + seed + ")");
      }
    }
  }

  /** What the projections serve, once every projection has folded everything the node stored. */
  private static Map<String, JsonObject> served(PlatformProcess platform, String leader, String repId)
      throws InterruptedException {
    platform.awaitProjectionsSettled(leader, java.time.Duration.ofSeconds(3), java.time.Duration.ofMinutes(2));
    Map<String, JsonObject> out = new LinkedHashMap<>();
    for (String period : List.of("all", "month", "week", "day")) {
      String path = "/api/leaderboards/board?scope=individual&ladder=overall&period=" + period;
      out.put(path, ok(platform.get(path, leader)));
    }
    String team = "/api/leaderboards/board?scope=team&ladder=overall&period=all";
    out.put(team, ok(platform.get(team, leader)));
    String person = "/api/recognition/people/" + repId;
    out.put(person, ok(platform.get(person, leader)));
    LocalDate today = LocalDate.now(ZoneId.of("UTC"));
    for (String window : List.of("from=" + today.withDayOfMonth(1) + "&to=" + today.withDayOfMonth(1).plusMonths(1),
        "from=" + today.minusDays(3) + "&to=" + today.plusDays(1))) {
      String kpis = "/api/development/kpis/" + repId + "?" + window;
      out.put(kpis, ok(platform.get(kpis, leader)));
    }
    return out;
  }

  private static JsonObject ok(HttpResponse<String> r) {
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }

  /** How many times each activity id of the rep is stored, read through the paged API. */
  private static Map<String, Integer> stored(PlatformProcess platform, String admin, String repId) {
    Map<String, Integer> stored = new HashMap<>();
    String cursor = null;
    do {
      HttpResponse<String> page = platform.get("/api/activities?limit=200&user=" + repId
          + (cursor == null ? "" : "&cursor=" + cursor), admin);
      assertEquals(200, page.statusCode(), page.body());
      JsonObject body = new JsonObject(page.body());
      for (Object o : body.getJsonArray("activities")) {
        stored.merge(((JsonObject) o).getString("id"), 1, Integer::sum);
      }
      cursor = body.getString("next");
    } while (cursor != null);
    return stored;
  }

  /** Batch {@code round} of {@code client} in {@code cycle}: the same content every time it is built. */
  private static JsonObject batch(int cycle, int client, int round, String repId, Instant base) {
    JsonArray items = new JsonArray();
    String[] kinds = {"call", "email", "meeting", "follow-up", "won", "lost"};
    for (int i = 0; i < BATCH; i++) {
      String id = "cycle-" + cycle + "-" + client + "-" + round + "-" + i;
      long n = ((long) cycle * 100_000 + (long) client * 10_000 + (long) round * BATCH + i);
      JsonObject a = ActivityTest.activity(id, repId, kinds[(int) (n % kinds.length)],
          base.plusSeconds(n * 3 % 170_000).toString()).put("minutes", (int) (n % 30) + 1).put("leadId", "L" + n % 97);
      if (n % 6 >= 4) {
        a.put("value", (double) (n % 1000)).put("opportunityId", "O" + n % 53);
      }
      items.add(a);
    }
    return new JsonObject().put("activities", items);
  }

  private static List<String> ids(JsonObject batch) {
    return batch.getJsonArray("activities").stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }
}
