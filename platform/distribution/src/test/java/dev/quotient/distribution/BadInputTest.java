package dev.quotient.distribution;

import static dev.quotient.distribution.AccessTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the API does with input it must not accept: every refusal is a 4xx problem document, and a
 * refused request stores nothing. Names are data: markup in them is stored as given and escaped on
 * every page that shows it.
 */
class BadInputTest {

  private static final String SCRIPT = "<script>alert(1)</script>";

  @TempDir
  static Path data;
  private static TestPlatform platform;
  private static String admin;

  @BeforeAll
  static void start() {
    platform = TestPlatform.start(data);
    admin = platform.token("admin@acme.example");
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void malformedJsonIs400AndStoresNothing() {
    refusedAndNothingStored(() -> {
      HttpResponse<String> team = platform.json("POST", "/api/teams", admin, "{\"name\": \"Broken\"");
      assertProblem(team, 400);
      assertEquals("urn:quotient:problem:error.json.malformed", new JsonObject(team.body()).getString("type"));
      HttpResponse<String> user = platform.json("POST", "/api/users", admin, "{email: 'x@acme.example'}");
      assertProblem(user, 400);
      assertEquals("urn:quotient:problem:error.json.malformed", new JsonObject(user.body()).getString("type"));
      assertProblem(platform.json("POST", "/api/teams", admin, "[1, 2"), 400);
    });
  }

  @Test
  void wrongTypesAre400AndStoreNothing() {
    refusedAndNothingStored(() -> {
      assertProblem(platform.json("POST", "/api/teams", admin, "{\"name\": 5}"), 400);
      assertProblem(platform.json("POST", "/api/teams", admin, "{\"name\": null}"), 400);
      assertProblem(platform.json("POST", "/api/teams", admin, "[\"Hunters 2\"]"), 400);
      assertProblem(platform.json("POST", "/api/users", admin, newUser("typed@acme.example")
          .put("name", new JsonArray().add("Ty")).encode()), 400);
      assertProblem(platform.json("POST", "/api/users", admin, newUser("typed@acme.example")
          .put("roles", "admin").encode()), 400);
      assertProblem(platform.json("POST", "/api/users", admin, newUser("typed@acme.example")
          .put("roles", new JsonArray().add("emperor")).encode()), 400);
      String rep = userId("rep1@acme.example");
      HttpResponse<String> roles = platform.json("PUT", "/api/users/" + rep + "/roles", admin, "{\"roles\": \"admin\"}");
      assertProblem(roles, 400);
      assertEquals(new JsonArray().add("rep"), user("rep1@acme.example").getJsonArray("roles"));
    });
  }

  @Test
  void unknownFieldsAre400AndStoreNothing() {
    refusedAndNothingStored(() -> {
      HttpResponse<String> team = platform.json("POST", "/api/teams", admin, "{\"name\": \"Extras\", \"orgId\": \"x\"}");
      assertProblem(team, 400);
      assertTrue(new JsonObject(team.body()).getString("detail").contains("orgId")
          || team.body().contains("orgId"), "the problem names the field: " + team.body());
      assertProblem(platform.json("POST", "/api/users", admin, newUser("extra@acme.example")
          .put("passwordHash", "$2a$10$abc").encode()), 400);
    });
  }

  @Test
  void bodyLargerThanTheLimitIs413AndStoresNothing() {
    refusedAndNothingStored(() -> {
      String padding = "a".repeat(1024 * 1024);
      HttpResponse<String> r = platform.json("POST", "/api/teams", admin,
          new JsonObject().put("name", "Huge").put("pad", padding).encode());
      assertProblem(r, 413);
    });
    // Just under the limit is read (and then refused for its unknown field, not its size).
    String almost = "a".repeat(1024 * 1024 - 100);
    assertProblem(platform.json("POST", "/api/teams", admin,
        new JsonObject().put("name", "Big").put("pad", almost).encode()), 400);
  }

  @Test
  void operatorShapedInputIs400AndStoresNothing() {
    refusedAndNothingStored(() -> {
      HttpResponse<String> signIn = platform.json("POST", "/api/auth/token", null,
          "{\"email\": {\"$ne\": null}, \"password\": {\"$ne\": null}}");
      assertProblem(signIn, 400);
      assertFalse(signIn.body().contains("qt_"), "no token for an operator-shaped e-mail");
      assertProblem(platform.json("POST", "/api/users", admin,
          newUser("x@acme.example").put("email", new JsonObject().putNull("$ne")).encode()), 400);
      assertProblem(platform.json("POST", "/api/teams", admin, "{\"$set\": {\"name\": \"Owned\"}}"), 400);
      assertProblem(platform.json("POST", "/api/teams", admin, "{\"name\": \"Ops\", \"$where\": \"1\"}"), 400);
      assertProblem(platform.json("POST", "/api/users", admin,
          newUser("y@acme.example").put("roles", new JsonArray().add(new JsonObject().put("$gt", ""))).encode()), 400);
      HttpResponse<String> named = platform.json("POST", "/api/teams", admin, "{\"name\": \"$where\"}");
      assertProblem(named, 400);
      assertProblem(platform.json("POST", "/api/teams", admin, "{\"name\": \"  $where\"}"), 400);
      assertProblem(platform.json("POST", "/api/users", admin, newUser("z@acme.example").put("name", "$gt").encode()),
          400);
    });
  }

  @Test
  void wellFormedInputIsStoredSoTheRefusalsAboveAreAboutTheInput() {
    int teams = count("/api/teams");
    HttpResponse<String> r = platform.json("POST", "/api/teams", admin, "{\"name\": \"Openers\"}");
    assertEquals(201, r.statusCode(), r.body());
    assertEquals(teams + 1, count("/api/teams"));
    HttpResponse<String> duplicate = platform.json("POST", "/api/teams", admin, "{\"name\": \"Openers\"}");
    assertProblem(duplicate, 409);
    assertEquals(teams + 1, count("/api/teams"));
  }

  @Test
  void markupInNamesIsStoredAsDataAndEscapedOnEveryPage() {
    HttpResponse<String> team = platform.json("POST", "/api/teams", admin, new JsonObject().put("name", SCRIPT).encode());
    assertEquals(201, team.statusCode(), team.body());
    String teamId = new JsonObject(team.body()).getString("id");
    assertEquals(SCRIPT, new JsonObject(team.body()).getString("name"), "names are data: stored as given");
    HttpResponse<String> user = platform.json("POST", "/api/users", admin, newUser("markup@acme.example")
        .put("name", SCRIPT).put("teamId", teamId).put("roles", new JsonArray().add("rep")).encode());
    assertEquals(201, user.statusCode(), user.body());

    for (String page : List.of("/", "/admin/users", "/admin/teams", "/admin/audit")) {
      HttpResponse<String> r = platform.get(page, admin);
      assertEquals(200, r.statusCode(), page + ": " + r.body());
      assertFalse(r.body().contains("<script>alert(1)"), page + " shows raw markup: " + r.body());
      assertTrue(r.body().contains("&lt;script&gt;alert(1)"), page + " shows the escaped name: " + r.body());
    }
    // The user's own pages (their name in the header) as well.
    String markup = tokenFor("markup@acme.example", "markup-password");
    HttpResponse<String> home = platform.get("/", markup);
    assertEquals(200, home.statusCode(), home.body());
    assertFalse(home.body().contains("<script>alert(1)"), home.body());
    assertTrue(home.body().contains("&lt;script&gt;alert(1)"), home.body());
  }

  @Test
  void markupInTheSignInFormIsEscapedWhenTheFormIsShownAgain() {
    Browser browser = new Browser(platform);
    HttpResponse<String> r = browser.signIn("\"><script>alert(1)</script>@acme.example", "whatever-password");
    assertTrue(r.statusCode() == 400 || r.statusCode() == 401, r.statusCode() + " " + r.body());
    assertFalse(r.body().contains("<script>alert(1)"), r.body());
    assertTrue(r.body().contains("&lt;script&gt;alert(1)"), r.body());
  }

  @Test
  void getWithAFormContentTypeIsAnsweredNormally() throws IOException, InterruptedException {
    for (HttpClient.Version version : List.of(HttpClient.Version.HTTP_1_1, HttpClient.Version.HTTP_2)) {
      HttpClient client = HttpClient.newBuilder().version(version).connectTimeout(Duration.ofSeconds(5)).build();
      for (String type : List.of("application/x-www-form-urlencoded", "multipart/form-data; boundary=x")) {
        HttpResponse<String> me = client.send(platform.request("/api/me").header("Authorization", "Bearer " + admin)
            .header("Content-Type", type).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, me.statusCode(), version + " " + type + ": " + me.body());
        HttpResponse<String> signIn = client.send(platform.request("/signin").header("Content-Type", type).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, signIn.statusCode(), version + " " + type + ": " + signIn.body());
      }
    }
  }

  @Test
  void problemsAlwaysCarryTypeTitleStatusAndDetail() {
    assertAll(
        () -> assertProblem(platform.get("/api/me", null), 401),
        () -> assertProblem(platform.get("/api/me", "qt_not-a-token"), 401),
        () -> assertProblem(platform.get("/api/audit", platform.token("rep6@acme.example")), 403),
        () -> assertProblem(platform.get("/api/nothing-here", admin), 404),
        () -> assertProblem(platform.json("DELETE", "/api/tokens/0123456789abcdef01234567", admin, null), 404),
        () -> assertProblem(platform.json("DELETE", "/api/tokens/not-an-id", admin, null), 400),
        () -> assertProblem(platform.json("POST", "/api/teams", admin, "{"), 400),
        () -> assertProblem(platform.json("POST", "/api/teams", admin, "{\"name\": \"Hunters\"}"), 409));
  }

  /** Runs the refusals and checks that users and teams are exactly as before. */
  private static void refusedAndNothingStored(Runnable refusals) {
    int users = count("/api/users");
    int teams = count("/api/teams");
    refusals.run();
    assertEquals(users, count("/api/users"), "no user was stored");
    assertEquals(teams, count("/api/teams"), "no team was stored");
  }

  private static int count(String path) {
    HttpResponse<String> r = platform.get(path, admin);
    assertEquals(200, r.statusCode(), r.body());
    return new JsonArray(r.body()).size();
  }

  private static JsonObject newUser(String email) {
    return new JsonObject().put("email", email).put("name", "New User").put("password", "markup-password");
  }

  private static JsonObject user(String email) {
    return new JsonArray(platform.get("/api/users", admin).body()).stream().map(JsonObject.class::cast)
        .filter(u -> email.equals(u.getString("email"))).findFirst()
        .orElseThrow(() -> new AssertionError("no user " + email));
  }

  private static String userId(String email) {
    return user(email).getString("id");
  }

  private static String tokenFor(String email, String password) {
    HttpResponse<String> r = platform.json("POST", "/api/auth/token", null,
        new JsonObject().put("email", email).put("password", password).encode());
    assertEquals(201, r.statusCode(), r.body());
    return new JsonObject(r.body()).getString("token");
  }
}
