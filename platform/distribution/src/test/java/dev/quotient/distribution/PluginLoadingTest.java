package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.distribution.fixtures.CrashingPagePlugin;
import dev.quotient.distribution.fixtures.FailedFuturePlugin;
import dev.quotient.distribution.fixtures.Chores;
import dev.quotient.distribution.fixtures.GoodPlugin;
import dev.quotient.distribution.fixtures.ThrowingStartPlugin;
import dev.quotient.testkit.PluginJarBuilder;
import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugins are loaded from real jars; one that fails to start is isolated (its routes answer 503,
 * readiness reports it as degraded, not down), a running one that throws fails that request only
 * until too many faults rest it for a moment, a jar that is not a plugin or repeats a taken id is
 * skipped and named, and every other plugin and the platform keep working.
 */
class PluginLoadingTest {

  private static final String GOOD = "good";
  private static final String THROWS_ON_START = "throws-on-start";
  private static final String FAILS_ON_START = "fails-on-start";
  private static final String CRASHES_LATER = "crashes-later";
  private static final String BROKEN_JAR = "broken.jar";
  private static final String DUPLICATE_JAR = "good-9.9.9.jar";

  @TempDir
  static Path folder;
  private static TestPlatform platform;
  private static String leader;

  @BeforeAll
  static void start() {
    Path plugins = folder.resolve("plugins");
    PluginJarBuilder.plugin(GOOD).version("1.2.3").description("A plugin that works")
        .extension(GoodPlugin.class).classes(dev.quotient.distribution.fixtures.Ticks.class, Chores.class)
        .template("home", "<h1>{{t \"good.title\"}}</h1>\n<p class=\"greeting\">{{t \"good.text\" greeting}}</p>\n")
        .messages("en", Map.of("good.title", "Good plugin", "good.text", "It says: {0}"))
        .messages("pl", Map.of("good.title", "Dobra wtyczka", "good.text", "Mówi: {0}"))
        .buildInto(plugins);
    PluginJarBuilder.plugin(THROWS_ON_START).version("0.0.1").extension(ThrowingStartPlugin.class).buildInto(plugins);
    PluginJarBuilder.plugin(FAILS_ON_START).version("0.0.2").extension(FailedFuturePlugin.class)
        .classes(dev.quotient.distribution.fixtures.Ticks.class, Chores.class).buildInto(plugins);
    PluginJarBuilder.plugin(CRASHES_LATER).version("0.0.3").extension(CrashingPagePlugin.class).buildInto(plugins);
    // Not plugins the server can load: an empty jar, and a second jar with the good plugin's id.
    try {
      java.nio.file.Files.write(plugins.resolve(BROKEN_JAR), new byte[0]);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    PluginJarBuilder.plugin(GOOD).version("9.9.9").description("A copy with a taken id").extension(GoodPlugin.class)
        .buildInto(plugins);
    // one worker: the fixture's second piece of work waits in the queue behind the first
    platform = TestPlatform.start(folder.resolve("data"), plugins,
        Map.of("QUOTIENT_PLUGIN_FAILS-ON-START_WORKER_POOL_SIZE", "1"));
    leader = platform.token("leader@acme.example");
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void builtJarCarriesManifestClassesNestedClassesIndexAndResources() throws IOException {
    try (JarFile jar = new JarFile(folder.resolve("plugins").resolve("good-1.2.3.jar").toFile())) {
      var main = jar.getManifest().getMainAttributes();
      assertEquals(GOOD, main.getValue("Plugin-Id"));
      assertEquals("1.2.3", main.getValue("Plugin-Version"));
      assertEquals("A plugin that works", main.getValue("Plugin-Description"));
      assertEquals("*", main.getValue("Plugin-Requires"));
      assertNotNull(jar.getEntry("dev/quotient/distribution/fixtures/GoodPlugin.class"));
      assertNotNull(jar.getEntry("dev/quotient/distribution/fixtures/GoodPlugin$Greeting.class"),
          "nested classes travel with their outer class");
      assertNull(jar.getEntry("dev/quotient/distribution/fixtures/CrashingPagePlugin.class"),
          "only the classes asked for");
      String index = new String(jar.getInputStream(jar.getEntry("META-INF/extensions.idx")).readAllBytes());
      assertTrue(index.lines().anyMatch(GoodPlugin.class.getName()::equals), index);
      assertNotNull(jar.getEntry("templates/good/home.hbs"));
      assertNotNull(jar.getEntry("i18n/good/messages_en.properties"));
      assertNotNull(jar.getEntry("i18n/good/messages_pl.properties"));
    }
  }

  @Test
  void pluginTemplatesAreCompiledBeforeTheNodeListens() {
    // The good plugin's one template; the others have none. Compiled at its first view before, which made
    // a plugin's first page five times as slow as the next.
    io.vertx.core.Future<Integer> warmed = platform.node().plugins().templatesWarmed();
    assertTrue(warmed.isComplete(), "listening waits for the plugins' templates");
    assertEquals(1, warmed.result());
  }

  @Test
  void healthStaysUpAndNamesThePluginsThatAreNotRunningAsDegraded() {
    HttpResponse<String> r = platform.get("/health", null);
    assertEquals(200, r.statusCode(), "a node that serves all but some plugins is not down: " + r.body());
    JsonObject health = new JsonObject(r.body());
    assertEquals("UP", health.getString("status"));
    String failed = health.encode();
    assertTrue(failed.contains("\"degraded\":true"), failed);
    assertTrue(failed.contains(THROWS_ON_START) && failed.contains(FAILS_ON_START) && failed.contains(BROKEN_JAR)
        && failed.contains(DUPLICATE_JAR), failed);
    assertFalse(failed.contains(GOOD + ": "), "the good plugin is not reported as failed: " + failed);
  }

  @Test
  void pluginListShowsVersionStateAndTheCauseOfEachFailure() {
    Map<String, JsonObject> plugins = plugins();
    assertEquals(List.of(BROKEN_JAR, CRASHES_LATER, FAILS_ON_START, GOOD, DUPLICATE_JAR, THROWS_ON_START),
        plugins.keySet().stream().sorted().toList());
    assertEquals("SKIPPED", plugins.get(BROKEN_JAR).getString("state"));
    assertTrue(plugins.get(BROKEN_JAR).getString("error", "").length() > 0, plugins.get(BROKEN_JAR).encode());
    assertEquals("SKIPPED", plugins.get(DUPLICATE_JAR).getString("state"));
    assertTrue(plugins.get(DUPLICATE_JAR).getString("error", "").contains(GOOD), plugins.get(DUPLICATE_JAR).encode());

    JsonObject good = plugins.get(GOOD);
    assertEquals("1.2.3", good.getString("version"));
    assertEquals("A plugin that works", good.getString("description"));
    assertEquals("STARTED", good.getString("state"));
    assertNull(good.getString("error"));

    JsonObject throwing = plugins.get(THROWS_ON_START);
    assertEquals("0.0.1", throwing.getString("version"));
    assertEquals("FAILED", throwing.getString("state"));
    assertTrue(throwing.getString("error", "").contains(ThrowingStartPlugin.CAUSE), throwing.encode());

    JsonObject failing = plugins.get(FAILS_ON_START);
    assertEquals("0.0.2", failing.getString("version"));
    assertEquals("FAILED", failing.getString("state"));
    assertTrue(failing.getString("error", "").contains(FailedFuturePlugin.CAUSE), failing.encode());

    assertEquals("0.0.3", plugins.get(CRASHES_LATER).getString("version"));
  }

  @Test
  void aFailedPluginsTimersStopWithItWhileARunningOnesGoOn() throws InterruptedException {
    long good = dev.quotient.distribution.fixtures.Ticks.of(GOOD);
    long failed = dev.quotient.distribution.fixtures.Ticks.of(FAILS_ON_START);
    Thread.sleep(20 * dev.quotient.distribution.fixtures.Ticks.EVERY_MILLIS);
    assertTrue(dev.quotient.distribution.fixtures.Ticks.of(GOOD) > good, "the running plugin's timer ticks");
    assertEquals(failed, dev.quotient.distribution.fixtures.Ticks.of(FAILS_ON_START),
        "a plugin that failed to start has no timer left running");
  }

  @Test
  void blockingWorkRunsOnThePluginsOwnPoolAndStopsWithIt() throws InterruptedException {
    String quick = await(() -> Chores.of(GOOD, "quick"));
    assertTrue(quick.startsWith("ran on quotient-plugin-" + GOOD), quick);

    // the failed plugin's running work was interrupted, its queued work never started, and both
    // futures failed saying why
    assertEquals("yes", await(() -> Chores.of(FAILS_ON_START, "slow.interrupted")));
    String slow = await(() -> Chores.of(FAILS_ON_START, "slow"));
    assertTrue(slow.startsWith("failed: ") && slow.contains("stopped"), slow);
    String queued = await(() -> Chores.of(FAILS_ON_START, "queued"));
    assertTrue(queued.startsWith("failed: ") && queued.contains("stopped"), queued);
    assertNull(Chores.of(FAILS_ON_START, "queued.started"), "queued work of a failed plugin never starts");
  }

  /** The supplier's first non-null answer within ten seconds. */
  private static String await(java.util.function.Supplier<String> value) throws InterruptedException {
    long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < until) {
      String v = value.get();
      if (v != null) {
        return v;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("nothing recorded within ten seconds");
  }

  @Test
  void failedPluginsAnswer503OnEveryPathTheyOwn() {
    for (String id : List.of(THROWS_ON_START, FAILS_ON_START)) {
      for (String path : List.of("/" + id, "/" + id + "/", "/" + id + "/anything", "/api/" + id + "/x")) {
        HttpResponse<String> r = platform.get(path, leader);
        assertEquals(503, r.statusCode(), path + ": " + r.body());
        assertTrue(r.body().contains(id), "the answer names the plugin: " + path + " " + r.body());
      }
      // Anonymous callers get the same answer: the plugin is down, whoever asks.
      assertEquals(503, platform.get("/api/" + id + "/x", null).statusCode());
    }
  }

  @Test
  void goodPluginPageAndApiWorkBesideFailedPlugins() {
    HttpResponse<String> page = english("/" + GOOD, leader);
    assertEquals(200, page.statusCode(), page.body());
    assertTrue(page.body().contains("<h1>Good plugin</h1>"), page.body());
    assertTrue(page.body().contains("It says: hello from good"), page.body());
    assertTrue(page.body().contains("href=\"/good\""), "running plugins are in the navigation");
    assertFalse(page.body().contains("href=\"/" + THROWS_ON_START + "\""), "failed plugins are not");

    HttpResponse<String> polish = platform.send(platform.request("/" + GOOD)
        .header("Authorization", "Bearer " + leader).header("Accept-Language", "pl").GET().build());
    assertTrue(polish.body().contains("<h1>Dobra wtyczka</h1>"), polish.body());

    HttpResponse<String> api = platform.get("/api/" + GOOD + "/status", leader);
    assertEquals(200, api.statusCode(), api.body());
    assertEquals(true, new JsonObject(api.body()).getBoolean("ok"));
  }

  @Test
  void aThrowingPageCostsThatRequestAndTooManyRestThePluginForAMoment() throws InterruptedException {
    assertEquals("STARTED", plugins().get(CRASHES_LATER).getString("state"));
    assertEquals(200, platform.get("/" + CRASHES_LATER + "/calm", leader).statusCode());

    HttpResponse<String> crash = platform.send(platform.request("/" + CRASHES_LATER)
        .header("Authorization", "Bearer " + leader).header("Accept", "application/json").GET().build());
    assertEquals(500, crash.statusCode(), crash.body());
    assertFalse(crash.body().contains(CrashingPagePlugin.CAUSE), "internals are not shown to users");
    String requestId = new JsonObject(crash.body()).getString("requestId");
    assertTrue(requestId != null && !requestId.isEmpty() && crash.body().contains("(" + requestId + ")"),
        "the answer carries the id the log has: " + crash.body());
    assertEquals("STARTED", plugins().get(CRASHES_LATER).getString("state"), "one fault is not the plugin's death");
    assertEquals(200, platform.get("/" + CRASHES_LATER + "/calm", leader).statusCode(), "its healthy routes serve");

    // Faults in a row open the breaker: every route rests, with Retry-After, then serves again.
    for (int i = 1; i < 10; i++) {
      platform.get("/" + CRASHES_LATER, leader);
    }
    HttpResponse<String> resting = platform.get("/" + CRASHES_LATER + "/calm", leader);
    assertEquals(503, resting.statusCode(), resting.body());
    long retry = Long.parseLong(resting.headers().firstValue("Retry-After").orElse("0"));
    assertTrue(retry >= 1 && retry <= 10, "Retry-After " + retry);
    assertTrue(plugins().get(CRASHES_LATER).getString("breakerOpenUntil") != null, "shown on the plugin list");
    String page = new Browser(platform).signedIn("admin@acme.example").get("/admin/plugins").body();
    assertTrue(page.contains("data-state=\"SKIPPED\"") && (page.contains("Resting after too many faults")
        || page.contains("Odpoczywa po zbyt wielu")), page);
    assertEquals(200, platform.get("/" + GOOD, leader).statusCode(), "other plugins serve");
    Thread.sleep(retry * 1000 + 200);
    assertEquals(200, platform.get("/" + CRASHES_LATER + "/calm", leader).statusCode(), "and it serves again");

    assertEquals(200, platform.get("/", leader).statusCode());
    assertEquals(200, platform.get("/api/me", leader).statusCode());
    assertEquals("STARTED", plugins().get(GOOD).getString("state"));
  }

  @Test
  void distributionPluginsLoadFromTheirJarsAndEachHomeRendersForThoseItIsFor(@TempDir Path data) {
    Map<String, String> titles = Map.of("training", "Training", "mentoring", "Mentoring",
        "leaderboards", "Leaderboards", "recognition", "Recognition", "development", "Development plans",
        "needs", "Training needs", "hiring", "Hiring");
    // The page's heading where it says more than its title.
    Map<String, String> headings = Map.of("development", "Development plans and PIPs");
    try (TestPlatform distribution = TestPlatform.start(data)) {
      String admin = distribution.token("admin@acme.example");
      HttpResponse<String> list = distribution.get("/api/plugins", admin);
      assertEquals(200, list.statusCode(), list.body());
      Map<String, JsonObject> plugins = byId(new JsonArray(list.body()));
      assertEquals(titles.keySet(), plugins.keySet());
      String rep = distribution.token("rep1@acme.example");
      // Hiring is for leaders and interviewers: its home answers them, and reps neither see nor open it.
      String leader = distribution.token("leader@acme.example");
      assertEquals(403, distribution.get("/hiring", rep).statusCode());
      assertAll(titles.entrySet().stream().map(e -> () -> {
        JsonObject status = plugins.get(e.getKey());
        assertEquals("STARTED", status.getString("state"), status.encode());
        assertEquals("0.1.0-SNAPSHOT", status.getString("version"));
        HttpResponse<String> page = distribution.send(distribution.request("/" + e.getKey())
            .header("Authorization", "Bearer " + ("hiring".equals(e.getKey()) ? leader : rep))
            .header("Accept-Language", "en").GET().build());
        assertEquals(200, page.statusCode(), e.getKey() + ": " + page.body());
        assertTrue(page.body().contains("<h1>" + headings.getOrDefault(e.getKey(), e.getValue()) + "</h1>"), page.body());
        assertTrue(page.body().contains("<title>" + e.getValue() + " · Quotient</title>"), page.body());
      }));
    }
  }

  private static HttpResponse<String> english(String path, String token) {
    return platform.send(platform.request(path).header("Authorization", "Bearer " + token)
        .header("Accept-Language", "en").GET().build());
  }

  private static Map<String, JsonObject> plugins() {
    HttpResponse<String> r = platform.get("/api/plugins", leader);
    assertEquals(200, r.statusCode(), r.body());
    return byId(new JsonArray(r.body()));
  }

  private static Map<String, JsonObject> byId(JsonArray list) {
    Map<String, JsonObject> byId = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      JsonObject p = list.getJsonObject(i);
      byId.put(p.getString("id"), p);
    }
    return byId;
  }
}
