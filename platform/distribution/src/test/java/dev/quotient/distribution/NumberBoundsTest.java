package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Numbers have bounds: a deal's value past a trillion, a number too large for a double, infinities
 * and negative values are refused with a 400 naming the field, nothing is stored, and the KPIs and
 * the node stay up (a review took the development plugin down for every organisation with two won
 * deals of 1e308: their total overflowed, was stored as a string and failed every later KPI read).
 */
class NumberBoundsTest {

  @TempDir
  static Path data;
  private static TestPlatform platform;
  private static String leader;
  private static String rep1;

  @BeforeAll
  static void start() {
    platform = TestPlatform.start(data, TestPlatform.distributionPlugins(), Map.of());
    leader = platform.token("leader@acme.example");
    rep1 = new JsonObject(platform.get("/api/me", platform.token("rep1@acme.example")).body()).getString("id");
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void hugeNegativeAndEndlessValuesAreRefusedAndTheKpisStayUp() throws Exception {
    String[] bad = {"1e308", "123456789012345678901234567890", "1000000000001", "-1", "1e400"};
    int n = 0;
    for (String value : bad) {
      String body = "{\"id\":\"big-" + (n++) + "\",\"userId\":\"" + rep1 + "\",\"kind\":\"won\",\"occurredAt\":\""
          + java.time.Instant.now().minusSeconds(60) + "\",\"value\":" + value + "}";
      HttpResponse<String> r = platform.json("POST", "/api/activities", leader, body);
      assertEquals(400, r.statusCode(), value + ": " + r.body());
      assertTrue(r.body().contains("value"), "names the field: " + r.body());
    }
    HttpResponse<String> fine = platform.json("POST", "/api/activities", leader, new JsonObject().put("id", "big-ok")
        .put("userId", rep1).put("kind", "won").put("occurredAt", java.time.Instant.now().minusSeconds(60).toString())
        .put("value", 1_000_000_000_000L).encode());
    assertEquals(201, fine.statusCode(), "a trillion is a deal: " + fine.body());
    assertEquals(1, platform.node().database().collection("activities")
        .countDocuments(new org.bson.Document("clientId", new org.bson.Document("$regex", "^big-"))), "only the good one");

    for (int i = 0; i < 2; i++) {
      assertEquals(200, platform.get("/api/development/kpis/" + rep1, leader).statusCode());
    }
    assertEquals(200, platform.get("/health", null).statusCode());
  }
}
