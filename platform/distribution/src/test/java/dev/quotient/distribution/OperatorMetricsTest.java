package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.quotient.testkit.PlatformProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The assembled server's metrics as Prometheus reads them, on the metrics port only: they pass
 * {@code promtool check metrics}; the alert rules shipped in {@code src/ops/prometheus} pass
 * {@code promtool check rules}; and every series the rules and the Grafana dashboard in
 * {@code src/ops/grafana} query is one the node serves.
 */
class OperatorMetricsTest {

  private static final Path OPS = Path.of("src/ops");
  private static final Pattern SERVED_ON = Pattern.compile("metrics on http:\\\\?/\\\\?/127\\.0\\.0\\.1:(\\d+)\\\\?/metrics");
  private static final Pattern SERIES = Pattern.compile("\\b((?:quotient|jvm|process|vertx)_[a-z_]+)");

  @Test
  void theOperatorsMetricsPassPromtoolAndCoverTheDashboardAndTheAlerts(@TempDir Path data) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")),
        "needs promtool (Debian: apt-get install prometheus; .ci/run installs it)");
    Path rules = OPS.resolve("prometheus/quotient-alerts.yml");
    Path dashboard = OPS.resolve("grafana/quotient-dashboard.json");
    String checked = run(List.of("promtool", "check", "rules", rules.toString()), null);
    assertTrue(checked.contains("SUCCESS"), checked);

    try (PlatformProcess platform = PlatformProcess.start(data)) {
      String leader = platform.token("leader@acme.example");
      String rep = new JsonObject(platform.get("/api/me", platform.token("rep1@acme.example")).body()).getString("id");
      JsonArray items = new JsonArray();
      for (int i = 0; i < 20; i++) {
        items.add(ActivityTest.activity("metrics-" + i, rep, "call", Instant.now().minusSeconds(600 + i).toString()));
      }
      assertEquals(201, platform.json("POST", "/api/activities/batch", leader,
          new JsonObject().put("activities", items).encode()).statusCode());
      assertEquals(404, platform.get("/metrics", null).statusCode(), "no metrics on the public port");

      Matcher m = SERVED_ON.matcher(Files.readString(platform.log()));
      if (!m.find()) {
        fail("the metrics port is not in the log: " + platform.logTail());
      }
      URI uri = URI.create("http://127.0.0.1:" + m.group(1) + "/metrics");
      // a collection, so that the collector's pause series exist as they do on any node that ran a while
      run(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(platform.pid()),
          "GC.run"), null);
      String scrape = "";
      for (int i = 0; i < 40 && !(scrape.contains("quotient_activities_recorded_total 20.0")
          && scrape.contains("quotient_projection_behind{")); i++) {
        Thread.sleep(250);
        scrape = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(uri).build(),
            HttpResponse.BodyHandlers.ofString()).body();
      }
      assertTrue(scrape.contains("quotient_activities_recorded_total 20.0"), scrape);
      String lint = run(List.of("promtool", "check", "metrics"), scrape);
      assertEquals("", lint.trim(), "promtool check metrics");

      Set<String> served = new TreeSet<>();
      for (String line : scrape.split("\n")) {
        if (!line.startsWith("#") && !line.isBlank()) {
          served.add(line.split("[{ ]")[0]);
        }
      }
      Set<String> queried = new TreeSet<>();
      collect(Files.readString(rules), queried);
      new JsonObject(Files.readString(dashboard)).getJsonArray("panels").forEach(p ->
          ((JsonObject) p).getJsonArray("targets").forEach(t -> collect(((JsonObject) t).getString("expr"), queried)));
      List<String> missing = queried.stream().filter(q -> !served.contains(q)).toList();
      assertEquals(List.of(), missing, "series the dashboard or the alerts query that the node does not serve");
      assertTrue(queried.size() >= 12, "the dashboard and the rules query the node's series: " + queried);
    }
  }

  private static void collect(String text, Set<String> into) {
    Matcher m = SERIES.matcher(text);
    while (m.find()) {
      into.add(m.group(1));
    }
  }

  /** Runs the command (with {@code input} on its standard input); its output and errors, failing on a non-zero exit. */
  private static String run(List<String> command, String input) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
    if (input == null) {
      pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }
    Process p = pb.start();
    if (input != null) {
      try (var in = p.getOutputStream()) {
        in.write(input.getBytes(StandardCharsets.UTF_8));
      }
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), command + ":\n" + out);
    return out;
  }
}
