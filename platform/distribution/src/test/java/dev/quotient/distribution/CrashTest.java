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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 in the middle of a stream of writes: every write the platform acknowledged is there after
 * the restart, exactly once.
 */
class CrashTest {

  private static final int CLIENTS = 6;
  private static final int ACKED_BEFORE_KILL = 800;
  private static final long MIN_STREAM_MILLIS = 1_500;
  private static final long MAX_STREAM_MILLIS = 8_000;

  @Test
  void everyAcknowledgedWriteSurvivesAKill(@TempDir Path data) throws Exception {
    try (PlatformProcess platform = PlatformProcess.start(data)) {
      String token = platform.token("admin@acme.example");

      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      Set<String> attempted = ConcurrentHashMap.newKeySet();
      List<String> unexpected = new ArrayList<>();
      AtomicBoolean killed = new AtomicBoolean();
      List<Thread> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        clients.add(new Thread(() -> {
          for (int i = 0; ; i++) {
            String name = "crash-" + client + "-" + i;
            HttpRequest post = platform.jsonRequest("POST", "/api/teams", token,
                new JsonObject().put("name", name).encode());
            attempted.add(name);
            try {
              HttpResponse<String> r = platform.client().send(post, HttpResponse.BodyHandlers.ofString());
              if (r.statusCode() == 201) {
                acknowledged.add(name);
              } else if (!killed.get()) {
                synchronized (unexpected) {
                  unexpected.add(name + ": " + r.statusCode() + " " + r.body());
                }
                return;
              }
            } catch (IOException e) {
              return; // the server is gone: this write was never acknowledged
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
          }
        }, "crash-client-" + c));
      }
      long began = System.currentTimeMillis();
      clients.forEach(Thread::start);
      while (true) {
        long elapsed = System.currentTimeMillis() - began;
        if (elapsed >= MAX_STREAM_MILLIS
            || (elapsed >= MIN_STREAM_MILLIS && acknowledged.size() >= ACKED_BEFORE_KILL)
            || !unexpected.isEmpty()) {
          break;
        }
        Thread.sleep(20);
      }
      killed.set(true);
      platform.kill();
      for (Thread t : clients) {
        t.join(30_000);
      }
      assertTrue(unexpected.isEmpty(), "writes refused before the kill: " + unexpected);
      assertTrue(acknowledged.size() >= 50, "too few writes before the kill: " + acknowledged.size());

      platform.restart();
      HttpResponse<String> teams = platform.get("/api/teams", token);
      assertEquals(200, teams.statusCode(), teams.body());
      Map<String, Integer> stored = new HashMap<>();
      for (Object o : new JsonArray(teams.body())) {
        stored.merge(((JsonObject) o).getString("name"), 1, Integer::sum);
      }
      List<String> lost = acknowledged.stream().filter(n -> !stored.containsKey(n)).sorted().toList();
      List<String> doubled = stored.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
      List<String> invented = stored.keySet().stream()
          .filter(n -> n.startsWith("crash-") && !attempted.contains(n)).toList();
      System.out.printf("crash test: %d acknowledged, %d attempted, %d stored after the restart%n",
          acknowledged.size(), attempted.size(), stored.keySet().stream().filter(n -> n.startsWith("crash-")).count());
      assertEquals(List.of(), lost, "acknowledged writes lost by kill -9 (of " + acknowledged.size() + ")");
      assertEquals(List.of(), doubled, "teams stored twice");
      assertEquals(List.of(), invented, "teams nobody wrote");
    }
  }
}
