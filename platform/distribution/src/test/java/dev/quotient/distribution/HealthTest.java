package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthTest {

  @Test
  void reportsReadyWhenMongoAnswersAndEveryPluginStarted(@TempDir Path data) {
    try (TestPlatform platform = TestPlatform.start(data)) {
      HttpResponse<String> r = platform.get("/health", null);
      assertEquals(200, r.statusCode(), r.body());
      JsonObject health = new JsonObject(r.body());
      assertEquals("UP", health.getString("status"));
      assertEquals(2, health.getJsonArray("checks").size());
    }
  }
}
