package dev.quotient.testkit;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Real HTTP to one platform node, whether it runs in the test's JVM ({@link TestPlatform}) or in
 * a process of its own ({@link PlatformProcess}). Redirects are not followed, so tests see them.
 */
public abstract class PlatformClient {

  /** Password of every demo user in tests. */
  public static final String DEMO_PASSWORD = "demo-password-1";

  private final HttpClient http;

  protected PlatformClient(HttpClient.Version version) {
    this.http = HttpClient.newBuilder()
        .version(version)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /** The node's HTTP port. */
  public abstract int port();

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  /** The client shared by callers of this node. */
  public HttpClient client() {
    return http;
  }

  /** A request builder for a path of this node. */
  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
  public HttpRequest jsonRequest(String method, String path, String token, String body) {
    HttpRequest.Builder b = request(path).method(method,
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    b.header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b.build();
  }

  public HttpResponse<String> json(String method, String path, String token, String body) {
    return send(jsonRequest(method, path, token, body));
  }

  /** Every activity of the person in the log, oldest first, through the API's cursor pages (a leader's or admin's token). */
  public java.util.List<JsonObject> activities(String userId, String token) {
    java.util.List<JsonObject> out = new java.util.ArrayList<>();
    String cursor = null;
    do {
      HttpResponse<String> page = get("/api/activities?limit=200&user=" + userId
          + (cursor == null ? "" : "&cursor=" + cursor), token);
      if (page.statusCode() != 200) {
        throw new IllegalStateException("activities of " + userId + ": " + page.statusCode() + " " + page.body());
      }
      JsonObject body = new JsonObject(page.body());
      body.getJsonArray("activities").forEach(o -> out.add((JsonObject) o));
      cursor = body.getString("next");
    } while (cursor != null);
    return out;
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

  /**
   * Waits until every projection of the node ({@code GET /api/plugins}, a leader's or admin's token) is
   * ready and none has moved for {@code quiet}: everything stored has been folded.
   *
   * @throws AssertionError when they do not settle within {@code timeout}
   */
  public void awaitProjectionsSettled(String token, Duration quiet, Duration timeout) throws InterruptedException {
    String last = null;
    long stableSince = System.nanoTime();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      StringBuilder state = new StringBuilder();
      boolean ready = true;
      for (Object p : new io.vertx.core.json.JsonArray(get("/api/plugins", token).body())) {
        for (Object q : ((JsonObject) p).getJsonArray("projections", new io.vertx.core.json.JsonArray())) {
          JsonObject projection = (JsonObject) q;
          ready &= projection.getBoolean("ready");
          state.append(projection.getString("name")).append(projection.getLong("activityPosition")).append('/')
              .append(projection.getLong("pointsPosition")).append(' ');
        }
      }
      String now = ready + " " + state;
      if (!now.equals(last)) {
        last = now;
        stableSince = System.nanoTime();
      } else if (ready && System.nanoTime() - stableSince > quiet.toNanos()) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("projections did not settle: " + last);
  }
}
