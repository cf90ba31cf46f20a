package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.TestClock;
import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A deactivation's reason and last day feed the turnover figures; bringing the person back removes them. */
class DepartureTurnoverTest {

  @TempDir
  static Path data;
  private static final TestClock CLOCK = new TestClock(Instant.parse("2026-03-10T09:00:00Z"));
  private static TestPlatform platform;

  @BeforeAll
  static void start() {
    platform = TestPlatform.start(data, TestPlatform.distributionPlugins(), Map.of(), CLOCK);
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void aDeactivationIsADepartureForTurnoverAndThePersonLeavesTheBoards() throws Exception {
    String admin = platform.token("admin@acme.example");
    String leader = platform.token("leader@acme.example");
    String repId = new JsonObject(platform.get("/api/me", platform.token("rep4@acme.example")).body()).getString("id");
    assertEquals(201, platform.json("POST", "/api/activities", admin, new JsonObject().put("id", "t-won").put("userId", repId)
        .put("kind", "won").put("value", 5000).put("occurredAt", "2026-03-05T10:00:00Z").encode()).statusCode());
    eventually(() -> onBoard(leader, repId) ? Boolean.TRUE : null);

    assertEquals(200, platform.json("POST", "/api/users/" + repId + "/deactivation", admin,
        new JsonObject().put("reason", "involuntary").put("date", "2026-03-06").encode()).statusCode());
    JsonObject departure = eventually(() -> departures(leader).stream().map(o -> (JsonObject) o)
        .filter(d -> repId.equals(d.getString("userId"))).findFirst().orElse(null));
    assertEquals("2026-03-06", departure.getString("date"), departure.encode());
    assertEquals("involuntary", departure.getString("kind"));
    eventually(() -> onBoard(leader, repId) ? null : Boolean.TRUE);
    JsonObject history = new JsonObject(platform.get("/api/points?user=" + repId, admin).body());
    assertTrue(history.getLong("total") > 0, "what they earned stays: " + history.encode());

    assertEquals(200, platform.json("DELETE", "/api/users/" + repId + "/deactivation", admin, null).statusCode());
    eventually(() -> departures(leader).stream().noneMatch(o -> repId.equals(((JsonObject) o).getString("userId")))
        ? Boolean.TRUE : null);
  }

  private static boolean onBoard(String token, String userId) {
    JsonObject board = new JsonObject(platform.get(
        "/api/leaderboards/board?scope=individual&ladder=overall&period=all&top=50", token).body());
    return board.getJsonArray("top").stream().anyMatch(o -> userId.equals(((JsonObject) o).getString("id")));
  }

  private static JsonArray departures(String token) {
    JsonObject body = new JsonObject(platform.get("/api/development/departures", token).body());
    return body.getJsonArray("departures");
  }

  private static <T> T eventually(Supplier<T> found) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < until) {
      T t = found.get();
      if (t != null) {
        return t;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("not seen within 15 s: " + departures(platform.token("leader@acme.example")).encode());
  }
}
