package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API answers while the points scorer works through a backlog. Regression: the scorer took its turns
 * on the calling context's ordered task queue, which the API's request validation shares, so every API
 * request waited for the scorer (the demo history's start left {@code /api/plugins} unanswered for minutes).
 */
class ApiWhileScoringTest {

  /** An idle node answers these in a few milliseconds; a backlog of scoring must not stand in the way. */
  private static final long ANSWER_WITHIN_MILLIS = 1_000;

  @Test
  void apiRequestsDoNotWaitForTheScorer(@TempDir Path data) throws Exception {
    try (TestPlatform platform = TestPlatform.start(data, TestPlatform.distributionPlugins(), Map.of())) {
      String leader = platform.token("leader@acme.example");
      String rep1 = new JsonObject(platform.get("/api/me", platform.token("rep1@acme.example")).body()).getString("id");
      Instant start = Instant.now().minusSeconds(90 * 86_400L);
      for (int batch = 0; batch < 8; batch++) {
        // Spread over 90 days: no daily cap cuts them.
        JsonArray items = new JsonArray();
        for (int i = 0; i < 1_000; i++) {
          int n = batch * 1_000 + i;
          items.add(new JsonObject().put("id", "backlog-" + n).put("userId", rep1).put("kind", "call")
              .put("occurredAt", start.plusSeconds(n * 600L).toString()));
        }
        var r = platform.json("POST", "/api/activities/batch", leader, new JsonObject().put("activities", items).encode());
        assertEquals(201, r.statusCode(), r.body());
      }
      platform.node().points().idle().toCompletionStage().toCompletableFuture().get();
      // One long turn of the scorer: the organisation's 8,000 activities scored again from the log.
      String orgId = new JsonObject(platform.get("/api/me", leader).body()).getString("orgId");
      var scored = platform.node().points().rebuild(orgId);
      long t0 = System.nanoTime();
      var me = platform.get("/api/me", leader);
      var plugins = platform.get("/api/plugins", leader);
      long millis = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(200, me.statusCode(), me.body());
      assertEquals(200, plugins.statusCode(), plugins.body());
      assertTrue(millis < ANSWER_WITHIN_MILLIS, "two API reads took " + millis + " ms while the scorer worked");
      assertFalse(scored.isComplete(), "the scorer must still be busy for this test to mean anything");
      scored.toCompletionStage().toCompletableFuture().get();
    }
  }
}
