package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract describes every JSON request body exactly: each object (at any depth) lists its fields
 * and refuses others, or is a bounded map (maxProperties, propertyNames and a schema for the values);
 * each number in a body or a parameter has both bounds. The
 * running platform then refuses, with a 400 problem naming the field, an unknown field, a number too
 * large for any sane value (1e308) and a negative where none is allowed, and nothing is changed.
 */
class ApiContractTest {

  /**
   * Schemas the server checks itself, item by item, so that a bad batch or rule set names every bad
   * item (their formats are described in their descriptions and the README); not yet closed here.
   */
  private static final Set<String> CHECKED_BY_THE_SERVER = Set.of(
      "#/components/schemas/NewActivity/properties/value",
      "#/components/schemas/NewActivity/properties/minutes",
      "#/components/schemas/PointRules/properties/rules/items",
      "#/components/schemas/TrainingModule/properties/lessons/items",
      "#/components/schemas/TrainingModule/properties/quiz");

  @TempDir
  static Path data;
  private static TestPlatform platform;
  private static String leader;
  private static String rep1Token;
  private static String rep1;
  private static String rep2;
  private static String mentor1;

  @BeforeAll
  static void start() {
    platform = TestPlatform.start(data, TestPlatform.distributionPlugins(), Map.of());
    leader = platform.token("leader@acme.example");
    rep1Token = platform.token("rep1@acme.example");
    rep1 = id(rep1Token);
    rep2 = id(platform.token("rep2@acme.example"));
    mentor1 = id(platform.token("mentor1@acme.example"));
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  // --- the document ---

  @Test
  void everyJsonRequestBodyIsClosedAndEveryNumberBounded() throws IOException {
    JsonObject doc = contract();
    List<String> problems = new ArrayList<>();
    JsonObject paths = doc.getJsonObject("paths");
    int bodies = 0;
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        JsonObject op = item.getJsonObject(method);
        String where = method.toUpperCase() + " " + path;
        JsonObject body = op.getJsonObject("requestBody");
        JsonObject json = body == null ? null : body.getJsonObject("content").getJsonObject("application/json");
        if (json != null) {
          bodies++;
          walk(doc, json.getJsonObject("schema"), where + " body", "#/paths", true, problems);
        }
        for (Object p : op.getJsonArray("parameters", new JsonArray())) {
          JsonObject param = (JsonObject) p;
          walk(doc, param.getJsonObject("schema"), where + " ?" + param.getString("name"), "#/paths", false, problems);
        }
      }
    }
    assertTrue(bodies > 50, "the contract's bodies were read: " + bodies);
    assertTrue(problems.isEmpty(), problems.size() + " schemas are open or unbounded:\n" + String.join("\n", problems));
  }

  /** Follows $refs; {@code pointer} is where the schema lives (components keep their own pointer). */
  private static void walk(JsonObject doc, JsonObject schema, String where, String pointer, boolean body,
      List<String> problems) {
    if (schema == null) {
      return;
    }
    while (schema.containsKey("$ref")) {
      pointer = schema.getString("$ref");
      schema = resolve(doc, pointer);
    }
    if (CHECKED_BY_THE_SERVER.contains(pointer)) {
      return;
    }
    List<String> types = types(schema);
    if (body && (types.contains("object") || schema.containsKey("properties"))) {
      Object extra = schema.getValue("additionalProperties");
      boolean closed = Boolean.FALSE.equals(extra) && schema.getJsonObject("properties") != null;
      boolean boundedMap = extra instanceof JsonObject && schema.containsKey("maxProperties")
          && schema.containsKey("propertyNames");
      if (!closed && !boundedMap) {
        problems.add(where + " (" + pointer + "): an object without properties and additionalProperties false");
      }
      JsonObject props = schema.getJsonObject("properties", new JsonObject());
      for (String name : props.fieldNames()) {
        walk(doc, props.getJsonObject(name), where + "." + name, pointer + "/properties/" + name, true, problems);
      }
      JsonObject patterns = schema.getJsonObject("patternProperties", new JsonObject());
      for (String name : patterns.fieldNames()) {
        walk(doc, patterns.getJsonObject(name), where + "." + name, pointer + "/patternProperties/" + name, true,
            problems);
      }
      if (extra instanceof JsonObject map) {
        walk(doc, map, where + ".*", pointer + "/additionalProperties", true, problems);
      }
    }
    if (types.contains("array")) {
      if (schema.getValue("items") instanceof JsonObject items) {
        walk(doc, items, where + "[]", pointer + "/items", body, problems);
      }
    }
    if ((types.contains("number") || types.contains("integer"))
        && !(schema.containsKey("minimum") && schema.containsKey("maximum"))) {
      problems.add(where + " (" + pointer + "): a number without minimum and maximum");
    }
    for (String k : List.of("oneOf", "anyOf", "allOf")) {
      JsonArray alternatives = schema.getJsonArray(k, new JsonArray());
      for (int i = 0; i < alternatives.size(); i++) {
        walk(doc, alternatives.getJsonObject(i), where, pointer + "/" + k + "/" + i, body, problems);
      }
    }
  }

  private static List<String> types(JsonObject schema) {
    Object t = schema.getValue("type");
    if (t instanceof String s) {
      return List.of(s);
    }
    if (t instanceof JsonArray a) {
      return a.stream().map(String::valueOf).toList();
    }
    return List.of();
  }

  private static JsonObject resolve(JsonObject doc, String ref) {
    JsonObject at = doc;
    for (String part : ref.substring(2).split("/")) {
      at = at.getJsonObject(part);
    }
    assertNotNull(at, "dangling " + ref);
    return at;
  }

  /** The README names the audiences of library items as the API takes them, not by other words. */
  @Test
  void theReadmeNamesAudiencesByTheKeysTheApiTakes() throws IOException {
    Path readme = Path.of("../../README.md");
    if (!Files.isRegularFile(readme)) {
      readme = Path.of("README.md");
    }
    String text = Files.readString(readme, StandardCharsets.UTF_8).replaceAll("\\s+", " ");
    int at = text.indexOf("an audience (");
    assertTrue(at >= 0, "the README describes a library item's audience");
    String audience = text.substring(at, text.indexOf(')', at));
    for (Object key : contract().getJsonObject("components").getJsonObject("schemas").getJsonObject("Audience")
        .getJsonArray("enum")) {
      assertTrue(audience.contains("`" + key + "`"), "the README names the audience key " + key + ": " + audience);
    }
    assertFalse(audience.contains("reps, mentors, leaders"), audience);
  }

  /** The source when the checkout is at hand (what is being edited), else the server jar's copy. */
  private static JsonObject contract() throws IOException {
    for (Path source : List.of(Path.of("../server/src/main/resources/openapi.json"),
        Path.of("platform/server/src/main/resources/openapi.json"))) {
      if (Files.isRegularFile(source)) {
        return new JsonObject(Files.readString(source, StandardCharsets.UTF_8));
      }
    }
    try (InputStream in = ApiContractTest.class.getResourceAsStream("/openapi.json")) {
      assertNotNull(in, "openapi.json on the classpath");
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  // --- the running platform ---

  @Test
  void developmentProfilesRefuseUnknownFieldsAndHugeScores() {
    String path = "/api/development/profiles/" + rep1;
    JsonObject before = ok(platform.get(path, leader));
    refused(platform.json("PUT", path, leader, "{\"assessment\":{\"execution\":{\"score\":3}},\"salary\":1}"), "salary");
    refused(platform.json("PUT", path, leader, "{\"assessment\":{\"execution\":{\"score\":1e308}}}"), "assessment");
    refused(platform.json("PUT", path, leader, "{\"assessment\":{\"execution\":{\"score\":3,\"weight\":2}}}"), "assessment");
    refused(platform.json("PUT", path, leader, "{\"targets\":{\"execution\":-4}}"), "targets");
    refused(platform.json("PUT", path, rep1Token, "{\"self\":{\"karma\":4}}"), "self");
    assertEquals(before.getInteger("revision"), ok(platform.get(path, leader)).getInteger("revision"), "nothing changed");
  }

  @Test
  void pipsRefuseHugeAndNegativeTargets() {
    String list = "/api/development/pips?userId=" + rep2;
    int before = ok(platform.get(list, leader)).getJsonArray("pips").size();
    String target = "{\"userId\":\"" + rep2 + "\",\"targets\":[{\"kpi\":\"win-rate\",\"target\":%s}]}";
    refused(platform.json("POST", "/api/development/pips", leader, target.formatted("1e308")), "targets");
    refused(platform.json("POST", "/api/development/pips", leader, target.formatted("-5")), "targets");
    refused(platform.json("POST", "/api/development/pips", leader, "{\"userId\":\"" + rep2 + "\",\"support\":"
        + "{\"coaching\":\"x\",\"budget\":100}}"), "support");
    assertEquals(before, ok(platform.get(list, leader)).getJsonArray("pips").size(), "no PIP stored");
  }

  @Test
  void costsRefuseHugeAndNegativeAmountsAndUnknownFields() {
    JsonArray before = ok(platform.get("/api/development/costs", leader)).getJsonArray("costs");
    refused(platform.json("POST", "/api/development/costs", leader, "{\"month\":\"2026-01\",\"amount\":1e308}"), "amount");
    refused(platform.json("POST", "/api/development/costs", leader, "{\"month\":\"2026-01\",\"amount\":-5}"), "amount");
    refused(platform.json("POST", "/api/development/costs", leader,
        "{\"month\":\"2026-01\",\"amount\":5,\"currency\":\"EUR\"}"), "currency");
    assertEquals(before, ok(platform.get("/api/development/costs", leader)).getJsonArray("costs"), "no cost stored");
  }

  @Test
  void mentoringRefusesUnknownFieldsAndCapacitiesOutOfRange() {
    String path = "/api/mentoring/profiles/" + mentor1;
    JsonObject before = ok(platform.get(path, leader));
    refused(platform.json("PUT", path, leader, "{\"mentor\":{\"capacity\":1e308}}"), "mentor");
    refused(platform.json("PUT", path, leader, "{\"mentor\":{\"capacity\":-1}}"), "mentor");
    refused(platform.json("PUT", path, leader, "{\"mentor\":{\"capacity\":2,\"hourlyRate\":50}}"), "mentor");
    assertEquals(before, ok(platform.get(path, leader)), "the profile is as it was");

    JsonObject bans = ok(platform.get("/api/mentoring/bans", leader));
    refused(platform.json("POST", "/api/mentoring/bans", leader, new JsonObject().put("mentorId", mentor1)
        .put("menteeId", rep1).put("forever", true).encode()), "forever");
    assertEquals(bans, ok(platform.get("/api/mentoring/bans", leader)), "no ban stored");
  }

  @Test
  void hiringAndContestsRefuseHugeNumbersAndUnknownFields() {
    JsonArray roles = ok(platform.get("/api/hiring/roles", leader)).getJsonArray("roles");
    refused(platform.json("POST", "/api/hiring/roles", leader,
        "{\"name\":\"Huge\",\"areas\":{\"roleFit\":{\"criteria\":\"x\",\"ideal\":3,\"weight\":1e308}}}"), "areas");
    refused(platform.json("POST", "/api/hiring/roles", leader, "{\"name\":\"Paid\",\"salary\":100000}"), "salary");
    assertEquals(roles, ok(platform.get("/api/hiring/roles", leader)).getJsonArray("roles"), "no role stored");

    JsonArray contests = ok(platform.get("/api/leaderboards/contests", leader)).getJsonArray("contests");
    String contest = "{\"name\":\"Sprint\",\"variant\":\"target\",\"start\":\"2026-03-30T09:00:00Z\","
        + "\"end\":\"2099-03-30T15:00:00Z\",%s}";
    refused(platform.json("POST", "/api/leaderboards/contests", leader, contest.formatted("\"defaultTarget\":1e308")),
        "defaultTarget");
    refused(platform.json("POST", "/api/leaderboards/contests", leader, contest.formatted("\"defaultTarget\":-3")),
        "defaultTarget");
    refused(platform.json("POST", "/api/leaderboards/contests", leader,
        contest.formatted("\"defaultTarget\":3,\"budget\":10")), "budget");
    assertEquals(contests, ok(platform.get("/api/leaderboards/contests", leader)).getJsonArray("contests"),
        "no contest stored");
  }

  @Test
  void boardParametersAreWholeNumbersWithinTheirBounds() {
    refused(platform.get("/api/leaderboards/board?top=-5", leader), "top");
    refused(platform.get("/api/leaderboards/board?around=1e308", leader), "around");
    refused(platform.get("/api/leaderboards/board?back=2", leader), "back");
    assertEquals(200, platform.get("/api/leaderboards/board?top=5&around=1&back=1", leader).statusCode());
  }

  /**
   * The validator reports the outermost property that does not match: for a nested field, the body's
   * top-level property holding it ({@code assessment} for {@code assessment.execution.score}).
   */
  private static void refused(HttpResponse<String> r, String field) {
    assertEquals(400, r.statusCode(), field + ": " + r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), r.body());
    JsonObject problem = new JsonObject(r.body());
    assertEquals("urn:quotient:problem:error.request.invalid", problem.getString("type"),
        "refused by the contract, before the handler: " + r.body());
    assertTrue(r.body().contains(field), "the problem names " + field + ": " + r.body());
  }

  private static JsonObject ok(HttpResponse<String> r) {
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }

  private static String id(String token) {
    return new JsonObject(platform.get("/api/me", token).body()).getString("id");
  }
}
