package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.server.account.AccountStore;
import dev.quotient.testkit.Await;
import dev.quotient.testkit.TestClock;
import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rep moved to another team as of a day: the team boards count what they earned before that day for
 * the old team and from it for the new one, the history says where they were when, and every way to
 * get a move wrong is a 4xx that changes nothing.
 */
class TeamMovesTest {

  @TempDir
  static Path data;
  /** Mid-quarter (Q1 2026), a Sunday; the demo organisation is in Europe/Warsaw. */
  private static final TestClock CLOCK = new TestClock(Instant.parse("2026-02-15T10:00:00Z"));
  private static TestPlatform platform;
  private static String leader;
  private static String admin;

  @BeforeAll
  static void start() {
    platform = TestPlatform.start(data, TestPlatform.distributionPlugins(), Map.of(), CLOCK);
    leader = platform.token("leader@acme.example");
    admin = platform.token("admin@acme.example");
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void aRepMovedMidQuarterCountsForEachTeamWithWhatTheyEarnedWhileAMember() {
    String hunters = teamId("Hunters");
    String farmers = teamId("Farmers");
    String rep1 = userId("rep1");
    // rep1 (Hunters): 3 calls in January, a meeting on 10 February; rep5 (Farmers): a call in January.
    post(act("m1", rep1, "call", "2026-01-10T09:00:00Z"), act("m2", rep1, "call", "2026-01-10T09:10:00Z"),
        act("m3", rep1, "call", "2026-01-10T09:20:00Z"), act("m4", rep1, "meeting", "2026-02-10T09:00:00Z"),
        act("m5", userId("rep5"), "call", "2026-01-20T09:00:00Z"));
    // Late on 31 January in UTC is already 1 February in Warsaw: that call belongs to the new team.
    post(act("m6", rep1, "call", "2026-01-31T23:30:00Z"));
    assertEquals(Map.of(hunters, 9L, farmers, 1L), Await.until(() -> teams("quarter"),
        m -> m.equals(Map.of(hunters, 9L, farmers, 1L))));

    HttpResponse<String> moved = move(rep1, farmers, "2026-02-01", leader);
    assertEquals(200, moved.statusCode(), moved.body());
    JsonObject user = new JsonObject(moved.body());
    assertEquals(farmers, user.getString("teamId"));
    assertEquals(new JsonArray().add(new JsonObject().put("teamId", hunters).putNull("from"))
        .add(new JsonObject().put("teamId", farmers).put("from", "2026-02-01")), user.getJsonArray("teams"));

    // Hunters keep the January calls; Farmers get the meeting and the call of 1 February (local time).
    Map<String, Long> quarter = Map.of(hunters, 3L, farmers, 7L);
    assertEquals(quarter, Await.until(() -> teams("quarter"), m -> m.equals(quarter)));
    // The individual board does not change: a move is about teams.
    assertEquals(9L, individual(rep1));

    // Earned after the move: the new team's.
    post(act("m7", rep1, "meeting", "2026-02-14T09:00:00Z"));
    Map<String, Long> after = Map.of(hunters, 3L, farmers, 12L);
    assertEquals(after, Await.until(() -> teams("quarter"), m -> m.equals(after)));
    // This week (from Monday 9 February): only Farmers, with the two meetings.
    assertEquals(Map.of(farmers, 10L), Await.until(() -> teams("week"), m -> m.equals(Map.of(farmers, 10L))));

    // The team benchmarks count each month for the team rep1 was on: January with Hunters, February
    // with Farmers.
    assertTrue(benchmarkReps(hunters, "2026-01").contains(rep1));
    assertTrue(!benchmarkReps(hunters, "2026-02").contains(rep1));
    assertTrue(benchmarkReps(farmers, "2026-02").contains(rep1));
    assertTrue(!benchmarkReps(farmers, "2026-01").contains(rep1));

    // The same after a restart from the checkpoint written after the refold.
    platform.close();
    platform = TestPlatform.start(data, TestPlatform.distributionPlugins(), Map.of(), CLOCK);
    leader = platform.token("leader@acme.example");
    admin = platform.token("admin@acme.example");
    assertEquals(after, Await.until(() -> teams("quarter"), m -> m.equals(after)));

    JsonArray audit = new JsonArray(platform.get("/api/audit", platform.token("admin@acme.example")).body());
    assertTrue(audit.stream().map(o -> (JsonObject) o).anyMatch(e -> "user.moved".equals(e.getString("action"))
        && e.getString("subject").endsWith("(2026-02-01)")), audit.encodePrettily());
  }

  @Test
  void everyWrongMoveIsRefusedAndChangesNothing() {
    String hunters = teamId("Hunters");
    String farmers = teamId("Farmers");
    String rep2 = userId("rep2");
    assertEquals(403, move(rep2, farmers, "2026-02-01", platform.token("rep3@acme.example")).statusCode());
    assertProblem(move(rep2, farmers, "2026-02-16", leader), 400, "error.move.future");
    assertProblem(move(rep2, farmers, "1 Feb", leader), 400, "error.move.date");
    assertProblem(move(rep2, hunters, "2026-02-01", leader), 400, "error.move.same");
    assertProblem(move(rep2, "no-such-team", "2026-02-01", leader), 400, "error.team.unknown");
    assertProblem(move("0123456789abcdef01234567", farmers, "2026-02-01", leader), 404, "error.user.unknown");

    // Someone added today cannot have moved before they joined.
    HttpResponse<String> created = platform.json("POST", "/api/users", admin, new JsonObject()
        .put("email", "new.rep@acme.example").put("name", "New Rep").put("roles", new JsonArray().add("rep"))
        .put("teamId", hunters).encode());
    assertEquals(201, created.statusCode(), created.body());
    String newRep = new JsonObject(created.body()).getString("id");
    assertEquals("2026-02-15", new JsonObject(created.body()).getString("joinedOn"));
    assertProblem(move(newRep, farmers, "2026-02-14", leader), 400, "error.move.beforeJoined");

    // Moves are recorded in order.
    assertEquals(200, move(rep2, farmers, "2026-02-05", leader).statusCode());
    assertProblem(move(rep2, hunters, "2026-02-05", leader), 400, "error.move.beforeLast");
    assertProblem(move(rep2, hunters, "2026-01-20", leader), 400, "error.move.beforeLast");
    JsonObject stored = user(rep2);
    assertEquals(farmers, stored.getString("teamId"));
    assertEquals(2, stored.getJsonArray("teams").size(), "only the one accepted move: " + stored.encode());
  }

  @Test
  void adminsGiveTeamsTheirLeaders() {
    String hunters = teamId("Hunters");
    String leaderId = userId("leader");
    assertEquals(403, leaders(hunters, List.of(leaderId), leader).statusCode());
    assertProblem(leaders(hunters, List.of(userId("rep1")), admin), 400, "error.team.leader");
    HttpResponse<String> set = leaders(hunters, List.of(leaderId), admin);
    assertEquals(200, set.statusCode(), set.body());
    JsonObject team = platform.get("/api/teams", leader).body().transform(JsonArray::new).stream()
        .map(o -> (JsonObject) o).filter(t -> hunters.equals(t.getString("id"))).findFirst().orElseThrow();
    assertEquals(new JsonArray().add(leaderId), team.getJsonArray("leaderIds"));
  }

  // --- helpers ---

  private static HttpResponse<String> move(String userId, String teamId, String from, String token) {
    return platform.json("PUT", "/api/users/" + userId + "/team", token,
        new JsonObject().put("teamId", teamId).put("from", from).encode());
  }

  private static HttpResponse<String> leaders(String teamId, List<String> ids, String token) {
    return platform.json("PUT", "/api/teams/" + teamId + "/leaders", token,
        new JsonObject().put("leaderIds", new JsonArray(ids)).encode());
  }

  private static void assertProblem(HttpResponse<String> r, int status, String key) {
    assertEquals(status, r.statusCode(), r.body());
    assertTrue(r.body().contains(key) || status == 404, r.body());
  }

  private static JsonObject user(String id) {
    return new JsonArray(platform.get("/api/users", leader).body()).stream().map(o -> (JsonObject) o)
        .filter(u -> id.equals(u.getString("id"))).findFirst().orElseThrow();
  }

  private static Map<String, Long> teams(String period) {
    HttpResponse<String> r = platform.get("/api/leaderboards/board?scope=team&top=20&period=" + period, leader);
    assertEquals(200, r.statusCode(), r.body());
    Map<String, Long> out = new HashMap<>();
    new JsonObject(r.body()).getJsonArray("top")
        .forEach(o -> out.put(((JsonObject) o).getString("id"), ((JsonObject) o).getLong("score")));
    return out;
  }

  private static List<String> benchmarkReps(String teamId, String month) {
    HttpResponse<String> r = platform.get("/api/development/team/" + teamId + "/benchmarks?month=" + month, admin);
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body()).getJsonArray("reps").stream().map(o -> ((JsonObject) o).getString("userId")).toList();
  }

  private static long individual(String userId) {
    HttpResponse<String> r = platform.get("/api/leaderboards/board?period=quarter&top=50", leader);
    return new JsonObject(r.body()).getJsonArray("top").stream().map(o -> (JsonObject) o)
        .filter(l -> userId.equals(l.getString("id"))).findFirst().orElseThrow().getLong("score");
  }

  private static JsonObject act(String id, String userId, String kind, String at) {
    return new JsonObject().put("id", id).put("userId", userId).put("kind", kind).put("occurredAt", at);
  }

  private static void post(JsonObject... items) {
    HttpResponse<String> r = platform.json("POST", "/api/activities/batch", leader,
        new JsonObject().put("activities", new JsonArray(List.of((Object[]) items))).encode());
    assertTrue(r.statusCode() == 200 || r.statusCode() == 201, r.body());
  }

  private static String teamId(String name) {
    return new JsonArray(platform.get("/api/teams", leader).body()).stream().map(o -> (JsonObject) o)
        .filter(t -> name.equals(t.getString("name"))).findFirst().orElseThrow().getString("id");
  }

  private static String userId(String local) {
    return new AccountStore(platform.node().database()).userByEmail(local + "@acme.example").orElseThrow().id();
  }

}
