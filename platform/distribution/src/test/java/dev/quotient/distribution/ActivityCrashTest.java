package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.PlatformProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 while several clients post activity batches: after the restart every acknowledged
 * activity is in the log exactly once (no id and no seq twice), and posting every acknowledged batch
 * again stores nothing new.
 */
class ActivityCrashTest {

  private static final int CLIENTS = 4;
  private static final int BATCH = 50;
  private static final int ACKED_BATCHES_BEFORE_KILL = 60;
  private static final long MIN_STREAM_MILLIS = 1_500;
  private static final long MAX_STREAM_MILLIS = 6_000;

  /** Batch number {@code round} of {@code client}: the same content every time it is built. */
  private static JsonObject batch(int client, int round, String repId, Instant base) {
    JsonArray items = new JsonArray();
    for (int i = 0; i < BATCH; i++) {
      String id = "crash-" + client + "-" + round + "-" + i;
      long millis = ((long) client * 1_000_000 + (long) round * BATCH + i) * 7;
      items.add(ActivityTest.activity(id, repId, i % 2 == 0 ? "call" : "email",
          base.plusMillis(millis % 80_000_000).toString()));
    }
    return new JsonObject().put("activities", items);
  }

  private static List<String> ids(JsonObject batch) {
    return batch.getJsonArray("activities").stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }

  @Test
  void everyAcknowledgedActivitySurvivesAKillExactlyOnce(@TempDir Path data) throws Exception {
    try (PlatformProcess platform = PlatformProcess.start(data)) {
      String admin = platform.token("admin@acme.example");
      String repId = new JsonObject(platform.get("/api/me", platform.token("rep1@acme.example")).body()).getString("id");
      Instant base = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      Set<String> attempted = ConcurrentHashMap.newKeySet();
      List<JsonObject> acknowledgedBatches = new CopyOnWriteArrayList<>();
      List<String> unexpected = KillWhileWriting.run(platform, CLIENTS, new KillWhileWriting.Write() {
        @Override
        public HttpResponse<String> send(int client, int round) throws IOException, InterruptedException {
          JsonObject batch = batch(client, round, repId, base);
          ids(batch).forEach(attempted::add);
          return platform.client().send(platform.jsonRequest("POST", "/api/activities/batch", admin, batch.encode()),
              HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public boolean acknowledged(int client, int round, HttpResponse<String> answer) {
          if (answer.statusCode() != 201 || new JsonObject(answer.body()).getInteger("created") != BATCH) {
            return false;
          }
          JsonObject batch = batch(client, round, repId, base);
          acknowledged.addAll(ids(batch));
          acknowledgedBatches.add(batch);
          return true;
        }
      }, acknowledgedBatches::size, ACKED_BATCHES_BEFORE_KILL, MIN_STREAM_MILLIS, MAX_STREAM_MILLIS);
      assertEquals(List.of(), unexpected, () -> "batches refused before the kill; log:\n" + platform.logTail());
      assertTrue(acknowledgedBatches.size() >= 5, "too few batches before the kill: " + acknowledgedBatches.size());

      platform.restart();
      Map<String, Integer> stored = new HashMap<>();
      Set<Long> seqs = new HashSet<>();
      int seqRepeats = 0;
      String cursor = null;
      do {
        HttpResponse<String> page = platform.get("/api/activities?limit=200&user=" + repId
            + (cursor == null ? "" : "&cursor=" + cursor), admin);
        assertEquals(200, page.statusCode(), page.body());
        JsonObject body = new JsonObject(page.body());
        for (Object o : body.getJsonArray("activities")) {
          JsonObject a = (JsonObject) o;
          stored.merge(a.getString("id"), 1, Integer::sum);
          if (!seqs.add(a.getLong("seq"))) {
            seqRepeats++;
          }
        }
        cursor = body.getString("next");
      } while (cursor != null);

      List<String> lost = acknowledged.stream().filter(id -> !stored.containsKey(id)).sorted().toList();
      List<String> doubled = stored.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
      List<String> invented = stored.keySet().stream().filter(id -> !attempted.contains(id)).toList();
      System.out.printf("activity crash test: %d acknowledged in %d batches, %d attempted, %d stored after the restart%n",
          acknowledged.size(), acknowledgedBatches.size(), attempted.size(), stored.size());
      assertEquals(List.of(), lost, "acknowledged activities lost by kill -9 (of " + acknowledged.size() + ")");
      assertEquals(List.of(), doubled, "activities stored twice");
      assertEquals(List.of(), invented, "activities nobody posted");
      assertEquals(0, seqRepeats, "a seq used twice");

      int created = 0;
      for (JsonObject batch : acknowledgedBatches) {
        HttpResponse<String> again = platform.json("POST", "/api/activities/batch", admin, batch.encode());
        assertEquals(200, again.statusCode(), again.body());
        created += new JsonObject(again.body()).getInteger("created");
      }
      assertEquals(0, created, "posting acknowledged batches again stores nothing");
    }
  }
}
