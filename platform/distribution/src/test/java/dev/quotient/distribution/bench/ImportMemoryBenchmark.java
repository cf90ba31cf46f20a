package dev.quotient.distribution.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory of concurrent CSV imports: {@value #CLIENTS} leaders at once each upload a large CRM export
 * (rows with a long note column the mapping ignores), check it and confirm it, then wait for the job.
 * The node runs as its own JVM with the production heap ({@value #HEAP}); its resident memory is sampled
 * every 100 ms. The anchor is the same node idle after start. Sizes: {@code -Dimport.rows} (default
 * 50,000 rows a file, about 11 MB), {@code -Dimport.clients}; {@code -Dimport.home} runs another
 * assembled distribution (an older build, to compare).
 */
@Tag("bench")
class ImportMemoryBenchmark {

  static final String HEAP = "-Xmx512m";
  static final int CLIENTS = 10;

  @Test
  void tenConcurrentLargeImports(@TempDir Path data) throws Exception {
    int rows = Integer.getInteger("import.rows", 50_000);
    int clients = Integer.getInteger("import.clients", CLIENTS);
    Path home = System.getProperty("import.home") != null ? Path.of(System.getProperty("import.home"))
        : PlatformProcess.distributionHome();
    try (PlatformProcess platform = PlatformProcess.start(home, data, Map.of(), List.of(HEAP))) {
      String leader = platform.token("leader@acme.example");
      List<Path> files = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        files.add(write(data.resolve("export-" + c + ".csv"), "c" + c, rows));
      }
      long fileBytes = Files.size(files.get(0));
      Thread.sleep(2_000);
      long idleKb = residentKb(platform.pid());

      AtomicLong peakKb = new AtomicLong(idleKb);
      AtomicBoolean sampling = new AtomicBoolean(true);
      Thread sampler = new Thread(() -> {
        while (sampling.get()) {
          peakKb.accumulateAndGet(residentKb(platform.pid()), Math::max);
          try {
            Thread.sleep(100);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      sampler.start();
      long began = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      List<Future<String>> outcomes = new ArrayList<>();
      for (Path file : files) {
        outcomes.add(pool.submit(() -> importFile(platform, leader, file)));
      }
      List<String> results = new ArrayList<>();
      for (Future<String> f : outcomes) {
        try {
          results.add(f.get());
        } catch (java.util.concurrent.ExecutionException e) {
          results.add("failed: " + e.getCause());
        }
      }
      pool.shutdown();
      double seconds = (System.nanoTime() - began) / 1e9;
      sampling.set(false);
      sampler.join();
      boolean alive = platform.isAlive();
      long hwmKb = peakResidentKb(platform.pid());

      long done = results.stream().filter("done"::equals).count();
      BenchResults out = new BenchResults("ImportMemoryBenchmark");
      out.line("%d concurrent imports of %d rows (%.1f MB each), node %s", clients, rows,
          fileBytes / 1048576.0, HEAP);
      out.line("resident idle (anchor)        %7d MB", idleKb / 1024);
      out.line("resident peak while importing %7d MB (VmHWM %d MB)", peakKb.get() / 1024, hwmKb / 1024);
      out.line("ratio peak/idle: %.2f", peakKb.get() / (double) Math.max(1, idleKb));
      out.line("imports done %d of %d in %.1f s, node alive: %s", done, clients, seconds, alive);
      results.stream().filter(r -> !"done".equals(r)).distinct().limit(3).forEach(r -> out.line("  %s", r));
      out.write();
      if (!alive || done != clients) {
        System.out.println(platform.logTail());
      }
      assertEquals(clients, done, String.join("\n", results));
    }
  }

  /** Upload, check with the guessed mapping, confirm, wait; returns the job's last state. */
  static String importFile(PlatformProcess platform, String token, Path file) throws Exception {
    HttpResponse<String> up = platform.send(platform.request("/api/activities/imports?name=export.csv")
        .timeout(Duration.ofMinutes(5)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofFile(file)).build());
    if (up.statusCode() != 201) {
      return "upload " + up.statusCode() + " " + up.body();
    }
    JsonObject uploaded = new JsonObject(up.body());
    String id = uploaded.getString("id");
    HttpResponse<String> checked = platform.send(post(platform, "/api/activities/imports/" + id + "/validation",
        token, new JsonObject().put("mapping", uploaded.getJsonObject("mapping")).encode()));
    if (checked.statusCode() != 200) {
      return "validation " + checked.statusCode() + " " + checked.body();
    }
    HttpResponse<String> confirmed = platform.send(post(platform, "/api/activities/imports/" + id + "/confirm",
        token, "{}"));
    if (confirmed.statusCode() != 202) {
      return "confirm " + confirmed.statusCode() + " " + confirmed.body();
    }
    Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
    while (Instant.now().isBefore(deadline)) {
      HttpResponse<String> job = platform.get("/api/activities/imports/" + id + "/job", token);
      String state = job.statusCode() == 200 ? new JsonObject(job.body()).getString("state") : "http " + job.statusCode();
      if (!"running".equals(state) && !"queued".equals(state)) {
        return state;
      }
      Thread.sleep(500);
    }
    return "timed out";
  }

  static HttpRequest post(PlatformProcess platform, String path, String token, String body) {
    return platform.request(path).timeout(Duration.ofMinutes(10)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  /** A CRM export of {@code rows} calls by the demo reps, each with a note of about 200 characters. */
  static Path write(Path file, String prefix, int rows) throws IOException {
    String note = "Follow-up on the quarterly review; asked about volume pricing, integration timelines and the "
        + "onboarding plan for the new regional team; send the proposal draft before Friday";
    Instant base = Instant.parse("2026-01-05T08:00:00Z");
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("Activity ID,Rep e-mail,Type,Date,Note\n");
      for (int i = 0; i < rows; i++) {
        w.write(prefix + "-" + i + ",rep" + (1 + i % 3) + "@acme.example,Call,"
            + base.plusSeconds(37L * i) + ",\"" + note + " #" + i + "\"\n");
      }
    }
    return file;
  }

  static long residentKb(long pid) {
    return status(pid, "VmRSS:");
  }

  static long peakResidentKb(long pid) {
    return status(pid, "VmHWM:");
  }

  private static long status(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or the process is gone
    }
    return 0;
  }
}
