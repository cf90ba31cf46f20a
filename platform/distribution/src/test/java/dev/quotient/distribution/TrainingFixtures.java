package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quotient.testkit.PlatformClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The training tests' fixture curriculum (test resources) and small API helpers. */
public final class TrainingFixtures {

  static final String CURRICULUM_DIR = "QUOTIENT_PLUGIN_TRAINING_CURRICULUM_DIR";

  private TrainingFixtures() {}

  /** Copies the fixture curriculum into {@code target}, so a test may change it. */
  public static Path copyCurriculum(Path target) {
    try {
      Path source = Path.of(TrainingFixtures.class.getResource("/training-curriculum").toURI());
      try (Stream<Path> files = Files.walk(source)) {
        for (Path p : files.toList()) {
          Path to = target.resolve(source.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(to);
          } else {
            Files.copy(p, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonObject answer(String question, String... options) {
    return new JsonObject().put("question", question).put("options", new JsonArray(java.util.List.of(options)));
  }

  static JsonObject text(String question, String text) {
    return new JsonObject().put("question", question).put("text", text);
  }

  static String answers(JsonObject... answers) {
    return new JsonObject().put("answers", new JsonArray(java.util.List.of((Object[]) answers))).encode();
  }

  /** Every answer of the fixture modules right. */
  static String allRight() {
    return answers(answer("q1", "b"), answer("q2", "a", "b"), text("q3", "18"), answer("q4", "b"), answer("q5", "a"));
  }

  static String allWrong() {
    return answers(answer("q1", "a"), answer("q2", "c"), text("q3", "2"), answer("q4", "a"), answer("q5", "b"));
  }

  static JsonObject ok(HttpResponse<String> r, int status) {
    assertEquals(status, r.statusCode(), r.body());
    return r.body().isEmpty() ? new JsonObject() : new JsonObject(r.body());
  }

  /** Starts (or resumes) an attempt and returns its id. */
  static String startAttempt(PlatformClient platform, String token, String moduleId) {
    return ok(platform.json("POST", "/api/training/modules/" + moduleId + "/attempts", token, null), 201)
        .getString("attemptId");
  }

  static HttpResponse<String> submit(PlatformClient platform, String token, String attemptId, String answers) {
    return platform.json("POST", "/api/training/attempts/" + attemptId + "/submit", token, answers);
  }

  static JsonObject me(PlatformClient platform, String token) {
    return ok(platform.get("/api/me", token), 200);
  }

  /** An organisation module as the editor takes it (YAML), with one lesson of the given Markdown. */
  static String yamlModule(String markdown) {
    StringBuilder questions = new StringBuilder();
    for (int i = 1; i <= 5; i++) {
      questions.append("    - id: q").append(i).append("\n      type: single\n      text: {en: Q").append(i)
          .append("?, pl: P").append(i).append("?}\n      options:\n")
          .append("        - {id: a, text: {en: Yes, pl: Tak}, correct: true}\n")
          .append("        - {id: b, text: {en: No, pl: Nie}}\n")
          .append("      feedback: {en: Because, pl: Bo}\n");
    }
    return "audience: reps\nminutes: 5\ntitle: {en: Edited here, pl: Edytowany tutaj}\n"
        + "summary: {en: S, pl: S}\nskills:\n  - {area: IQ, skill: product-knowledge}\nlessons:\n"
        + "  - id: one\n    title: {en: One, pl: Jeden}\n    text:\n      en: \"" + markdown + "\"\n      pl: \"" + markdown
        + "\"\nquiz:\n  passMark: 80\n  attempts: 2\n  questions:\n" + questions;
  }
}
