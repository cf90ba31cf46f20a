package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quotient.testkit.PlatformClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/** Shared steps of the recognition tests: demo user ids, praise and the JSON of an answer. */
final class RecognitionFixtures {

  private RecognitionFixtures() {}

  /** E-mail to user id of every demo user. */
  static Map<String, String> userIds(PlatformClient platform, String leaderToken) {
    return new JsonArray(platform.get("/api/users", leaderToken).body()).stream().map(JsonObject.class::cast)
        .collect(Collectors.toMap(u -> u.getString("email"), u -> u.getString("id")));
  }

  static HttpResponse<String> praise(PlatformClient platform, String token, String toUserId, String value, String message,
      String clientId) {
    JsonObject body = new JsonObject().put("toUserId", toUserId).put("value", value).put("message", message);
    if (clientId != null) {
      body.put("id", clientId);
    }
    return platform.json("POST", "/api/recognition/praise", token, body.encode());
  }

  static JsonObject ok(HttpResponse<String> r, int status) {
    assertEquals(status, r.statusCode(), r.body());
    return r.body().isEmpty() ? new JsonObject() : new JsonObject(r.body());
  }

  /** Waits up to ten seconds for a condition that an event makes true. */
  static void eventually(BooleanSupplier condition, String what) {
    long end = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within 10 s: " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
