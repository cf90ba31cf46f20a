package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.quotient.testkit.PlatformProcess;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two assembled distributions in their own JVMs, started as a user starts them, form a cluster over
 * one store (B uses A's MongoDB-protocol server, as nodes share a replica set). Each node's boards
 * follow the shared points ledger: activity posted to either node shows on the other's board, and a
 * node killed with {@code kill -9} catches up by itself after its restart.
 */
class ClusterProcessTest {

  private static final long DEADLINE_MILLIS = 30_000;
  /** How soon the other node's board must show a credit (the goal is a second; loaded CI gets slack). */
  private static final long VISIBLE_WITHIN_MILLIS = 3_000;
  /** The store's address in A's log (JSON lines, where slashes may be escaped). */
  private static final Pattern STORE = Pattern.compile("embedded MongoDB-protocol server on mongodb:\\\\?/\\\\?/127\\.0\\.0\\.1:(\\d+)");

  @Test
  void boardsOnEitherNodeFollowTheSharedLogAndAKilledNodeCatchesUp(@TempDir Path dataA, @TempDir Path dataB)
      throws Exception {
    int[] ports = ClusterEnv.freePortPair(6001);
    String members = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];
    String clusterName = "quotient-test-" + UUID.randomUUID();
    Path home = PlatformProcess.distributionHome();
    try (PlatformProcess a = PlatformProcess.start(home, dataA, ClusterEnv.of(ports[0], members, clusterName))) {
      Map<String, String> envB = ClusterEnv.of(ports[1], members, clusterName);
      envB.put("MONGO_URI", storeOf(a));
      try (PlatformProcess b = PlatformProcess.start(home, dataB, envB)) {
        String leaderA = a.token("leader@acme.example");
        String leaderB = b.token("leader@acme.example");
        String rep1 = new JsonObject(a.get("/api/me", a.token("rep1@acme.example")).body()).getString("id");

        long before = score(a, leaderA, rep1);
        assertEquals(before, score(b, leaderB, rep1), "both nodes start from the same ledger");

        // A -> B: a meeting is 5 points.
        post(a, leaderA, rep1, "to-a-1");
        long seenOnB = waitFor(b, leaderB, rep1, before + 5);
        // B -> A.
        post(b, leaderB, rep1, "to-b-1");
        long seenOnA = waitFor(a, leaderA, rep1, before + 10);
        System.out.printf("cluster of two JVMs: a credit posted to A showed on B's board after %d ms, one posted to B"
            + " on A's after %d ms%n", seenOnB, seenOnA);
        assertTrue(seenOnB <= VISIBLE_WITHIN_MILLIS, "B's board showed A's activity after " + seenOnB + " ms");
        assertTrue(seenOnA <= VISIBLE_WITHIN_MILLIS, "A's board showed B's activity after " + seenOnA + " ms");

        // B dies mid-flight; A goes on taking activity; B's restart catches up from its checkpoint and the log.
        b.kill();
        for (int i = 0; i < 3; i++) {
          post(a, leaderA, rep1, "while-b-is-down-" + i);
        }
        b.restart();
        String leaderB2 = b.token("leader@acme.example");
        assertEquals(before + 25, score(b, leaderB2, rep1),
            "B's board at its first answer after the restart holds every credit, none twice: " + b.logTail());
        post(b, leaderB2, rep1, "after-restart");
        waitFor(a, leaderA, rep1, before + 30);
        waitFor(b, leaderB2, rep1, before + 30);
        Thread.sleep(1_000);
        assertEquals(before + 30, score(a, leaderA, rep1), "nothing counted twice on A");
        assertEquals(before + 30, score(b, leaderB2, rep1), "nothing counted twice on B");

        // Settings changed on A: B drops what it kept of the organisation at once (organisation.changed),
        // instead of serving the old ones for the 10 s it keeps them.
        String adminB = b.token("admin@acme.example");
        JsonObject settings = new JsonObject(b.get("/api/organisation", adminB).body());
        settings.remove("id");
        assertEquals(200, a.json("PUT", "/api/organisation", a.token("admin@acme.example"),
            settings.copy().put("name", "Acme Sales Cluster").encode()).statusCode());
        long changed = System.nanoTime();
        while (!"Acme Sales Cluster".equals(new JsonObject(b.get("/api/organisation", adminB).body()).getString("name"))) {
          if (System.nanoTime() - changed > TimeUnit.SECONDS.toNanos(5)) {
            fail("B still shows the old settings; errors: " + errors(a) + errors(b));
          }
          Thread.sleep(50);
        }
        long settingsOnB = (System.nanoTime() - changed) / 1_000_000;
        System.out.printf("settings changed on A showed on B after %d ms%n", settingsOnB);
        assertTrue(settingsOnB <= VISIBLE_WITHIN_MILLIS, "B showed A's settings after " + settingsOnB + " ms");
        // (WARN lines stay: Hazelcast's about its CP subsystem, and about B while it was killed.)
        assertEquals(List.of(), errors(a), "no ERROR in A's log");
        assertEquals(List.of(), errors(b), "no ERROR in B's log");
      }
    }
  }

  /** The log's ERROR lines. */
  private static List<String> errors(PlatformProcess node) throws IOException {
    return Files.readAllLines(node.log()).stream().filter(l -> l.contains("\"level\":\"ERROR\"")).toList();
  }

  private static String storeOf(PlatformProcess a) throws IOException {
    Matcher m = STORE.matcher(Files.readString(a.log()));
    if (!m.find()) {
      fail("node A did not log its store's address: " + a.logTail());
    }
    return "mongodb://127.0.0.1:" + m.group(1);
  }

  private static void post(PlatformProcess node, String token, String userId, String id) {
    JsonObject meeting = new JsonObject().put("id", "cluster-" + id).put("userId", userId).put("kind", "meeting")
        .put("occurredAt", Instant.now().minusSeconds(60).toString());
    var r = node.json("POST", "/api/activities", token, meeting.encode());
    assertEquals(201, r.statusCode(), r.body());
  }

  /** The person's points on the all-time board as the node serves it. */
  private static long score(PlatformProcess node, String token, String userId) {
    var r = node.get("/api/leaderboards/board?period=all&top=50", token);
    assertEquals(200, r.statusCode(), r.body());
    JsonObject board = new JsonObject(r.body());
    return board.getJsonArray("top").stream().map(JsonObject.class::cast)
        .filter(s -> userId.equals(s.getString("id"))).mapToLong(s -> s.getLong("score")).findFirst().orElse(0L);
  }

  /** Milliseconds until the node's board shows the score; fails after the deadline. */
  private static long waitFor(PlatformProcess node, String token, String userId, long expected) throws Exception {
    long start = System.currentTimeMillis();
    while (true) {
      long score = score(node, token, userId);
      if (score == expected) {
        return System.currentTimeMillis() - start;
      }
      if (score > expected || System.currentTimeMillis() - start > DEADLINE_MILLIS) {
        fail("expected " + expected + " points on port " + node.port() + ", saw " + score + ": " + node.logTail());
      }
      Thread.sleep(50);
    }
  }
}
