package dev.quotient.distribution.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.distribution.TrainingFixtures;
import dev.quotient.testkit.PlatformProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quiz submits under {@code wrk -t2 -c64 -d10s} with a bearer token, against a static file of the same
 * server in the same run (the anchor) and an authenticated trivial API call ({@code GET /api/me}).
 *
 * <p>Every request posts the same answers to one already-submitted attempt: the idempotent path a
 * double-clicking browser or a retrying client takes. Each one authenticates the token, loads the
 * attempt and the module, validates and scores the answers on the server and compares them with the
 * stored submission; nothing is written, so the load can repeat without using up attempts.
 */
@Tag("bench")
class QuizSubmitBenchmark {

  private static final String ANSWERS = new JsonObject().put("answers", new JsonArray()
      .add(new JsonObject().put("question", "q1").put("options", new JsonArray().add("b")))
      .add(new JsonObject().put("question", "q2").put("options", new JsonArray().add("a")))
      .add(new JsonObject().put("question", "q3").put("text", "eighteen"))
      .add(new JsonObject().put("question", "q4").put("options", new JsonArray().add("a")))
      .add(new JsonObject().put("question", "q5").put("options", new JsonArray().add("b")))).encode();

  @Test
  void idempotentQuizSubmitAgainstStaticFile(@TempDir Path data, @TempDir Path curriculum, @TempDir Path scripts)
      throws Exception {
    Assumptions.assumeTrue(Wrk.installed(), "wrk is not installed (Debian: apt-get install wrk)");
    TrainingFixtures.copyCurriculum(curriculum);
    try (PlatformProcess platform = PlatformProcess.start(PlatformProcess.distributionHome(), data,
        Map.of("QUOTIENT_PLUGIN_TRAINING_CURRICULUM_DIR", curriculum.toString()))) {
      String token = platform.token("rep1@acme.example");
      HttpResponse<String> started = platform.json("POST", "/api/training/modules/follow-up/attempts", token, null);
      assertEquals(201, started.statusCode(), started.body());
      String attempt = new JsonObject(started.body()).getString("attemptId");
      String path = "/api/training/attempts/" + attempt + "/submit";
      HttpResponse<String> first = platform.json("POST", path, token, ANSWERS);
      assertEquals(200, first.statusCode(), first.body());
      assertEquals(first.body(), platform.json("POST", path, token, ANSWERS).body(), "a repeat is idempotent");

      Path submit = scripts.resolve("submit.lua");
      Files.writeString(submit, "wrk.method = \"POST\"\n"
          + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
          + "wrk.headers[\"Authorization\"] = \"Bearer " + token + "\"\n"
          + "wrk.body = '" + ANSWERS + "'\n");
      Path get = scripts.resolve("get.lua");
      Files.writeString(get, "wrk.headers[\"Authorization\"] = \"Bearer " + token + "\"\n");

      wrk(platform.uri(path), submit, Wrk.WARM_UP);
      wrk(platform.uri("/static/quotient.css"), get, Wrk.WARM_UP);
      Wrk submits = wrk(platform.uri(path), submit, "10s");
      Wrk me = wrk(platform.uri("/api/me"), get, "10s");
      Wrk statics = wrk(platform.uri("/static/quotient.css"), get, "10s");
      assertEquals(first.body(), platform.json("POST", path, token, ANSWERS).body(), "still the same result");

      BenchResults results = new BenchResults("QuizSubmitBenchmark");
      results.line("wrk -t2 -c64 -d10s --latency, bearer token, platform %s; every submit repeats one submitted attempt",
          PlatformProcess.MAX_HEAP);
      results.line("submit POST %-36s %8.0f req/s  p99 %7.2f ms", "/api/training/attempts/{id}/submit",
          submits.requestsPerSecond(), submits.p99Millis());
      results.line("api    GET  %-36s %8.0f req/s  p99 %7.2f ms", "/api/me", me.requestsPerSecond(), me.p99Millis());
      results.line("static GET  %-36s %8.0f req/s  p99 %7.2f ms", "/static/quotient.css", statics.requestsPerSecond(),
          statics.p99Millis());
      results.line("ratio submit/static: req/s %.2f, p99 %.2f; submit/api-me: req/s %.2f",
          submits.requestsPerSecond() / statics.requestsPerSecond(), submits.p99Millis() / statics.p99Millis(),
          submits.requestsPerSecond() / me.requestsPerSecond());
      results.write();
    }
  }

  private static Wrk wrk(URI uri, Path script, String duration) throws IOException, InterruptedException {
    return Wrk.run(uri, duration, "-s", script.toString());
  }
}
