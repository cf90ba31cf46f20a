package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.model.Filters;
import dev.quotient.server.mongo.Migrations;
import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node stopped and started again on the same data directory keeps everything and adds nothing. */
class RestartTest {

  private static final String ADMIN = "admin@acme.example";
  private static final List<String> NEW_TEAMS = List.of("Closers", "Openers", "Night Shift");

  @Test
  void teamsTokensAndSchemaSurviveARestartAndDemoDataIsNotDuplicated(@TempDir Path data) {
    String signInToken;
    String scriptToken;
    List<String> teamsBefore;
    List<String> usersBefore;
    Document schemaBefore;

    try (TestPlatform platform = TestPlatform.start(data)) {
      signInToken = platform.token(ADMIN);
      for (String name : NEW_TEAMS) {
        HttpResponse<String> r = platform.json("POST", "/api/teams", signInToken,
            new JsonObject().put("name", name).encode());
        assertEquals(201, r.statusCode(), r.body());
      }
      HttpResponse<String> issued = platform.json("POST", "/api/tokens", signInToken,
          new JsonObject().put("name", "restart-script").encode());
      assertEquals(201, issued.statusCode(), issued.body());
      scriptToken = new JsonObject(issued.body()).getString("token");

      teamsBefore = names(platform, "/api/teams", signInToken, "name");
      usersBefore = names(platform, "/api/users", signInToken, "email");
      assertTrue(teamsBefore.containsAll(NEW_TEAMS), teamsBefore.toString());
      schemaBefore = schemaDocuments(platform).get(0);
    }

    try (TestPlatform platform = TestPlatform.start(data)) {
      for (String token : List.of(signInToken, scriptToken)) {
        HttpResponse<String> me = platform.get("/api/me", token);
        assertEquals(200, me.statusCode(), me.body());
        assertEquals(ADMIN, new JsonObject(me.body()).getString("email"));
      }

      List<String> teamsAfter = names(platform, "/api/teams", scriptToken, "name");
      assertEquals(sorted(teamsBefore), sorted(teamsAfter));
      for (String name : List.of("Hunters", "Farmers", "Closers", "Openers", "Night Shift")) {
        assertEquals(1, Collections.frequency(teamsAfter, name), name + " in " + teamsAfter);
      }
      List<String> usersAfter = names(platform, "/api/users", scriptToken, "email");
      assertEquals(sorted(usersBefore), sorted(usersAfter), "demo users are created once");
      assertEquals(usersAfter.size(), usersAfter.stream().distinct().count(), usersAfter.toString());
      assertEquals(1, platform.node().database().collection("orgs")
          .countDocuments(Filters.eq("name", "Acme Sales")), "one demo organisation");

      List<Document> schema = schemaDocuments(platform);
      assertEquals(1, schema.size(), schema.toString());
      assertEquals(Migrations.latestVersion(), schema.get(0).getInteger("version"));
      // The second start found the schema current and ran no step: the document is untouched.
      assertEquals(schemaBefore, schema.get(0));

      HttpResponse<String> write = platform.json("POST", "/api/teams", scriptToken,
          new JsonObject().put("name", "After Restart").encode());
      assertEquals(201, write.statusCode(), write.body());
      HttpResponse<String> duplicate = platform.json("POST", "/api/teams", scriptToken,
          new JsonObject().put("name", "Closers").encode());
      assertEquals(409, duplicate.statusCode(), duplicate.body());
    }
  }

  private static List<Document> schemaDocuments(TestPlatform platform) {
    return platform.node().database().collection(Migrations.VERSION_COLLECTION).find().into(new ArrayList<>());
  }

  private static List<String> names(TestPlatform platform, String path, String token, String field) {
    HttpResponse<String> r = platform.get(path, token);
    assertEquals(200, r.statusCode(), r.body());
    List<String> names = new ArrayList<>();
    for (Object o : new JsonArray(r.body())) {
      names.add(((JsonObject) o).getString(field));
    }
    return names;
  }

  private static List<String> sorted(List<String> values) {
    List<String> copy = new ArrayList<>(values);
    Collections.sort(copy);
    return copy;
  }
}
