package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.PlatformProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 while clients post meetings (5 points each from the CRM, no cap): after the restart every
 * stored activity, so every acknowledged one, is scored exactly once: each person's total is 5 times
 * the number of their stored activities.
 */
class PointsCrashTest {

  private static final int BATCH = 25;
  private static final long MIN_STREAM_MILLIS = 1_500;
  private static final long MAX_STREAM_MILLIS = 6_000;

  @Test
  void everyAcknowledgedActivityIsScoredExactlyOnceAfterAKill(@TempDir Path data) throws Exception {
    try (PlatformProcess platform = PlatformProcess.start(data)) {
      String admin = platform.token("admin@acme.example");
      List<String> reps = List.of(id(platform, "rep1@acme.example"), id(platform, "rep2@acme.example"));
      Instant base = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      List<String> unexpected = new CopyOnWriteArrayList<>();
      AtomicBoolean killed = new AtomicBoolean();
      List<Thread> clients = new ArrayList<>();
      for (int c = 0; c < reps.size(); c++) {
        int client = c;
        clients.add(new Thread(() -> {
          for (int b = 0; ; b++) {
            JsonArray items = new JsonArray();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < BATCH; i++) {
              String id = "points-crash-" + client + "-" + b + "-" + i;
              ids.add(id);
              items.add(ActivityTest.activity(id, reps.get(client), "meeting",
                  base.plusSeconds((long) b * BATCH + i).toString()));
            }
            HttpRequest post = platform.jsonRequest("POST", "/api/activities/batch", admin,
                new JsonObject().put("activities", items).encode());
            try {
              HttpResponse<String> r = platform.client().send(post, HttpResponse.BodyHandlers.ofString());
              if (r.statusCode() == 201) {
                acknowledged.addAll(ids);
              } else if (!killed.get()) {
                unexpected.add(r.statusCode() + " " + r.body());
                return;
              }
            } catch (IOException e) {
              return;
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
          }
        }, "points-crash-client-" + c));
      }
      long began = System.currentTimeMillis();
      clients.forEach(Thread::start);
      while (System.currentTimeMillis() - began < MAX_STREAM_MILLIS && unexpected.isEmpty()
          && (System.currentTimeMillis() - began < MIN_STREAM_MILLIS || acknowledged.size() < 40 * BATCH)) {
        Thread.sleep(20);
      }
      killed.set(true);
      platform.kill();
      for (Thread t : clients) {
        t.join(30_000);
      }
      assertEquals(List.of(), unexpected, () -> "batches refused before the kill; log:\n" + platform.logTail());
      assertTrue(acknowledged.size() >= 5 * BATCH, "too few activities before the kill: " + acknowledged.size());

      platform.restart();
      long storedTotal = 0;
      for (String rep : reps) {
        Set<String> stored = stored(platform, admin, rep);
        storedTotal += stored.size();
        long expected = 5L * stored.size();
        long deadline = System.currentTimeMillis() + 60_000;
        long total;
        do {
          HttpResponse<String> r = platform.get("/api/points?user=" + rep, admin);
          assertEquals(200, r.statusCode(), r.body());
          total = new JsonObject(r.body()).getLong("total");
          if (total < expected) {
            Thread.sleep(100);
          }
        } while (total < expected && System.currentTimeMillis() < deadline);
        assertEquals(expected, total, "5 points for each of " + stored.size() + " stored meetings, once");
      }
      Set<String> all = new HashSet<>();
      for (String rep : reps) {
        all.addAll(stored(platform, admin, rep));
      }
      assertTrue(all.containsAll(acknowledged), "every acknowledged activity is stored");
      System.out.printf("points crash test: %d acknowledged, %d stored and scored once after the restart%n",
          acknowledged.size(), storedTotal);
    }
  }

  private static String id(PlatformProcess platform, String email) {
    return new JsonObject(platform.get("/api/me", platform.token(email)).body()).getString("id");
  }

  private static Set<String> stored(PlatformProcess platform, String token, String userId) {
    Set<String> ids = new HashSet<>();
    String cursor = null;
    do {
      HttpResponse<String> page = platform.get("/api/activities?limit=200&user=" + userId
          + (cursor == null ? "" : "&cursor=" + cursor), token);
      assertEquals(200, page.statusCode(), page.body());
      JsonObject body = new JsonObject(page.body());
      body.getJsonArray("activities").forEach(o -> ids.add(((JsonObject) o).getString("id")));
      cursor = body.getString("next");
    } while (cursor != null);
    return ids;
  }
}
