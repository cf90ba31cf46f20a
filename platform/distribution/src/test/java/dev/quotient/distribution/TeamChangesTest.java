package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Teams over time: admins rename them and retire empty ones; both audited, bad input changes nothing. */
class TeamChangesTest {

  @TempDir
  static Path data;
  @TempDir
  static Path noPlugins;
  private static TestPlatform platform;
  private static String admin;

  @BeforeAll
  static void start() {
    platform = TestPlatform.start(data, noPlugins, Map.of());
    admin = platform.token("admin@acme.example");
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void adminsRenameTeamsAndRetireEmptyOnes() {
    String hunters = teamId("Hunters");
    assertEquals(403, rename(hunters, "Closers", platform.token("leader@acme.example")).statusCode());
    assertEquals(409, rename(hunters, "Farmers", admin).statusCode(), "a name taken");
    assertEquals(400, rename(hunters, " ", admin).statusCode());
    HttpResponse<String> renamed = rename(hunters, "Closers", admin);
    assertEquals(200, renamed.statusCode(), renamed.body());
    assertEquals(hunters, teamId("Closers"), "the same team under its new name");

    HttpResponse<String> busy = platform.json("POST", "/api/teams/" + hunters + "/retirement", admin, null);
    assertEquals(409, busy.statusCode(), "people still belong to it");
    assertTrue(busy.body().contains("error.team.notEmpty"), busy.body());

    HttpResponse<String> created = platform.json("POST", "/api/teams", admin, new JsonObject().put("name", "Pilots").encode());
    String pilots = new JsonObject(created.body()).getString("id");
    assertEquals(204, platform.json("POST", "/api/teams/" + pilots + "/retirement", admin, null).statusCode());
    assertTrue(teams().stream().noneMatch(t -> ((JsonObject) t).getString("id").equals(pilots)), "gone from the list");
    assertEquals(404, platform.json("POST", "/api/teams/" + pilots + "/retirement", admin, null).statusCode());
    HttpResponse<String> intoRetired = platform.json("POST", "/api/users", admin, new JsonObject()
        .put("email", "late@acme.example").put("name", "Late Joiner").put("roles", new JsonArray().add("rep"))
        .put("teamId", pilots).encode());
    assertEquals(400, intoRetired.statusCode(), "a retired team takes no members: " + intoRetired.body());

    JsonArray audit = new JsonArray(platform.get("/api/audit", admin).body());
    assertTrue(audit.stream().map(o -> (JsonObject) o).anyMatch(e -> "team.renamed".equals(e.getString("action"))
        && "Hunters → Closers".equals(e.getString("subject"))), audit.encodePrettily());
    assertTrue(audit.stream().map(o -> (JsonObject) o).anyMatch(e -> "team.retired".equals(e.getString("action"))));
  }

  private static HttpResponse<String> rename(String teamId, String name, String token) {
    return platform.json("PUT", "/api/teams/" + teamId, token, new JsonObject().put("name", name).encode());
  }

  private static JsonArray teams() {
    return new JsonArray(platform.get("/api/teams", admin).body());
  }

  private static String teamId(String name) {
    return teams().stream().map(o -> (JsonObject) o).filter(t -> name.equals(t.getString("name"))).findFirst()
        .orElseThrow(() -> new AssertionError(name + " not in " + teams().encode())).getString("id");
  }
}
