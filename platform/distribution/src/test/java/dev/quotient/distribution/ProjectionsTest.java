package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.quotient.server.projection.LogPositions;
import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Projections as an admin and a rep see them: a stored fact a fold cannot take is set aside and shown
 * on the plugins page, the projection goes on with the next fact, and after a restart the state comes
 * back from its checkpoint with nothing counted twice.
 */
class ProjectionsTest {

  private static final long DEADLINE_MILLIS = 20_000;

  @Test
  void aFactTheFoldRefusesIsSetAsideShownToAdminsAndTheBoardsGoOn(@TempDir Path data) throws Exception {
    long before;
    String rep1;
    try (TestPlatform platform = TestPlatform.start(data, TestPlatform.distributionPlugins(), Map.of())) {
      String leader = platform.token("leader@acme.example");
      rep1 = new JsonObject(platform.get("/api/me", platform.token("rep1@acme.example")).body()).getString("id");
      before = score(platform, leader, rep1);

      // A ledger entry of an organisation that does not exist (left by a removed organisation, say).
      var node = platform.node();
      long pos = node.database().call(() -> new LogPositions(node.database()).reserve(LogPositions.POINTS, 1))
          .toCompletionStage().toCompletableFuture().get();
      node.database().call(() -> node.database().collection("points_ledger").insertOne(new Document("_id", "stray-entry")
              .append("orgId", "no-such-organisation").append("userId", "nobody").append("ruleId", "meeting")
              .append("points", 5L).append("areas", List.of()).append("at", Date.from(Instant.now())).append("pos", pos)))
          .toCompletionStage().toCompletableFuture().get();
      node.projections().nudge();

      // The next real credit still reaches the board.
      JsonObject meeting = new JsonObject().put("id", "after-the-stray-entry").put("userId", rep1).put("kind", "meeting")
          .put("occurredAt", Instant.now().minusSeconds(60).toString());
      assertEquals(201, platform.json("POST", "/api/activities", leader, meeting.encode()).statusCode());
      await(() -> score(platform, leader, rep1) == before + 5, "the meeting's 5 points on the board");
      await(() -> boards(platform, leader).getLong("setAside") == 1, "the stray entry set aside");
      JsonObject boards = boards(platform, leader);
      assertTrue(boards.getBoolean("ready"), boards.encode());
      assertTrue(boards.getLong("pointsPosition") >= pos, boards.encode());

      var page = platform.send(platform.request("/admin/plugins").header("Authorization", "Bearer " + leader)
          .header("Accept-Language", "en").GET().build());
      assertEquals(200, page.statusCode());
      assertTrue(page.body().contains("Projection boards: up to date."), page.body());
      assertTrue(page.body().contains("1 fact set aside"), page.body());
    }

    // From the checkpoint written at the clean stop: the same board, the same count set aside.
    try (TestPlatform platform = TestPlatform.start(data, TestPlatform.distributionPlugins(), Map.of())) {
      String leader = platform.token("leader@acme.example");
      assertEquals(before + 5, score(platform, leader, rep1));
      assertEquals(1, boards(platform, leader).getLong("setAside"));
      // what the checkpoint holds, for an operator sizing the heap: the restored state's size
      assertTrue(boards(platform, leader).getLong("checkpointChars") > 100, boards(platform, leader).encode());
    }
  }

  /** The leaderboards plugin's one projection as {@code GET /api/plugins} shows it. */
  private static JsonObject boards(TestPlatform platform, String token) {
    JsonArray plugins = new JsonArray(platform.get("/api/plugins", token).body());
    for (Object o : plugins) {
      JsonObject p = (JsonObject) o;
      if ("leaderboards".equals(p.getString("id"))) {
        return p.getJsonArray("projections").getJsonObject(0);
      }
    }
    throw new AssertionError("no leaderboards plugin: " + plugins.encode());
  }

  private static long score(TestPlatform platform, String token, String userId) {
    JsonObject board = new JsonObject(platform.get("/api/leaderboards/board?period=all&top=50", token).body());
    return board.getJsonArray("top").stream().map(JsonObject.class::cast)
        .filter(s -> userId.equals(s.getString("id"))).mapToLong(s -> s.getLong("score")).findFirst().orElse(0L);
  }

  private static void await(Supplier<Boolean> condition, String what) throws InterruptedException {
    long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
    while (!condition.get()) {
      if (System.currentTimeMillis() > deadline) {
        fail("not within " + DEADLINE_MILLIS + " ms: " + what);
      }
      Thread.sleep(50);
    }
  }
}
