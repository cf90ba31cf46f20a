package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.PlatformProcess;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.Writer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CSV import at the row limit (100,000 rows, about 15 MB) through a node in its own JVM with a heap
 * of {@value #HEAP}, far less than the file as text, its rows as items and its errors would take: the
 * upload, the validation and the job stream the file and keep the first errors only, so it completes.
 * Every {@value #GOOD_EVERY}th row is good (the others name an unknown rep), so the job reads every row
 * and records a few thousand, in a time a test can wait for.
 */
class LargeActivityImportTest {

  static final String HEAP = "-Xmx96m";
  static final int ROWS = 100_000;
  static final int GOOD_EVERY = 25;
  static final int GOOD = ROWS / GOOD_EVERY;

  @Test
  void importsAHundredThousandRowsThroughASmallHeap(@TempDir Path data) throws Exception {
    Path csv = write(data.resolve("large.csv"), ROWS);
    long size = Files.size(csv);
    assertTrue(size > 12L * 1024 * 1024, "a large file: " + size);
    try (PlatformProcess platform = PlatformProcess.start(PlatformProcess.distributionHome(), data.resolve("node"),
        Map.of(), List.of(HEAP))) {
      String leader = platform.token("leader@acme.example");
      HttpResponse<String> up = platform.send(platform.request("/api/activities/imports?name=large.csv")
          .timeout(Duration.ofMinutes(3)).header("Authorization", "Bearer " + leader)
          .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofFile(csv)).build());
      assertEquals(201, up.statusCode(), up.body() + "\n" + platform.logTail());
      JsonObject uploaded = new JsonObject(up.body());
      assertEquals(ROWS, uploaded.getInteger("rows"));
      String id = uploaded.getString("id");

      HttpResponse<String> checked = platform.send(post(platform, "/api/activities/imports/" + id + "/validation",
          leader, new JsonObject().put("mapping", uploaded.getJsonObject("mapping")).encode()));
      assertEquals(200, checked.statusCode(), checked.body() + "\n" + platform.logTail());
      JsonObject report = new JsonObject(checked.body());
      assertEquals(ROWS, report.getInteger("rows"));
      assertEquals(GOOD, report.getInteger("good"), report.encode());
      assertEquals(ROWS - GOOD, report.getInteger("bad"));
      assertEquals(ROWS - GOOD, report.getInteger("errorCount"));
      assertEquals(1_000, report.getJsonArray("errors").size(), "the first errors only");

      HttpResponse<String> confirmed = platform.send(post(platform, "/api/activities/imports/" + id + "/confirm",
          leader, "{\"acceptBadRows\":true}"));
      assertEquals(202, confirmed.statusCode(), confirmed.body());
      Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
      JsonObject job = new JsonObject(confirmed.body());
      while (("running".equals(job.getString("state")) || "queued".equals(job.getString("state")))
          && Instant.now().isBefore(deadline)) {
        Thread.sleep(250);
        job = new JsonObject(platform.get("/api/activities/imports/" + id + "/job", leader).body());
      }
      assertEquals("done", job.getString("state"), job.encode() + "\n" + platform.logTail());
      assertEquals(GOOD, job.getInteger("created"), job.encode());
      assertEquals(GOOD, job.getInteger("processed"));
      assertTrue(platform.isAlive());
      assertTrue(!platform.logTail().contains("OutOfMemoryError"), platform.logTail());
      System.out.printf("import of %d rows (%.1f MB) through %s: peak resident %d MB%n", ROWS,
          size / 1048576.0, HEAP, LargeMaterialTest.peakResidentKb(platform.pid()) / 1024);
    }
  }

  static HttpRequest post(PlatformProcess platform, String path, String token, String body) {
    return platform.request(path).timeout(Duration.ofMinutes(3)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  /** Calls by the demo reps, each with a note the mapping ignores. */
  static Path write(Path file, int rows) throws IOException {
    Instant base = Instant.parse("2026-01-05T08:00:00Z");
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("Activity ID,Rep e-mail,Type,Date,Note\n");
      for (int i = 0; i < rows; i++) {
        String rep = i % GOOD_EVERY == 0 ? "rep" + (1 + i % 3) : "nobody" + i;
        w.write("large-" + i + "," + rep + "@acme.example,Call," + base.plusSeconds(29L * i)
            + ",\"Asked about volume pricing and the onboarding plan; proposal due Friday #" + i + "\"\n");
      }
    }
    return file;
  }
}
