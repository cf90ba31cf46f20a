package dev.quotient.distribution.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.PlatformProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command as a new user meets it: the assembled distribution in its own JVM with
 * {@code -Xmx512m}, the demo organisation and 120 days of demo history, which is recorded after the node
 * starts listening. From the first {@code /health} 200, a leader's {@code GET /api/plugins} and
 * {@code GET /} every 250 ms until the history is recorded; the anchor is the same server's static
 * stylesheet, probed at the same moments. Reports each one's p50, p99 and slowest, the first probes, and
 * the WARN and ERROR lines the start logged.
 */
@Tag("bench")
class StartUnderHistoryBenchmark {

  private static final Pattern WARN_OR_ERROR = Pattern.compile("\"level\":\"(WARN|ERROR)\"");
  private static final Duration HISTORY_TIMEOUT = Duration.ofMinutes(3);

  @Test
  void pagesAnswerWhileTheDemoHistoryIsRecorded(@TempDir Path data) throws Exception {
    try (PlatformProcess platform = PlatformProcess.start(PlatformProcess.distributionHome(), data,
        Map.of("QUOTIENT_DEMO_HISTORY_DAYS", "120"), List.of("-Xmx512m"))) {
      long healthy = System.nanoTime();
      String token = platform.token("leader@acme.example");
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      List<String> probes = new ArrayList<>();
      List<Double> pages = new ArrayList<>();
      List<Double> statics = new ArrayList<>();
      long deadline = System.nanoTime() + HISTORY_TIMEOUT.toNanos();
      while (!Files.readString(platform.log()).contains("demo history:")) {
        assertTrue(System.nanoTime() < deadline, "the demo history was not recorded within " + HISTORY_TIMEOUT);
        for (String path : List.of("/api/plugins", "/")) {
          double ms = probe(client, platform, path, token);
          pages.add(ms);
          probes.add(String.format("%s %.0f ms", path, ms));
        }
        statics.add(probe(client, platform, "/static/quotient.css", null));
        Thread.sleep(250);
      }
      double recorded = (System.nanoTime() - healthy) / 1e9;
      long warnings = Files.readAllLines(platform.log()).stream().filter(l -> WARN_OR_ERROR.matcher(l).find()).count();

      BenchResults results = new BenchResults("StartUnderHistoryBenchmark");
      results.line("README run command, 120 days of demo history, -Xmx512m: /health 200 after %.1f s, history recorded"
          + " %.1f s later", platform.startupTime().toMillis() / 1000.0, recorded);
      results.line("leader's /api/plugins and / every 250 ms: %d probes, p50 %.1f ms, p99 %.1f ms, max %.1f ms",
          pages.size(), percentile(pages, 50), percentile(pages, 99), percentile(pages, 100));
      results.line("anchor, the static stylesheet at the same moments: %d probes, p50 %.1f ms, p99 %.1f ms, max %.1f ms",
          statics.size(), percentile(statics, 50), percentile(statics, 99), percentile(statics, 100));
      results.line("first probes: %s", probes.subList(0, Math.min(6, probes.size())));
      results.line("WARN or ERROR lines in the log: %d", warnings);
      results.write();
    }
  }

  /** One GET; the milliseconds to the whole answer (which must be a 200). */
  private static double probe(HttpClient client, PlatformProcess platform, String path, String token) throws Exception {
    HttpRequest.Builder get = HttpRequest.newBuilder(platform.uri(path)).timeout(Duration.ofSeconds(30)).GET();
    if (token != null) {
      get.header("Authorization", "Bearer " + token);
    }
    long began = System.nanoTime();
    HttpResponse<byte[]> r = client.send(get.build(), HttpResponse.BodyHandlers.ofByteArray());
    double ms = (System.nanoTime() - began) / 1e6;
    if (r.statusCode() != 200) {
      throw new AssertionError(path + " answered " + r.statusCode());
    }
    return ms;
  }

  /** The nearest-rank percentile ({@code 100}: the slowest). */
  private static double percentile(List<Double> values, int p) {
    List<Double> sorted = values.stream().sorted().toList();
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }
}
