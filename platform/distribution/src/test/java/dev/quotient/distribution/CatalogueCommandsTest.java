package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.api.event.Catalogue;
import dev.quotient.api.event.CommandType;
import dev.quotient.api.event.Commands;
import dev.quotient.testkit.TestClock;
import dev.quotient.testkit.TestPlatform;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalogue's commands as plugins send them: over the running platform's event bus, answered by
 * the platform and the real plugin jars, each checked against what the HTTP API then shows.
 */
class CatalogueCommandsTest {

  @TempDir
  static Path data;
  @TempDir
  static Path curriculum;
  private static final TestClock CLOCK = new TestClock(Instant.parse("2026-03-02T09:00:00Z"));
  private static TestPlatform platform;
  private static String admin;
  private static String leader;
  private static String orgId;

  @BeforeAll
  static void start() {
    TrainingFixtures.copyCurriculum(curriculum);
    platform = TestPlatform.start(data, TestPlatform.distributionPlugins(),
        Map.of(TrainingFixtures.CURRICULUM_DIR, curriculum.toString()), CLOCK);
    admin = platform.token("admin@acme.example");
    leader = platform.token("leader@acme.example");
    orgId = user("leader@acme.example").getString("orgId");
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void userCreateMakesAnAccountOnlyWhereTheActorMay() throws Exception {
    String leaderId = id("leader@acme.example");
    String adminId = id("admin@acme.example");
    String hunters = new JsonArray(platform.get("/api/teams", leader).body()).stream().map(o -> (JsonObject) o)
        .filter(t -> t.getString("name").equals("Hunters")).findFirst().orElseThrow().getString("id");

    Commands.UserCreated created = request(Catalogue.CREATE_USER, new Commands.CreateUser(orgId, leaderId,
        "Hanna Hired", " Hanna.Hired@Acme.example ", hunters, List.of("rep")));
    assertEquals("hanna.hired@acme.example", created.email());
    JsonObject listed = apiUsers().stream().map(o -> (JsonObject) o)
        .filter(u -> u.getString("id").equals(created.userId())).findFirst().orElseThrow();
    assertEquals("Hanna Hired", listed.getString("name"));
    assertEquals(List.of("rep"), listed.getJsonArray("roles").getList());
    assertEquals(hunters, listed.getString("teamId"));
    assertNull(user("hanna.hired@acme.example").getString("passwordHash"), "no password until one is set");
    JsonArray audit = new JsonArray(platform.get("/api/audit", admin).body());
    assertTrue(audit.stream().map(o -> (JsonObject) o).anyMatch(e -> e.getString("action").equals("user.created")
        && leaderId.equals(e.getString("actorId")) && e.getString("subject").contains("hanna.hired@acme.example")),
        audit.encodePrettily());

    int before = apiUsers().size();
    assertRefused(403, new Commands.CreateUser(orgId, leaderId, "Mia Mentor", "mia@acme.example", null,
        List.of("mentor")));
    assertRefused(409, new Commands.CreateUser(orgId, adminId, "Hanna Again", "hanna.hired@acme.example", null,
        List.of("rep")));
    assertRefused(400, new Commands.CreateUser(orgId, adminId, "No Mail", "not-an-email", null, List.of("rep")));
    assertRefused(400, new Commands.CreateUser(orgId, adminId, "No Team", "noteam@acme.example", "no-such-team",
        List.of("rep")));
    assertRefused(403, new Commands.CreateUser(orgId, "someone-else", "Ghost", "ghost@acme.example", null,
        List.of("rep")));
    assertEquals(before, apiUsers().size(), "nothing created by a refused command");

    Commands.UserCreated mentor = request(Catalogue.CREATE_USER, new Commands.CreateUser(orgId, adminId,
        "Mia Mentor", "mia@acme.example", null, List.of("mentor", "rep")));
    assertEquals(before + 1, apiUsers().size(), "an admin creates any roles");
    assertFalse(mentor.userId().isBlank());
  }

  // --- helpers ---

  static <P extends Record, R extends Record> R request(CommandType<P, R> type, P payload) throws Exception {
    return platform.node().vertx().eventBus().<R>request(type.address(), payload).map(m -> m.body())
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static void assertRefused(int code, Commands.CreateUser command) {
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> request(Catalogue.CREATE_USER, command));
    ReplyException reply = assertInstanceOf(ReplyException.class, e.getCause());
    assertEquals(code, reply.failureCode(), reply.getMessage());
    assertTrue(reply.getMessage().startsWith("error."), "a message key: " + reply.getMessage());
  }

  private static JsonArray apiUsers() {
    HttpResponse<String> r = platform.get("/api/users", leader);
    assertEquals(200, r.statusCode(), r.body());
    return new JsonArray(r.body());
  }

  private static Document user(String email) {
    return platform.node().database().collection("users").find(new Document("email", email)).first();
  }

  private static String id(String email) {
    return user(email).getString("_id");
  }
}
