package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthTest {

  @Test
  void reportsReadyWhenMongoAnswersEveryPluginStartedAndEveryProjectionIsBuilt(@TempDir Path data) {
    try (TestPlatform platform = TestPlatform.start(data)) {
      HttpResponse<String> r = platform.get("/health", null);
      assertEquals(200, r.statusCode(), r.body());
      // liveness asks whether the embedded store still runs (H2 stops it for good after a failed commit)
      HttpResponse<String> live = platform.get("/health/live", null);
      assertEquals(200, live.statusCode(), live.body());
      assertTrue(live.body().contains("\"id\":\"store\""), live.body());
      JsonObject health = new JsonObject(r.body());
      assertEquals("UP", health.getString("status"));
      assertEquals(java.util.List.of("mongodb", "plugins", "projections"), health.getJsonArray("checks").stream()
          .map(c -> ((JsonObject) c).getString("id")).sorted().toList());
      assertTrue(health.getJsonArray("checks").stream().allMatch(c -> "UP".equals(((JsonObject) c).getString("status"))),
          r.body());
    }
  }
}
