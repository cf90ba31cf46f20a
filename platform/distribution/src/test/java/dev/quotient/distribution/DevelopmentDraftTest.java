package dev.quotient.distribution;

import static dev.quotient.distribution.RecognitionFixtures.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan drafted in a fresh demo organisation, where nobody completed a module yet: its training comes
 * from the shipped curriculum through {@code modules.find}, and the trainer's published library items of
 * the gap skills become its resources.
 */
class DevelopmentDraftTest {

  @TempDir
  static Path data;
  private static TestPlatform platform;

  @BeforeAll
  static void start() {
    platform = TestPlatform.start(data);
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void aFreshOrganisationsPlanProposesCurriculumModulesAndPublishedMaterialsOfTheGapSkills() {
    String leader = platform.token("leader@acme.example");
    String trainer = platform.token("trainer@acme.example");
    String rep = platform.token("rep3@acme.example");
    String repId = RecognitionFixtures.userIds(platform, leader).get("rep3@acme.example");

    // The trainer's library: a published empathy worksheet, an unpublished execution one, a published mindset sheet.
    String worksheet = material(trainer, "Empathy map worksheet", "worksheet", "empathy", true);
    String unpublished = material(trainer, "Cadence drill (draft)", "worksheet", "execution", false);
    String offTopic = material(trainer, "Morning routine", "coaching-sheet", "mindset", true);

    JsonObject assessment = new JsonObject();
    for (String skill : List.of("product-knowledge", "industry-knowledge", "self-awareness", "assertiveness", "mindset",
        "readiness")) {
      assessment.put(skill, new JsonObject().put("score", 5));
    }
    assessment.put("empathy", new JsonObject().put("score", 1)).put("execution", new JsonObject().put("score", 1));
    ok(platform.json("PUT", "/api/development/profiles/" + repId, leader,
        new JsonObject().put("assessment", assessment).encode()), 200);

    JsonObject plan = ok(platform.json("POST", "/api/development/plans", leader,
        new JsonObject().put("userId", repId).encode()), 201);
    String planId = plan.getString("id");
    JsonObject content = plan.getJsonObject("content");
    List<String> goalSkills = content.getJsonArray("goals").stream().map(g -> ((JsonObject) g).getString("skill")).toList();
    assertTrue(goalSkills.containsAll(List.of("empathy", "execution")), goalSkills.toString());

    // What the curriculum offers a rep, per sub-skill.
    JsonArray catalogue = ok(platform.get("/api/training/modules", rep), 200).getJsonArray("modules");
    Map<String, String> titles = catalogue.stream().map(JsonObject.class::cast)
        .collect(Collectors.toMap(m -> m.getString("id"), m -> m.getString("title")));
    JsonArray modules = content.getJsonArray("modules");
    LocalDate today = LocalDate.now(ZoneId.of("Europe/Warsaw"));
    Set<String> ids = new HashSet<>();
    for (Object o : modules) {
      JsonObject m = (JsonObject) o;
      String id = m.getString("moduleId");
      assertTrue(ids.add(id), "each module once: " + modules.encode());
      assertTrue(trains(catalogue, id, m.getString("skill")), id + " trains " + m.getString("skill"));
      assertEquals(titles.get(id), m.getString("title"), "the title in the organisation's language");
      LocalDate due = LocalDate.parse(m.getString("due"));
      assertTrue(due.isAfter(today) && !due.isAfter(today.plusDays(90)), "due inside the plan: " + due);
    }
    assertEquals(List.of("empathy-and-assertiveness"), bySkill(modules, "empathy"),
        "the one rep module of the curriculum that trains empathy");
    List<String> execution = bySkill(modules, "execution");
    assertEquals(2, execution.size(), "at most two per goal, and the curriculum has three: " + modules.encode());
    assertTrue(List.of("follow-up-cadence", "lead-response", "pipeline-and-win-rate").containsAll(execution), execution.toString());
    assertFalse(modules.stream().map(m -> ((JsonObject) m).getString("moduleId")).anyMatch(
        id -> List.of("praise-and-feedback", "rpac-hiring-and-fair-pip").contains(id)), "modules for leaders are not offered");

    // The library: only the published item of a gap skill.
    JsonArray resources = content.getJsonArray("resources");
    assertEquals(new JsonArray().add(new JsonObject().put("materialId", worksheet).put("title", "Empathy map worksheet")
        .put("kind", "worksheet").put("link", "/library/" + worksheet)), resources,
        "not " + unpublished + " (unpublished) nor " + offTopic + " (no gap skill)");

    // The page shows the modules' titles and links the item; the export carries it.
    String html = page("/development/plans/" + planId, leader);
    assertTrue(html.contains(titles.get("empathy-and-assertiveness")), "module title on the page");
    // a reader of English sees the module's English title, though the plan was drafted in Polish
    JsonArray inEnglish = new JsonObject(platform.send(platform.request("/api/training/modules")
        .header("Authorization", "Bearer " + rep).header("Accept-Language", "en").GET().build()).body())
        .getJsonArray("modules");
    String english = inEnglish.stream().map(JsonObject.class::cast)
        .filter(m -> "empathy-and-assertiveness".equals(m.getString("id"))).findFirst().orElseThrow().getString("title");
    assertFalse(english.equals(titles.get("empathy-and-assertiveness")), "the module has two titles");
    String englishPage = platform.send(platform.request("/development/plans/" + planId)
        .header("Authorization", "Bearer " + leader).header("Accept", "text/html").header("Accept-Language", "en")
        .GET().build()).body();
    assertTrue(englishPage.contains(english), "the English title on the English page");
    assertFalse(englishPage.contains(titles.get("empathy-and-assertiveness")), "not the Polish one");
    assertTrue(html.contains("href=\"/library/" + worksheet + "\""), "the item is linked");
    assertFalse(html.contains("Cadence drill"));
    JsonObject export = ok(platform.get("/api/development/plans/" + planId + "/export", leader), 200);
    assertEquals(resources, export.getJsonArray("resources"));
    assertEquals(titles.get("empathy-and-assertiveness"), export.getJsonArray("modules").getJsonObject(0).getString("title"));

    // Editing keeps an item by its id with what the draft stored; an item the plan does not hold is refused.
    HttpResponse<String> bogus = platform.json("PUT", "/api/development/plans/" + planId, leader, new JsonObject()
        .put("resources", new JsonArray().add(new JsonObject().put("materialId", unpublished))).encode());
    assertEquals(400, bogus.statusCode(), bogus.body());
    assertTrue(bogus.body().contains("resources[0].materialId"), bogus.body());
    JsonObject edited = ok(platform.json("PUT", "/api/development/plans/" + planId, leader, new JsonObject()
        .put("resources", new JsonArray().add(new JsonObject().put("materialId", worksheet)).add("The Challenger Sale"))
        .put("modules", new JsonArray().add(new JsonObject().put("moduleId", "empathy-and-assertiveness")
            .put("due", today.plusDays(45).toString()))).encode()), 200).getJsonObject("content");
    assertEquals(resources.getJsonObject(0), edited.getJsonArray("resources").getJsonObject(0));
    assertEquals("The Challenger Sale", edited.getJsonArray("resources").getString(1));
    assertEquals(titles.get("empathy-and-assertiveness"), edited.getJsonArray("modules").getJsonObject(0).getString("title"),
        "the title stays with the module");
  }

  private static String material(String token, String title, String kind, String skill, boolean published) {
    JsonObject created = ok(platform.json("POST", "/api/materials", token, new JsonObject().put("title", title)
        .put("kind", kind).put("skills", new JsonArray().add(skill)).put("audience", new JsonArray().add("rep"))
        .put("published", published).encode()), 201);
    String id = created.getString("id");
    assertEquals(201, MaterialsTestSupport.upload(platform, token, id, "sheet.txt").statusCode());
    return id;
  }

  private static boolean trains(JsonArray catalogue, String moduleId, String skill) {
    return catalogue.stream().map(JsonObject.class::cast).filter(m -> moduleId.equals(m.getString("id")))
        .flatMap(m -> m.getJsonArray("skills").stream()).anyMatch(s -> skill.equals(((JsonObject) s).getString("skill")));
  }

  private static List<String> bySkill(JsonArray modules, String skill) {
    return modules.stream().map(JsonObject.class::cast).filter(m -> skill.equals(m.getString("skill")))
        .map(m -> m.getString("moduleId")).toList();
  }

  private static String page(String path, String token) {
    HttpResponse<String> r = platform.send(platform.request(path).header("Authorization", "Bearer " + token)
        .header("Accept", "text/html").GET().build());
    assertEquals(200, r.statusCode(), path);
    return r.body();
  }
}
