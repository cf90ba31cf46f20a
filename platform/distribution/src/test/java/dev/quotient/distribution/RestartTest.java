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

  @Test
  void aFinishedImportKeepsItsReportAndJobAcrossARestart(@TempDir Path data) throws Exception {
    String importId;
    String token;
    try (TestPlatform platform = TestPlatform.start(data)) {
      token = platform.token("leader@acme.example");
      HttpResponse<String> uploaded = platform.send(platform.request("/api/activities/imports?name=x.csv")
          .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
              "id,email,type,date\nrestart-1,rep1@acme.example,call,2026-03-02 09:30\n"
              + "restart-2,nobody@acme.example,call,2026-03-02 09:30\n")).build());
      assertEquals(201, uploaded.statusCode(), uploaded.body());
      JsonObject created = new JsonObject(uploaded.body());
      importId = created.getString("id");
      String base = "/api/activities/imports/" + importId;
      assertEquals(200, platform.json("POST", base + "/validation", token,
          new JsonObject().put("mapping", created.getJsonObject("mapping")).encode()).statusCode());
      assertEquals(202, platform.json("POST", base + "/confirm", token, "{\"acceptBadRows\":true}").statusCode());
      String state = "running";
      for (int i = 0; i < 200 && state.equals("running"); i++) {
        Thread.sleep(50);
        state = new JsonObject(platform.get(base + "/job", token).body()).getString("state");
      }
      assertEquals("done", state);
    }
    try (TestPlatform platform = TestPlatform.start(data)) {
      HttpResponse<String> r = platform.get("/api/activities/imports/" + importId, token);
      assertEquals(200, r.statusCode(), r.body());
      JsonObject imported = new JsonObject(r.body());
      JsonObject report = imported.getJsonObject("report");
      assertEquals(1, report.getInteger("good"));
      assertEquals(1, report.getInteger("bad"));
      assertEquals(3, report.getJsonArray("errors").getJsonObject(0).getInteger("row"));
      JsonObject job = imported.getJsonObject("job");
      assertEquals("done", job.getString("state"));
      assertEquals(1, job.getInteger("created"));
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
