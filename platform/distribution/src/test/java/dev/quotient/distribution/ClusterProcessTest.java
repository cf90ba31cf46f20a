package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.quotient.api.event.Catalogue;
import dev.quotient.api.event.CommandType;
import dev.quotient.api.event.EventType;
import dev.quotient.distribution.fixtures.WireProbePlugin;
import dev.quotient.testkit.PlatformProcess;
import dev.quotient.testkit.PluginJarBuilder;
import io.vertx.core.json.JsonArray;
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
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two assembled distributions in their own JVMs, started as a user starts them, form a cluster over
 * one store (B uses A's MongoDB-protocol server, as nodes share a replica set). Each node's boards
 * follow the shared points ledger: activity posted to either node shows on the other's board, and a
 * node killed with {@code kill -9} catches up by itself after its restart. Every command and event of
 * the catalogue then crosses between the processes both ways, through the real codecs, handlers and
 * subscribers (a probe plugin beside the shipped ones carries them).
 */
class ClusterProcessTest {

  private static final long DEADLINE_MILLIS = 30_000;
  /** How soon the other node's board must show a credit (the goal is a second; loaded CI gets slack). */
  private static final long VISIBLE_WITHIN_MILLIS = 3_000;
  /** The store's address in A's log (JSON lines, where slashes may be escaped). */
  private static final Pattern STORE = Pattern.compile("embedded MongoDB-protocol server on mongodb:\\\\?/\\\\?/127\\.0\\.0\\.1:(\\d+)");

  @Test
  void boardsOnEitherNodeFollowTheSharedLogAKilledNodeCatchesUpAndTheCatalogueCrossesBothWays(@TempDir Path dataA,
      @TempDir Path dataB, @TempDir Path pluginsDir) throws Exception {
    int[] ports = ClusterEnv.freePortPair(6001);
    String members = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];
    String clusterName = "quotient-test-" + UUID.randomUUID();
    Path home = PlatformProcess.distributionHome();
    Path plugins = withProbe(home, pluginsDir);
    Map<String, String> envA = ClusterEnv.of(ports[0], members, clusterName);
    envA.put("QUOTIENT_PLUGINS_DIR", plugins.toString());
    envA.put("QUOTIENT_PLUGIN_PROBE_NODE", "a");
    try (PlatformProcess a = PlatformProcess.start(home, dataA, envA)) {
      Map<String, String> envB = ClusterEnv.of(ports[1], members, clusterName);
      envB.put("MONGO_URI", storeOf(a));
      envB.put("QUOTIENT_PLUGINS_DIR", plugins.toString());
      envB.put("QUOTIENT_PLUGIN_PROBE_NODE", "b");
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
        everyCommandCrossesBothWays(a, b);
        everyEventCrossesBothWays(a, b);

        // (WARN lines stay: Hazelcast's about its CP subsystem, and about B while it was killed.)
        // B's kill -9 resets its event-bus connection to A, which Vert.x logs as an ERROR: expected, not a fault
        assertEquals(List.of(), errors(a).stream().filter(l -> !(l.contains("io.vertx.core.net.impl.ConnectionBase")
            && l.contains("Connection reset"))).toList(), "no ERROR in A's log");
        assertEquals(List.of(), errors(b), "no ERROR in B's log");
      }
    }
  }

  /**
   * Each command of the catalogue, sent by each node's probe to the other's handler: the command and
   * its reply cross the wire as their records (not JSON the sender made), and the reply is the real
   * handler's answer.
   */
  private static void everyCommandCrossesBothWays(PlatformProcess a, PlatformProcess b) {
    String admin = a.token("admin@acme.example");
    String orgId = me(a, admin).getString("orgId");
    String adminId = me(a, admin).getString("id");
    String leaderId = me(a, a.token("leader@acme.example")).getString("id");
    String rep1 = me(a, a.token("rep1@acme.example")).getString("id");
    String rep2 = me(a, a.token("rep2@acme.example")).getString("id");
    String due = java.time.LocalDate.now().plusDays(30).toString();
    for (String[] way : new String[][] {{"a", "b"}, {"b", "a"}}) {
      PlatformProcess from = "a".equals(way[0]) ? a : b;
      String to = way[1];
      String token = from.token("admin@acme.example");
      Map<String, JsonObject> commands = Map.of(
          "activity.record", new JsonObject().put("orgId", orgId).put("clientId", "probe-" + way[0])
              .put("userId", rep2).put("kind", "call").put("occurredAt", Instant.now().minusSeconds(60).toString())
              .put("value", 1),
          "badge.award", new JsonObject().put("orgId", orgId).put("userId", "a".equals(to) ? rep1 : rep2)
              .put("badgeId", "culture-champion").put("awardedBy", leaderId),
          "user.create", new JsonObject().put("orgId", orgId).put("actorId", adminId).put("name", "Probe " + to)
              .put("email", "probe-" + to + "@acme.example").putNull("teamId").put("roles", new JsonArray().add("rep")),
          "module.assign", new JsonObject().put("orgId", orgId).put("actorId", leaderId).put("userId", rep2)
              .put("moduleId", "a".equals(to) ? "lead-response" : "follow-up-cadence").put("dueOn", due),
          "training.status", new JsonObject().put("orgId", orgId).put("userIds", new JsonArray().add(rep1).add(rep2)),
          "modules.find", new JsonObject().put("orgId", orgId).put("viewerId", leaderId)
              .put("skills", new JsonArray().add("execution")),
          "mentor.suggest", new JsonObject().put("orgId", orgId).put("menteeId", rep1)
              .put("skills", new JsonArray().add("empathy")),
          "mentorships.status", new JsonObject().put("orgId", orgId).put("menteeIds", new JsonArray().add(rep1)),
          "skills.gaps", new JsonObject().put("orgId", orgId));
      assertEquals(Catalogue.COMMANDS.stream().map(CommandType::name).collect(Collectors.toSet()), commands.keySet(),
          "the test sends every command of the catalogue");
      for (CommandType<?, ?> type : Catalogue.COMMANDS) {
        var r = from.json("POST", "/api/probe/command", token, new JsonObject().put("to", to)
            .put("address", type.address()).put("payload", commands.get(type.name())).encode());
        assertEquals(200, r.statusCode(), r.body());
        JsonObject answer = new JsonObject(r.body());
        assertNull(answer.getValue("failure"), type.address() + " from " + way[0] + " to " + to + ": " + answer.encode());
        assertEquals(to, answer.getString("node"), "answered by the node it was sent to");
        assertEquals(type.reply().getName(), answer.getString("class"), type.address() + " came back as its reply record");
      }
    }
    String users = a.get("/api/users", admin).body();
    assertTrue(users.contains("probe-a@acme.example") && users.contains("probe-b@acme.example"),
        "the users created through either node are there");
  }

  /**
   * Each event of the catalogue, published by one node's probe with a marker organisation, reaches the
   * other node's subscribers as its record, field for field; both ways.
   */
  private static void everyEventCrossesBothWays(PlatformProcess a, PlatformProcess b) throws InterruptedException {
    for (PlatformProcess[] way : new PlatformProcess[][] {{a, b}, {b, a}}) {
      String marker = "probe-org-" + way[0].port();
      Map<String, JsonObject> sent = new java.util.HashMap<>();
      for (EventType<?> type : Catalogue.EVENTS) {
        JsonObject payload = sample(type.payload(), marker);
        sent.put(type.address(), payload);
        var r = way[0].json("POST", "/api/probe/publish", way[0].token("admin@acme.example"),
            new JsonObject().put("address", type.address()).put("payload", payload).encode());
        assertEquals(204, r.statusCode(), r.body());
      }
      String token = way[1].token("admin@acme.example");
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      Map<String, JsonObject> arrived = Map.of();
      while (System.nanoTime() < until) {
        JsonObject received = new JsonObject(way[1].get("/api/probe/received", token).body());
        arrived = sent.keySet().stream().collect(java.util.HashMap::new, (m, address) -> {
          JsonArray events = received.getJsonArray(address, new JsonArray());
          events.stream().map(JsonObject.class::cast)
              .filter(e -> sent.get(address).equals(e.getJsonObject("payload")))
              .findFirst().ifPresent(e -> m.put(address, e));
        }, Map::putAll);
        if (arrived.size() == sent.size()) {
          break;
        }
        Thread.sleep(100);
      }
      assertEquals(sent.keySet(), arrived.keySet(), "every event published on port " + way[0].port()
          + " reached the other node field for field");
      for (EventType<?> type : Catalogue.EVENTS) {
        JsonObject got = arrived.get(type.address());
        assertEquals(type.payload().getName(), got.getString("class"), type.address());
      }
    }
  }

  /**
   * A valid payload of the record: ids name their field, the organisation is the marker, days are
   * ISO dates, numbers are 1 and lists hold one word; so a new event in the catalogue is covered unasked.
   */
  private static JsonObject sample(Class<?> record, String marker) {
    JsonObject json = new JsonObject();
    for (var component : record.getRecordComponents()) {
      String name = component.getName();
      Class<?> type = component.getType();
      Object value;
      if ("orgId".equals(name)) {
        value = marker;
      } else if (type == String.class) {
        value = name.endsWith("Day") || name.endsWith("On") || "from".equals(name) ? "2026-11-30" : "probe-" + name;
      } else if (type == Instant.class) {
        value = "2026-11-30T09:00:00Z";
      } else if (type == int.class || type == long.class || type == double.class) {
        value = 1;
      } else if (type == boolean.class) {
        value = true;
      } else if (type == List.class) {
        value = new JsonArray().add("probe");
      } else {
        throw new AssertionError("the sample knows no value for " + record.getSimpleName() + "." + name + " (" + type + ")");
      }
      json.put(name, value);
    }
    return json;
  }

  private static JsonObject me(PlatformProcess node, String token) {
    return new JsonObject(node.get("/api/me", token).body());
  }

  /** The distribution's plugins and the probe, in one folder both nodes load. */
  private static Path withProbe(Path home, Path folder) throws IOException {
    try (var jars = Files.list(home.resolve("plugins"))) {
      for (Path jar : jars.toList()) {
        Files.copy(jar, folder.resolve(jar.getFileName()));
      }
    }
    PluginJarBuilder.plugin("probe").version("1.0.0").extension(WireProbePlugin.class).buildInto(folder);
    return folder;
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
