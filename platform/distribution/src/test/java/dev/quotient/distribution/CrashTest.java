package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.PlatformProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

  private static String name(int client, int round) {
    return "crash-" + client + "-" + round;
  }

  @Test
  void everyAcknowledgedWriteSurvivesAKill(@TempDir Path data) throws Exception {
    try (PlatformProcess platform = PlatformProcess.start(data)) {
      String token = platform.token("admin@acme.example");

      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      Set<String> attempted = ConcurrentHashMap.newKeySet();
      List<String> unexpected = KillWhileWriting.run(platform, CLIENTS, new KillWhileWriting.Write() {
        @Override
        public HttpResponse<String> send(int client, int round) throws IOException, InterruptedException {
          String name = name(client, round);
          attempted.add(name);
          return platform.client().send(platform.jsonRequest("POST", "/api/teams", token,
              new JsonObject().put("name", name).encode()), HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public boolean acknowledged(int client, int round, HttpResponse<String> answer) {
          return answer.statusCode() == 201 && acknowledged.add(name(client, round));
        }
      }, acknowledged::size, ACKED_BEFORE_KILL, MIN_STREAM_MILLIS, MAX_STREAM_MILLIS);
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
