package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue of import jobs over real HTTP, on a node that runs one job at a time and lets one wait
 * ({@code QUOTIENT_IMPORT_JOBS=1}, {@code QUOTIENT_IMPORT_QUEUE=1}): the next job reports {@code queued}
 * with its position and then completes; one more is refused with a 503 problem and stores nothing.
 */
class ActivityImportQueueTest {

  @Test
  void jobsBeyondTheRunningOneWaitInOrderAndBeyondTheQueueAreRefused(@TempDir Path data) throws Exception {
    try (TestPlatform platform = TestPlatform.start(data, TestPlatform.distributionPlugins(),
        Map.of("QUOTIENT_IMPORT_JOBS", "1", "QUOTIENT_IMPORT_QUEUE", "1"))) {
      String leader = platform.token("leader@acme.example");
      String big = checked(platform, leader, rows("queue-big", 3_000));
      String second = checked(platform, leader, rows("queue-second", 50));
      String third = checked(platform, leader, rows("queue-third", 50));
      long before = stored(platform);

      JsonObject first = confirm(platform, leader, big);
      assertEquals(202, first.getInteger("status"), first.encode());
      assertEquals("running", first.getString("state"));

      JsonObject waiting = confirm(platform, leader, second);
      assertEquals(202, waiting.getInteger("status"), waiting.encode());
      assertEquals("queued", waiting.getString("state"), waiting.encode());
      assertEquals(1, waiting.getInteger("position"));
      JsonObject polled = job(platform, leader, second);
      assertEquals("queued", polled.getString("state"), "still waiting while the first runs: " + polled);
      assertEquals(1, polled.getInteger("position"));

      HttpResponse<String> refused = platform.json("POST", "/api/activities/imports/" + third + "/confirm", leader,
          "{}");
      assertEquals(503, refused.statusCode(), refused.body());
      assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
      assertTrue(refused.headers().firstValue("Retry-After").isPresent(), "Retry-After is set");
      JsonObject problem = new JsonObject(refused.body());
      assertEquals("urn:quotient:problem:error.import.busy", problem.getString("type"));
      assertEquals(503, problem.getInteger("status"));
      assertTrue(problem.getString("detail").length() > 10, problem.encode());
      assertEquals(404, platform.get("/api/activities/imports/" + third + "/job", leader).statusCode(),
          "the refused import has no job");

      JsonObject bigDone = finish(platform, leader, big);
      assertEquals(3_000, bigDone.getInteger("created"), bigDone.encode());
      JsonObject secondDone = finish(platform, leader, second);
      assertEquals(50, secondDone.getInteger("created"), secondDone.encode());
      assertEquals(before + 3_050, stored(platform));
      assertNull(platform.node().database().collection("activities")
          .find(new Document("clientId", "queue-third-0")).first(), "nothing of the refused import is stored");

      // With the queue free again, the refused import can be confirmed.
      JsonObject again = confirm(platform, leader, third);
      assertEquals(202, again.getInteger("status"), again.encode());
      assertEquals(50, finish(platform, leader, third).getInteger("created"));
    }
  }

  static String rows(String prefix, int n) {
    StringBuilder csv = new StringBuilder("Activity ID,Rep e-mail,Type,Date\n");
    Instant base = Instant.parse("2026-02-02T08:00:00Z");
    for (int i = 0; i < n; i++) {
      csv.append(prefix).append('-').append(i).append(",rep").append(1 + i % 3).append("@acme.example,Call,")
          .append(base.plusSeconds(41L * i)).append('\n');
    }
    return csv.toString();
  }

  /** Uploads and validates with the guessed mapping; returns the import's id. */
  static String checked(TestPlatform platform, String token, String csv) {
    HttpResponse<String> up = platform.send(platform.request("/api/activities/imports?name=export.csv")
        .timeout(Duration.ofMinutes(2)).header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
        .POST(HttpRequest.BodyPublishers.ofString(csv, StandardCharsets.UTF_8)).build());
    assertEquals(201, up.statusCode(), up.body());
    JsonObject uploaded = new JsonObject(up.body());
    HttpResponse<String> report = platform.send(platform.request("/api/activities/imports/"
        + uploaded.getString("id") + "/validation").timeout(Duration.ofMinutes(2))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("mapping", uploaded.getJsonObject("mapping"))
            .encode())).build());
    assertEquals(200, report.statusCode(), report.body());
    assertEquals(0, new JsonObject(report.body()).getInteger("bad"), report.body());
    return uploaded.getString("id");
  }

  /** The job's state as confirmation answers it, with the HTTP status as {@code status}. */
  static JsonObject confirm(TestPlatform platform, String token, String id) {
    HttpResponse<String> r = platform.json("POST", "/api/activities/imports/" + id + "/confirm", token, "{}");
    return new JsonObject(r.body()).put("status", r.statusCode());
  }

  static JsonObject job(TestPlatform platform, String token, String id) {
    HttpResponse<String> r = platform.get("/api/activities/imports/" + id + "/job", token);
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }

  /** Polls the job until it neither runs nor waits (two minutes at most); it must be done. */
  static JsonObject finish(TestPlatform platform, String token, String id) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    JsonObject job = job(platform, token, id);
    while (("running".equals(job.getString("state")) || "queued".equals(job.getString("state")))
        && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
      job = job(platform, token, id);
    }
    assertEquals("done", job.getString("state"), job.encode());
    assertEquals(job.getLong("total"), job.getLong("processed"));
    return job;
  }

  static long stored(TestPlatform platform) {
    return platform.node().database().collection("activities").countDocuments();
  }
}
