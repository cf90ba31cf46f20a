package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.TestClock;
import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A person who leaves: an admin records the reason and the last day; sign-in and every token stop at
 * once, they leave the people plugins see, their history stays, and an admin can bring them back.
 */
class DeactivationTest {

  @TempDir
  static Path data;
  @TempDir
  static Path noPlugins;
  private static final TestClock CLOCK = new TestClock(Instant.parse("2026-03-02T09:00:00Z"));
  private static TestPlatform platform;
  private static String admin;

  @BeforeAll
  static void start() {
    platform = TestPlatform.start(data, noPlugins, Map.of(), CLOCK);
    admin = platform.token("admin@acme.example");
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void aDeactivatedRepIsShutOutAtOnceAndKeepsTheirHistory() {
    String rep = platform.token("rep8@acme.example");
    String repId = new JsonObject(platform.get("/api/me", rep).body()).getString("id");
    assertEquals(201, platform.json("POST", "/api/activities", rep, new JsonObject().put("id", "d-call")
        .put("userId", repId).put("kind", "call").put("occurredAt", "2026-03-01T10:00:00Z").encode()).statusCode());

    assertEquals(400, deactivate(repId, "bored", "2026-03-01").statusCode(), "unknown reason");
    HttpResponse<String> ahead = deactivate(repId, "voluntary", "2026-03-09");
    assertEquals(400, ahead.statusCode());
    assertTrue(ahead.body().contains("error.departure.future"), ahead.body());
    assertEquals(200, platform.get("/api/me", rep).statusCode(), "nothing changed");

    HttpResponse<String> left = deactivate(repId, "voluntary", "2026-03-02");
    assertEquals(200, left.statusCode(), left.body());
    assertEquals("voluntary", new JsonObject(left.body()).getJsonObject("departure").getString("reason"));
    assertEquals(401, platform.get("/api/me", rep).statusCode(), "the token stops at once");
    assertEquals(401, platform.json("POST", "/api/auth/token", null, new JsonObject().put("email", "rep8@acme.example")
        .put("password", TestPlatform.DEMO_PASSWORD).encode()).statusCode(), "no new sign-in");
    assertEquals(409, deactivate(repId, "voluntary", "2026-03-02").statusCode(), "already left");

    JsonObject listed = users().stream().map(o -> (JsonObject) o).filter(u -> u.getString("id").equals(repId))
        .findFirst().orElseThrow();
    assertEquals("2026-03-02", listed.getJsonObject("departure").getString("on"), "admins still see them");
    JsonArray history = new JsonObject(platform.get("/api/activities?user=" + repId, admin).body())
        .getJsonArray("activities");
    assertEquals(1, history.size(), "their history stays");
    JsonArray audit = new JsonArray(platform.get("/api/audit", admin).body());
    assertTrue(audit.stream().map(o -> (JsonObject) o).anyMatch(e -> "user.deactivated".equals(e.getString("action"))
        && e.getString("subject").contains("rep8@acme.example (voluntary, 2026-03-02)")), audit.encodePrettily());

    assertEquals(200, platform.json("DELETE", "/api/users/" + repId + "/deactivation", admin, null).statusCode());
    assertEquals(401, platform.get("/api/me", rep).statusCode(), "old tokens stay revoked");
    assertEquals(200, platform.get("/api/me", platform.token("rep8@acme.example")).statusCode(), "signs in again");
  }

  @Test
  void theLastAdminStillHereCannotLeave() {
    String adminId = new JsonObject(platform.get("/api/me", admin).body()).getString("id");
    HttpResponse<String> r = deactivate(adminId, "voluntary", "2026-03-02");
    assertEquals(409, r.statusCode());
    assertTrue(r.body().contains("error.departure.lastAdmin"), r.body());
    assertEquals(200, platform.get("/api/me", admin).statusCode());
  }

  @Test
  void anAdminChangesAPersonsEmailAndTheySignInWithTheNewOne() {
    String rep = platform.token("rep7@acme.example");
    String repId = new JsonObject(platform.get("/api/me", rep).body()).getString("id");
    assertEquals(400, email(repId, "not-an-address").statusCode());
    assertEquals(409, email(repId, "rep6@acme.example").statusCode(), "taken by someone else");
    assertEquals(403, platform.json("PUT", "/api/users/" + repId + "/email", rep,
        new JsonObject().put("email", "me@acme.example").encode()).statusCode());
    HttpResponse<String> changed = email(repId, "Rep7.New@Acme.example");
    assertEquals(200, changed.statusCode(), changed.body());
    assertEquals("rep7.new@acme.example", new JsonObject(changed.body()).getString("email"));
    assertEquals(200, platform.get("/api/me", rep).statusCode(), "tokens stay");
    assertEquals(401, platform.json("POST", "/api/auth/token", null, new JsonObject().put("email", "rep7@acme.example")
        .put("password", TestPlatform.DEMO_PASSWORD).encode()).statusCode(), "the old address signs in no more");
    assertEquals(200, platform.get("/api/me", platform.token("rep7.new@acme.example")).statusCode());
  }

  private static HttpResponse<String> email(String userId, String email) {
    return platform.json("PUT", "/api/users/" + userId + "/email", admin, new JsonObject().put("email", email).encode());
  }

  private static HttpResponse<String> deactivate(String userId, String reason, String date) {
    return platform.json("POST", "/api/users/" + userId + "/deactivation", admin,
        new JsonObject().put("reason", reason).put("date", date).encode());
  }

  private static JsonArray users() {
    HttpResponse<String> r = platform.get("/api/users", admin);
    assertEquals(200, r.statusCode(), r.body());
    Object body = io.vertx.core.json.Json.decodeValue(r.body());
    return body instanceof JsonArray a ? a : ((JsonObject) body).getJsonArray("users");
  }
}
