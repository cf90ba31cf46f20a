package dev.quotient.distribution;

import static dev.quotient.distribution.TrainingFixtures.allWrong;
import static dev.quotient.distribution.TrainingFixtures.ok;
import static dev.quotient.distribution.TrainingFixtures.startAttempt;
import static dev.quotient.distribution.TrainingFixtures.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Curriculum import: once on the first start, untouched on later starts, updated when a module's
 * version goes up without losing reps' progress, attempts or assignments; an invalid curriculum
 * stops the plugin with a message naming the file; the curriculum packaged in the jar is valid.
 */
class TrainingCurriculumTest {

  @Test
  void importsOnceLeavesUnchangedModulesAloneAndUpdatesRaisedVersionsKeepingProgress(@TempDir Path data,
      @TempDir Path curriculum) throws Exception {
    TrainingFixtures.copyCurriculum(curriculum);
    Map<String, String> env = Map.of(TrainingFixtures.CURRICULUM_DIR, curriculum.toString());
    String updatedAt;
    String repId;
    try (TestPlatform platform = TestPlatform.start(data, TestPlatform.distributionPlugins(), env)) {
      String rep = platform.token("rep1@acme.example");
      repId = TrainingFixtures.me(platform, rep).getString("id");
      ok(platform.json("POST", "/api/training/modules/follow-up/lessons/why/read", rep, null), 204);
      ok(submit(platform, rep, startAttempt(platform, rep, "follow-up"), allWrong()), 200);
      ok(platform.json("POST", "/api/training/assignments", platform.token("leader@acme.example"), new JsonObject()
          .put("moduleId", "follow-up").put("userId", repId).put("due", LocalDate.now().plusDays(30).toString())
          .encode()), 201);
      JsonObject module = ok(platform.get("/api/training/modules/follow-up", rep), 200);
      assertEquals(1, module.getInteger("version"));
      updatedAt = module.getString("updatedAt");
    }

    try (TestPlatform platform = TestPlatform.start(data, TestPlatform.distributionPlugins(), env)) {
      String rep = platform.token("rep1@acme.example");
      JsonObject module = ok(platform.get("/api/training/modules/follow-up", rep), 200);
      assertEquals(updatedAt, module.getString("updatedAt"), "an unchanged version is not rewritten");
      assertEquals(2, ok(platform.get("/api/training/modules", rep), 200).getJsonArray("modules").size());
      assertEquals(2L, platform.node().database().call(() -> platform.node().database()
          .collection("training_modules").countDocuments()).toCompletionStage().toCompletableFuture().get(),
          "no duplicates");
    }

    Path yaml = curriculum.resolve("follow-up/module.yaml");
    Files.writeString(yaml, Files.readString(yaml).replace("version: 1", "version: 2")
        .replace("Follow up until the buyer answers", "Follow up every time"));
    Map<String, String> reconfigured = Map.of(TrainingFixtures.CURRICULUM_DIR, curriculum.toString(),
        "QUOTIENT_PLUGIN_TRAINING_REINFORCEMENT_DAYS", "1,3");
    try (TestPlatform platform = TestPlatform.start(data, TestPlatform.distributionPlugins(), reconfigured)) {
      String rep = platform.token("rep1@acme.example");
      JsonObject module = ok(platform.send(platform.request("/api/training/modules/follow-up")
          .header("Authorization", "Bearer " + rep).header("Accept-Language", "en").GET().build()), 200);
      assertEquals(2, module.getInteger("version"));
      assertEquals("Follow up every time", module.getString("title"));
      JsonObject mine = ok(platform.get("/api/training/me", rep), 200);
      JsonObject assignment = mine.getJsonArray("assignments").getJsonObject(0);
      assertEquals("follow-up", assignment.getString("moduleId"), "the assignment is kept");
      assertEquals(1, assignment.getInteger("lessonsRead"), "lessons read are kept");
      assertEquals("retry", assignment.getString("quiz"), "the failed attempt is kept");
      JsonObject second = ok(platform.json("POST", "/api/training/modules/follow-up/attempts", rep, null), 201);
      assertEquals(2, second.getInteger("number"), "attempts keep counting across versions");
      ok(submit(platform, rep, second.getString("attemptId"), TrainingFixtures.allRight()), 200);
      assertEquals(List.of(1, 3), ok(platform.get("/api/training/reinforcement", rep), 200).getJsonArray("reinforcement")
          .stream().map(r -> ((JsonObject) r).getInteger("days")).toList(), "reinforcement days come from the configuration");
      assertEquals(2L, platform.node().database().call(() -> platform.node().database()
          .collection("training_modules").countDocuments()).toCompletionStage().toCompletableFuture().get());
    }
  }

  @Test
  void anInvalidCurriculumStopsThePluginWithAMessageNamingTheFile(@TempDir Path data, @TempDir Path curriculum)
      throws IOException {
    TrainingFixtures.copyCurriculum(curriculum);
    Path yaml = curriculum.resolve("cadence/module.yaml");
    Files.writeString(yaml, Files.readString(yaml).replace("{id: a, text: {en: One, pl: Jednego}}",
        "{id: a, text: {en: One, pl: Jednego}, correct: true}"));
    Files.writeString(curriculum.resolve("follow-up/02-how.pl.md"), "<script>alert(1)</script>\n");
    try (TestPlatform platform = TestPlatform.start(data, TestPlatform.distributionPlugins(),
        Map.of(TrainingFixtures.CURRICULUM_DIR, curriculum.toString()))) {
      JsonObject training = plugin(platform, "training");
      assertEquals("FAILED", training.getString("state"), training.encode());
      String error = training.getString("error");
      assertTrue(error.contains("follow-up/module.yaml") && error.contains("lessons[1].text.pl"), error);
      assertEquals(503, platform.get("/api/training/modules", platform.token("rep1@acme.example")).statusCode());
      assertEquals("STARTED", plugin(platform, "mentoring").getString("state"), "other plugins carry on");
    }
    Files.writeString(curriculum.resolve("follow-up/02-how.pl.md"), "Bezpiecznie.\n");
    try (TestPlatform platform = TestPlatform.start(data, TestPlatform.distributionPlugins(),
        Map.of(TrainingFixtures.CURRICULUM_DIR, curriculum.toString()))) {
      String error = plugin(platform, "training").getString("error", "");
      assertTrue(error.contains("cadence/module.yaml") && error.contains("exactly one correct option"), error);
    }
  }

  @Test
  void thePackagedCurriculumImportsAndEveryModuleInItIsValid(@TempDir Path data) throws IOException {
    Path content = Path.of(System.getProperty("quotient.root"), "content", "training");
    long folders;
    try (Stream<Path> dirs = Files.list(content)) {
      folders = dirs.filter(d -> Files.isRegularFile(d.resolve("module.yaml"))).count();
    }
    try (TestPlatform platform = TestPlatform.start(data)) {
      JsonObject training = plugin(platform, "training");
      assertEquals("STARTED", training.getString("state"), "the packaged curriculum is valid: " + training.encode());
      JsonArray modules = ok(platform.get("/api/training/modules", platform.token("leader@acme.example")), 200)
          .getJsonArray("modules");
      assertTrue(folders >= 8, "the curriculum has at least eight modules: " + folders);
      assertEquals(folders, modules.size(), "every module folder is imported");
      JsonArray repView = ok(platform.get("/api/training/modules", platform.token("rep1@acme.example")), 200)
          .getJsonArray("modules");
      long forReps = modules.stream().map(JsonObject.class::cast).filter(m -> "reps".equals(m.getString("audience")))
          .count();
      assertEquals(forReps, repView.size(), "reps' catalogue lists the modules written for reps");
      assertTrue(forReps > 0 && forReps < modules.size(), "the curriculum has modules for reps and for leaders");
      for (Object m : modules) {
        String id = ((JsonObject) m).getString("id");
        JsonObject full = ok(platform.get("/api/training/modules/" + id, platform.token("rep1@acme.example")), 200);
        assertTrue(full.getJsonObject("quiz").getJsonArray("questions").size() >= 5, id);
      }
    }
  }

  private static JsonObject plugin(TestPlatform platform, String id) {
    JsonArray plugins = new JsonArray(platform.get("/api/plugins", platform.token("leader@acme.example")).body());
    return plugins.stream().map(JsonObject.class::cast).filter(p -> id.equals(p.getString("id"))).findFirst()
        .orElseThrow(() -> new AssertionError("no plugin " + id + " in " + plugins));
  }
}
