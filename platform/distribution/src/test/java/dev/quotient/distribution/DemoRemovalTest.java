package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An admin removes the demo organisation and all its data: afterwards no document of any collection
 * and no file names it, another organisation on the same installation keeps everything and its boards,
 * a start with the demo switched on does not create it again, and only the demo can be removed.
 */
class DemoRemovalTest {

  private static final String OPERATOR = "operator-token-of-this-installation-0123456789";

  @TempDir
  Path data;

  @Test
  void theDemoGoesWithEverythingOfItAndNothingElse() throws Exception {
    Path tokenFile = data.resolve("operator-token");
    Files.writeString(tokenFile, OPERATOR + "\n");
    Map<String, String> env = Map.of("QUOTIENT_OPERATOR_TOKEN_FILE", tokenFile.toString());
    Path store = data.resolve("store");
    String acmeId;
    String globexToken;
    try (TestPlatform platform = TestPlatform.start(store, TestPlatform.distributionPlugins(), env)) {
      String admin = platform.token("admin@acme.example");
      String leader = platform.token("leader@acme.example");
      acmeId = new JsonObject(platform.get("/api/organisation", admin).body()).getString("id");
      String rep1 = new JsonObject(platform.get("/api/me", platform.token("rep1@acme.example")).body()).getString("id");

      // Another organisation on the same installation, with its own activity.
      globexToken = hostGlobex(platform);
      String greta = new JsonObject(platform.get("/api/me", globexToken).body()).getString("id");
      assertEquals(201, platform.json("POST", "/api/activities", globexToken, new JsonObject().put("id", "g1")
          .put("userId", greta).put("kind", "meeting").put("occurredAt", java.time.Instant.now().toString()).encode())
          .statusCode());

      // The demo's data in the platform and the plugins: activities and points, praise, a library file.
      assertEquals(201, platform.json("POST", "/api/activities", leader, new JsonObject().put("id", "a1")
          .put("userId", rep1).put("kind", "call").put("occurredAt", java.time.Instant.now().toString()).encode())
          .statusCode());
      assertEquals(201, platform.json("POST", "/api/recognition/praise", leader, new JsonObject().put("toUserId", rep1)
          .put("value", "respect").put("message", "Kept the client's trust").encode()).statusCode());
      String material = new JsonObject(platform.json("POST", "/api/materials", platform.token("trainer@acme.example"),
          new JsonObject().put("title", "Call script").put("kind", "worksheet").put("skills", new JsonArray().add("empathy"))
              .encode()).body()).getString("id");
      assertEquals(200, platform.send(platform.request("/api/materials/" + material + "/file?name=script.txt")
          .header("Authorization", "Bearer " + platform.token("trainer@acme.example"))
          .header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.ofString("Hello, this is Acme."))
          .build()).statusCode() / 100 * 100);
      platform.node().points().idle().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertTrue(mentions(platform, acmeId) > 0, "the demo's data is there to remove");
      long globexBefore = mentions(platform, orgOf(platform, globexToken));

      // The demo's settings page offers the removal.
      assertTrue(new Browser(platform).signedIn("admin@acme.example").get("/admin/organisation").body()
          .contains("action=\"/admin/organisation/removal\""));

      // Only with the name repeated, only by the demo's admin, only the demo.
      assertEquals(403, remove(platform, leader, "Acme Sales").statusCode());
      HttpResponse<String> wrongName = remove(platform, admin, "Acme");
      assertEquals(400, wrongName.statusCode());
      assertTrue(wrongName.body().contains("Acme Sales"), wrongName.body());
      HttpResponse<String> notDemo = remove(platform, globexToken, "Globex Sales");
      assertEquals(409, notDemo.statusCode(), notDemo.body());

      HttpResponse<String> removed = remove(platform, admin, "Acme Sales");
      assertEquals(200, removed.statusCode(), removed.body());
      assertEquals(List.of(), where(platform, acmeId), "no document of any collection names the demo");
      assertEquals(globexBefore, mentions(platform, orgOf(platform, globexToken)), "Globex keeps everything");
      assertEquals(401, platform.get("/api/me", admin).statusCode(), "the demo's tokens went with it");
      assertEquals(200, platform.get("/api/leaderboards/board?period=week", globexToken).statusCode());
      JsonObject board = awaitBoard(platform, globexToken);
      assertEquals(1, board.getJsonArray("top").size(), "Globex's board, refolded without the demo: " + board);
      assertEquals(5L, board.getJsonArray("top").getJsonObject(0).getLong("score"));
    }
    // Started again with the demo switched on: it is not created again; Globex is still there.
    try (TestPlatform again = TestPlatform.start(store, TestPlatform.distributionPlugins(), env)) {
      assertEquals(401, again.json("POST", "/api/auth/token", null, new JsonObject().put("email", "admin@acme.example")
          .put("password", dev.quotient.testkit.PlatformClient.DEMO_PASSWORD).encode()).statusCode());
      assertEquals(200, again.get("/api/me", globexToken).statusCode());
      assertEquals(0, mentions(again, acmeId));
    }
  }

  private static HttpResponse<String> remove(TestPlatform platform, String token, String name) {
    return platform.json("POST", "/api/organisation/removal", token, new JsonObject().put("confirmName", name).encode());
  }

  private static JsonObject awaitBoard(TestPlatform platform, String token) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    JsonObject board = new JsonObject(platform.get("/api/leaderboards/board?period=week", token).body());
    while (board.getJsonArray("top").size() != 1 && System.nanoTime() < until) {
      Thread.sleep(50);
      board = new JsonObject(platform.get("/api/leaderboards/board?period=week", token).body());
    }
    return board;
  }

  /** Documents of every collection whose text holds the id (files' metadata included). */
  private static long mentions(TestPlatform platform, String orgId) {
    return where(platform, orgId).size();
  }

  /** The collections and ids of the documents whose text holds the id. */
  private static List<String> where(TestPlatform platform, String orgId) {
    List<String> found = new ArrayList<>();
    var db = platform.node().database().db();
    List<String> names = db.listCollectionNames().into(new ArrayList<>());
    for (String name : names) {
      if (name.endsWith(".chunks")) {
        continue;
      }
      for (Document d : db.getCollection(name).find()) {
        if (d.toJson().contains(orgId)) {
          found.add(name + ":" + d.get("_id"));
        }
      }
    }
    return found;
  }

  private static String orgOf(TestPlatform platform, String token) {
    return new JsonObject(platform.get("/api/organisation", token).body()).getString("id");
  }

  private static String hostGlobex(TestPlatform platform) {
    JsonObject globex = new JsonObject().put("name", "Globex Sales").put("zone", "Europe/Berlin").put("locale", "en")
        .put("currency", "EUR").put("values", new JsonArray().add("ownership").add("grit"))
        .put("adminName", "Greta Globex").put("adminEmail", "greta@globex.example");
    HttpResponse<String> created = platform.send(platform.request("/api/operator/organisations")
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + OPERATOR)
        .POST(HttpRequest.BodyPublishers.ofString(globex.encode())).build());
    assertEquals(201, created.statusCode(), created.body());
    String welcome = URI.create(new JsonObject(created.body()).getString("invitation")).getPath();
    assertEquals(303, new Browser(platform).submit(welcome, welcome, Map.of("password", "greta-password-1",
        "confirmation", "greta-password-1")).statusCode());
    HttpResponse<String> issued = platform.json("POST", "/api/auth/token", null, new JsonObject()
        .put("email", "greta@globex.example").put("password", "greta-password-1").encode());
    return new JsonObject(issued.body()).getString("token");
  }
}
