package dev.quotient.testkit;

import dev.quotient.server.Quotient;
import dev.quotient.server.config.QuotientConfig;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real platform node in this JVM for tests: embedded MongoDB in a temporary folder, the demo
 * organisation, a free port, and the plugin jars of the distribution (or a folder the test names).
 * Talk to it over real HTTP with {@link #send}.
 */
public final class TestPlatform implements AutoCloseable {

  /** Password of every demo user in tests. */
  public static final String DEMO_PASSWORD = "demo-password-1";

  private final Quotient node;
  private final HttpClient http = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private TestPlatform(Quotient node) {
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
    Map<String, String> env = new HashMap<>();
    env.put("QUOTIENT_HTTP_PORT", "0");
    env.put("QUOTIENT_DATA_DIR", dataDir.toString());
    env.put("QUOTIENT_PLUGINS_DIR", pluginsDir.toString());
    env.put("QUOTIENT_DEMO", "true");
    env.put("QUOTIENT_DEMO_PASSWORD", DEMO_PASSWORD);
    env.putAll(extraEnv);
    try {
      Quotient node = Quotient.start(QuotientConfig.from(env)).toCompletionStage().toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
      return new TestPlatform(node);
    } catch (Exception e) {
      throw new IllegalStateException("platform did not start", e);
    }
  }

  public Quotient node() {
    return node;
  }

  public int port() {
    return node.port();
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  /** A request builder for a path of this node. */
  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** GET with a bearer token (null for anonymous). */
  public HttpResponse<String> get(String path, String token) {
    HttpRequest.Builder b = request(path).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(b.build());
  }

  /** A JSON request with a bearer token (null for anonymous). */
  public HttpResponse<String> json(String method, String path, String token, String body) {
    HttpRequest.Builder b = request(path).method(method,
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    b.header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(b.build());
  }

  /** An API token for a demo user, through {@code POST /api/auth/token}. */
  public String token(String email) {
    HttpResponse<String> r = json("POST", "/api/auth/token", null,
        new JsonObject().put("email", email).put("password", DEMO_PASSWORD).encode());
    if (r.statusCode() != 201) {
      throw new IllegalStateException("no token for " + email + ": " + r.statusCode() + " " + r.body());
    }
    return new JsonObject(r.body()).getString("token");
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
