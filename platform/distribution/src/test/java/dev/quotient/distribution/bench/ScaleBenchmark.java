package dev.quotient.distribution.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.PlatformProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform at a real organisation's size, as a user runs it: the assembled distribution in its own
 * JVM with {@code -Xmx512m}, {@value #DEFAULT_REPS} reps created over HTTP and a year of CRM history
 * (about 2 million activities at the default {@value #DEFAULT_PER_DAY} a rep and day) recorded through
 * {@code POST /api/activities/batch} by four clients, every plugin consuming. It reports the ingest
 * time, how long after the last acknowledgement every projection had folded everything, the resident
 * memory and the store file's size, the restart time to the first {@code /health} 200 and to every
 * projection ready, and then the pages on that data against a static file of the same server.
 *
 * <p>Smaller runs: {@code -Dscale.reps=50 -Dscale.days=90 -Dscale.perDay=10}.
 */
@Tag("bench")
class ScaleBenchmark {

  static final int DEFAULT_REPS = 500;
  static final int DEFAULT_PER_DAY = 11;
  private static final int REPS = Integer.getInteger("scale.reps", DEFAULT_REPS);
  private static final int DAYS = Integer.getInteger("scale.days", 365);
  private static final int PER_DAY = Integer.getInteger("scale.perDay", DEFAULT_PER_DAY);
  /** The platform's heap: 512 MB by default, as the run command sets; the heap guide asks more for a year. */
  private static final String HEAP = System.getProperty("scale.heap", "512m");
  /** A directory to keep the data in (the distribution can be started on it afterwards); a temporary one by default. */
  private static final String KEEP = System.getProperty("scale.data");
  private static final int CLIENTS = 4;
  private static final int BATCH = 1_000;
  private static final String STATIC = "/static/quotient.css";
  private static final String[] KINDS = {"call", "call", "email", "email", "follow-up", "meeting", "lead-received",
      "lead-responded", "opportunity-opened", "won", "lost"};

  @Test
  void aYearOfFiveHundredRepsThroughTheBatchApi(@TempDir Path data, @TempDir Path scripts) throws Exception {
    Assumptions.assumeTrue(Wrk.installed(), "wrk is not installed (run .ci/bench, or Debian: apt-get install wrk)");
    if (KEEP != null) {
      data = Path.of(KEEP);
    }
    try (PlatformProcess platform = PlatformProcess.start(PlatformProcess.distributionHome(), data, Map.of(),
        List.of("-Xmx" + HEAP))) {
      String admin = platform.token("admin@acme.example");
      long began = System.nanoTime();
      List<String> reps = createReps(platform, admin);
      double createSeconds = (System.nanoTime() - began) / 1e9;

      long ingestStarted = System.nanoTime();
      long total = ingest(platform, admin, reps);
      double ingestSeconds = (System.nanoTime() - ingestStarted) / 1e9;
      long acknowledged = System.nanoTime();
      platform.awaitProjectionsSettled(admin, java.time.Duration.ofSeconds(3), java.time.Duration.ofHours(1));
      // settled after three seconds without a change
      double foldedSeconds = (System.nanoTime() - acknowledged) / 1e9 - 3;
      long rss = rssKiB(platform.pid());
      long live = liveHeapKiB(platform.pid());
      // where the heap goes, beside the results: the classes holding the most live bytes
      long objects = classHistogram(platform.pid(), Path.of("target", "scale-histogram.txt"));
      long file = Files.size(data.resolve("quotient.mv"));
      String checkpoints = checkpointSizes(platform, admin);

      platform.stop();
      long restart = System.nanoTime();
      platform.restart();
      double healthSeconds = (System.nanoTime() - restart) / 1e9;
      admin = platform.token("admin@acme.example");
      platform.awaitProjectionsSettled(admin, java.time.Duration.ofSeconds(3), java.time.Duration.ofHours(1));
      double readySeconds = (System.nanoTime() - restart) / 1e9 - 3;

      String leader = platform.token("leader@acme.example");
      String rep = platform.token(email(0));
      Path leaderHeader = scripts.resolve("leader.lua");
      Files.writeString(leaderHeader, "wrk.headers[\"Authorization\"] = \"Bearer " + leader + "\"\n");
      Path repHeader = scripts.resolve("rep.lua");
      Files.writeString(repHeader, "wrk.headers[\"Authorization\"] = \"Bearer " + rep + "\"\n");
      Map<String, Path> pages = new java.util.LinkedHashMap<>();
      pages.put("/", leaderHeader);
      pages.put("/api/leaderboards/board?scope=individual&ladder=overall&period=week&top=10&around=2", repHeader);
      pages.put("/development/kpis/" + reps.get(0), leaderHeader);
      pages.put("/development/plans/" + PlanPageBenchmark.acceptedPlan(platform, leader, reps.get(0), rep), repHeader);
      pages.put("/development/team", leaderHeader);
      // a rep's own points page and activity list: a year of their ledger and log, read through indexes
      pages.put("/points", repHeader);
      pages.put("/api/activities?limit=50", repHeader);
      pages.put(STATIC, leaderHeader);
      Map<String, Wrk> measured = new java.util.LinkedHashMap<>();
      Map<String, String> refused = new java.util.LinkedHashMap<>();
      for (var p : pages.entrySet()) {
        assertEquals(200, platform.get(p.getKey(), p.getValue() == repHeader ? rep : leader).statusCode(), p.getKey());
        try {
          // a restarted JVM: long enough a warm-up that the page's code is compiled before it is timed
          Wrk.run(platform.uri(p.getKey()), "8s", "-s", p.getValue().toString());
          measured.put(p.getKey(), Wrk.run(platform.uri(p.getKey()), "10s", "-s", p.getValue().toString()));
        } catch (AssertionError e) {
          // a page that fails under 64 connections at this size is a figure too
          refused.put(p.getKey(), e.getMessage().lines().filter(l -> l.contains("Non-2xx") || l.contains("Socket errors")
              || l.contains("Requests/sec")).reduce("", (a, b) -> a + b.trim() + "; "));
        }
      }

      BenchResults results = new BenchResults("ScaleBenchmark");
      results.line("%d reps (created over HTTP in %.0f s), %d days, %d activities a rep and day: %,d activities through"
          + " POST /api/activities/batch (%d a request, %d clients), platform -Xmx%s", REPS, createSeconds, DAYS,
          PER_DAY, total, BATCH, CLIENTS, HEAP);
      results.line("ingest %.0f s (%,.0f activities/s); every projection folded everything %.1f s after the last"
          + " acknowledgement", ingestSeconds, total / ingestSeconds, foldedSeconds);
      results.line("resident memory %,d MiB, heap used after a full GC %,d MiB (live objects by the class histogram %,d"
          + " MiB), store file %,d MiB", rss / 1024, live / 1024, objects / 1024 / 1024, file / 1024 / 1024);
      results.line("checkpoints (state JSON, kB): %s", checkpoints);
      results.line("restart: /health 200 after %.1f s, every projection ready after %.1f s", healthSeconds,
          readySeconds);
      Wrk statics = measured.get(STATIC);
      refused.forEach((page, why) -> results.line("GET %-80s failed requests under 64 connections: %s", page, why));
      for (var m : measured.entrySet()) {
        results.line("GET %-80s %7.0f req/s  p99 %7.2f ms  (%.2f of the static rate, p99 %.2f of its p99)",
            m.getKey(), m.getValue().requestsPerSecond(), m.getValue().p99Millis(),
            m.getValue().requestsPerSecond() / statics.requestsPerSecond(), m.getValue().p99Millis() / statics.p99Millis());
      }
      results.write();
      // the platform's log beside the results: where its start after the restart spent its time
      Files.copy(platform.log(), Path.of("target", "scale-platform.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      assertTrue(total > 0);
    }
  }

  private static List<String> createReps(PlatformProcess platform, String admin) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<String>> created = new ArrayList<>();
      for (int i = 0; i < REPS; i++) {
        String body = new JsonObject().put("email", email(i)).put("name", String.format(Locale.ROOT, "Scale Rep %04d", i))
            .put("password", PlatformProcess.DEMO_PASSWORD).put("roles", new JsonArray().add("rep")).encode();
        created.add(pool.submit(() -> {
          HttpResponse<String> r = platform.json("POST", "/api/users", admin, body);
          assertEquals(201, r.statusCode(), r.body());
          return new JsonObject(r.body()).getString("id");
        }));
      }
      List<String> ids = new ArrayList<>();
      for (Future<String> f : created) {
        ids.add(f.get());
      }
      return ids;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Records the year, day by day (as a CRM export would arrive), four clients at a time; returns the count. */
  private static long ingest(PlatformProcess platform, String admin, List<String> reps) throws Exception {
    Instant first = Instant.now().minus(DAYS, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
    long perDay = (long) reps.size() * PER_DAY;
    long total = perDay * DAYS;
    long batches = (total + BATCH - 1) / BATCH;
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<?>> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        clients.add(pool.submit(() -> {
          for (long b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
            JsonArray items = new JsonArray();
            for (long n = b * BATCH; n < Math.min(total, (b + 1) * BATCH); n++) {
              items.add(activity(n, perDay, first, reps));
            }
            HttpResponse<String> r = platform.json("POST", "/api/activities/batch", admin,
                new JsonObject().put("activities", items).encode());
            if (r.statusCode() != 201) {
              // keep what the node logged: a refusal here is a finding
              Files.copy(platform.log(), Path.of("target", "scale-platform.log"),
                  java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            assertEquals(201, r.statusCode(), r.body());
          }
          return null;
        }));
      }
      for (Future<?> f : clients) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return total;
  }

  /** Activity number {@code n}: its day, rep and kind follow from the number, so a run is repeatable. */
  private static JsonObject activity(long n, long perDay, Instant first, List<String> reps) {
    long day = n / perDay;
    long inDay = n % perDay;
    int rep = (int) (inDay % reps.size());
    String kind = KINDS[(int) ((inDay / reps.size() + rep) % KINDS.length)];
    Instant at = first.plus(day, ChronoUnit.DAYS).plusSeconds(8 * 3600 + (inDay * 37) % (9 * 3600));
    JsonObject a = new JsonObject().put("id", "scale-" + n).put("userId", reps.get(rep)).put("kind", kind)
        .put("occurredAt", at.toString()).put("leadId", "L" + rep + "-" + day / 7);
    switch (kind) {
      case "call", "email", "follow-up", "meeting" -> a.put("minutes", 5 + (int) (n % 40));
      case "lead-responded" -> a.put("leadReceivedAt", at.minusSeconds(60 + n % 3_000).toString())
          .put("leadSource", n % 2 == 0 ? "web" : "referral");
      case "won" -> a.put("value", 1_000.0 + n % 9_000).put("opportunityId", "O" + rep + "-" + day / 14)
          .put("customerId", "C" + rep + "-" + day / 14);
      case "lost" -> a.put("value", 0.0).put("opportunityId", "O" + rep + "-" + day / 14);
      default -> { }
    }
    return a;
  }

  private static String email(int i) {
    return String.format(Locale.ROOT, "scale-rep-%04d@acme.example", i);
  }

  /** The heap in use after a full collection ({@code jcmd GC.run}, then {@code GC.heap_info}), in KiB. */
  private static long liveHeapKiB(long pid) throws Exception {
    Path jcmd = PlatformProcess.javaBinary().resolveSibling("jcmd");
    new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "GC.run").redirectErrorStream(true).start().waitFor();
    Process info = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "GC.heap_info").redirectErrorStream(true)
        .start();
    String out = new String(info.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    info.waitFor();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(out);
    return m.find() ? Long.parseLong(m.group(2)) : -1;
  }

  /** Each projection's last checkpoint size as the plugins API reports it, largest first. */
  private static String checkpointSizes(PlatformProcess platform, String admin) {
    Map<String, Long> sizes = new java.util.TreeMap<>();
    for (Object o : new JsonArray(platform.get("/api/plugins", admin).body())) {
      JsonObject plugin = (JsonObject) o;
      for (Object p : plugin.getJsonArray("projections", new JsonArray())) {
        JsonObject projection = (JsonObject) p;
        sizes.put(plugin.getString("id") + "." + projection.getString("name"), projection.getLong("checkpointChars", 0L));
      }
    }
    return sizes.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .map(e -> e.getKey() + " " + (e.getValue() / 1000)).reduce((a, b) -> a + ", " + b).orElse("none");
  }

  /** Writes the live objects' class histogram to {@code to}; returns their bytes (its total line). */
  private static long classHistogram(long pid, Path to) throws Exception {
    Path jcmd = PlatformProcess.javaBinary().resolveSibling("jcmd");
    new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "GC.class_histogram").redirectErrorStream(true)
        .redirectOutput(to.toFile()).start().waitFor();
    return Files.readAllLines(to).stream().filter(l -> l.startsWith("Total")).map(l -> l.trim().split("\\s+"))
        .mapToLong(f -> Long.parseLong(f[f.length - 1])).findFirst().orElse(-1);
  }

  private static long rssKiB(long pid) throws java.io.IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
