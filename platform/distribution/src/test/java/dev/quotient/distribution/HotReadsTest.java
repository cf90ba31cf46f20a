package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.server.web.RouteRegistry;
import dev.quotient.testkit.TestPlatform;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reads come from memory or an index, never from a scan of a collection that grows with use: every
 * page and every parameterless API read, as each role opens them with the demo's history, leaves the
 * store's scan counts ({@code quotient_store_scans_total}, the operator's metric) of the growing
 * collections where they were. Before the embedded store kept its non-unique indexes, a rep's points
 * page read the whole ledger and the activity list the whole log.
 */
class HotReadsTest {

  private static final List<String> PEOPLE = List.of("leader", "admin", "trainer", "mentor1", "rep1");
  private static final Pattern SCANS = Pattern.compile("^quotient_store_scans_total\\{collection=\"([^\"]+)\"[^}]*} (\\S+)$",
      Pattern.MULTILINE);

  @TempDir
  static Path data;
  private static TestPlatform platform;

  @BeforeAll
  static void start() throws Exception {
    platform = TestPlatform.start(data, TestPlatform.distributionPlugins(), Map.of("QUOTIENT_DEMO_HISTORY_DAYS", "14"));
    platform.node().demoHistory().toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void pagesAndApiReadsScanNoGrowingCollection() throws Exception {
    String rep1 = new dev.quotient.server.account.AccountStore(platform.node().database())
        .userByEmail("rep1@acme.example").orElseThrow().id();
    List<String> paths = new ArrayList<>(platform.node().routes().declared().stream()
        .filter(d -> d.method() == HttpMethod.GET && !d.path().contains(":") && !d.path().contains("*")
            && !d.path().endsWith(".js") && !d.path().endsWith(".css") && !d.path().contains("/stream")
            && !d.path().contains("/export") && !d.path().contains("/backups"))
        .map(RouteRegistry.Declared::path).distinct().sorted().toList());
    paths.addAll(List.of("/development/kpis/" + rep1, "/points?user=" + rep1, "/mentoring/profile/" + rep1,
        "/api/activities?user=" + rep1, "/api/points?user=" + rep1));
    // an older page of a rep's points, as its link gives it: a walk of the index from the page's last entry
    String firstPage = platform.get("/points?user=" + rep1, platform.token("leader@acme.example")).body();
    Matcher older = Pattern.compile("href=\"(/points\\?user[^\"]*before[^\"]+)\" rel=\"next\"").matcher(firstPage);
    assertTrue(older.find(), "two weeks of a rep's points fill more than a page");
    paths.add(older.group(1).replace("&#x3D;", "=").replace("&amp;", "&"));
    // every page once before: what a first read builds (a cache, a projection's view) is not what is measured
    int answered = walk(paths);
    Map<String, Long> before = scans();
    int again = walk(paths);
    Map<String, Long> after = scans();
    assertEquals(answered, again);
    assertTrue(answered > 150, "reads answered: " + answered);

    Map<String, Long> grew = new TreeMap<>();
    after.forEach((c, n) -> {
      long d = n - before.getOrDefault(c, 0L);
      if (d > 0) {
        grew.put(c, d);
      }
    });
    System.out.println("scans during the walk: " + grew);
    assertTrue(grew.isEmpty(), "collections read whole by " + again + " page and API reads: " + grew);
  }

  private static int walk(List<String> paths) throws Exception {
    int answered = 0;
    for (String who : PEOPLE) {
      String token = platform.token(who + "@acme.example");
      for (String path : paths) {
        HttpResponse<String> r = platform.send(platform.request(path).header("Authorization", "Bearer " + token)
            .GET().build());
        if (r.statusCode() == 200) {
          answered++;
        }
      }
    }
    return answered;
  }

  /** The store's scan counts as the operator's metrics endpoint serves them. */
  private static Map<String, Long> scans() throws Exception {
    // new collections are added to the metrics every five seconds
    Thread.sleep(5_500);
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + platform.node().metricsPort() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    Map<String, Long> out = new TreeMap<>();
    Matcher m = SCANS.matcher(r.body());
    while (m.find()) {
      out.put(m.group(1), (long) Double.parseDouble(m.group(2)));
    }
    return out;
  }
}
