package dev.quotient.testkit;

import dev.quotient.server.Quotient;
import dev.quotient.server.config.QuotientConfig;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real platform node in this JVM for tests: embedded MongoDB in a temporary folder, the demo
 * organisation, a free port, and the plugin jars of the distribution (or a folder the test names).
 * Talk to it over real HTTP with {@link #send}.
 */
public final class TestPlatform extends PlatformClient implements AutoCloseable {

  private final Quotient node;

  private TestPlatform(Quotient node) {
    super(HttpClient.Version.HTTP_2);
    this.node = node;
  }

  /** The plugins folder the distribution build assembled ({@code quotient.home} system property). */
  public static Path distributionPlugins() {
    String home = System.getProperty("quotient.home");
    if (home == null) {
      throw new IllegalStateException("system property quotient.home is not set (run through Maven)");
    }
    return Path.of(home, "plugins");
  }

  /** Starts with the distribution's plugins. */
  public static TestPlatform start(Path dataDir) {
    return start(dataDir, distributionPlugins(), Map.of());
  }

  /** Starts with the given plugins folder and extra environment entries. */
  public static TestPlatform start(Path dataDir, Path pluginsDir, Map<String, String> extraEnv) {
    return start(dataDir, pluginsDir, extraEnv, Clock.systemUTC());
  }

  /** Starts with a clock the test controls (see {@link TestClock}). */
  public static TestPlatform start(Path dataDir, Path pluginsDir, Map<String, String> extraEnv, Clock clock) {
    Map<String, String> env = new HashMap<>();
    env.put("QUOTIENT_HTTP_PORT", "0");
    // several platforms may run at once: the metrics port too is any free one
    env.put("QUOTIENT_METRICS_PORT", "0");
    env.put("QUOTIENT_DATA_DIR", dataDir.toString());
    env.put("QUOTIENT_PLUGINS_DIR", pluginsDir.toString());
    env.put("QUOTIENT_DEMO", "true");
    env.put("QUOTIENT_DEMO_PASSWORD", DEMO_PASSWORD);
    env.putAll(extraEnv);
    try {
      Quotient node = Quotient.start(QuotientConfig.from(env), clock).toCompletionStage().toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
      return new TestPlatform(node);
    } catch (Exception e) {
      throw new IllegalStateException("platform did not start", e);
    }
  }

  public Quotient node() {
    return node;
  }

  @Override
  public int port() {
    return node.port();
  }

  @Override
  public void close() {
    try {
      node.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("platform did not stop", e);
    }
  }
}
