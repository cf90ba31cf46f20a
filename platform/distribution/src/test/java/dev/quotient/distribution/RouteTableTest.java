package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.server.web.RouteRegistry;
import dev.quotient.testkit.TestPlatform;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access table, checked route by route on the running distribution (platform and plugins):
 * nothing but a small public set answers anonymous callers, and the API is fully described by
 * the OpenAPI document it serves.
 */
class RouteTableTest {

  private static final String SOME_ID = "0123456789abcdef01234567";

  @TempDir
  static Path data;
  private static TestPlatform platform;
  private static List<RouteRegistry.Declared> routes;

  @BeforeAll
  static void start() {
    platform = TestPlatform.start(data);
    routes = platform.node().routes().declared();
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyRouteThatIsNotPublicRefusesAnonymousCallers() {
    List<RouteRegistry.Declared> protectedRoutes = routes.stream().filter(d -> !d.access().publicRoute()).toList();
    assertTrue(protectedRoutes.size() > 20, "the table covers platform and plugin routes: " + protectedRoutes);
    assertTrue(protectedRoutes.stream().anyMatch(d -> d.owner().equals("training")), "plugin routes are declared");
    return protectedRoutes.stream().map(d -> DynamicTest.dynamicTest(d.method() + " " + d.path() + " (" + d.access() + ")",
        () -> assertRefusesAnonymous(d)));
  }

  private static void assertRefusesAnonymous(RouteRegistry.Declared d) {
    String path = concrete(d.path());
    HttpRequest.Builder b = platform.request(path);
    if (d.method() == HttpMethod.GET) {
      b.GET();
    } else if (d.kind() == RouteRegistry.Kind.API) {
      b.header("Content-Type", "application/json").method(d.method().name(), HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/x-www-form-urlencoded")
          .method(d.method().name(), HttpRequest.BodyPublishers.ofString("name=x"));
    }
    HttpResponse<String> r = platform.send(b.build());
    String what = d.method() + " " + path + ": " + r.statusCode() + " " + r.body();
    if (d.kind() == RouteRegistry.Kind.API) {
      assertEquals(401, r.statusCode(), what);
      assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), what);
      assertTrue(r.headers().firstValue("WWW-Authenticate").isPresent(), what);
      assertEquals(401, new JsonObject(r.body()).getInteger("status"), what);
    } else if (d.method() == HttpMethod.GET) {
      assertEquals(303, r.statusCode(), what);
      assertEquals("/signin?next=" + URLEncoder.encode(path, StandardCharsets.UTF_8),
          r.headers().firstValue("Location").orElse(null), what);
    } else {
      assertTrue(r.statusCode() == 401 || r.statusCode() == 403, what);
    }
  }

  @Test
  void publicRoutesAreExactlyTheSmallExpectedSet() {
    Set<String> publicRoutes = routes.stream().filter(d -> d.access().publicRoute())
        .map(d -> d.method() + " " + d.path()).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(new TreeSet<>(Set.of(
        "GET /signin", "POST /signin",
        "GET /welcome/:token", "POST /welcome/:token",
        // the first start's one-time link, while no organisation exists (404 after)
        "GET /setup/:token", "POST /setup/:token",
        // the installation operator's API: no user; the handlers require the operator's token
        "GET /api/operator/organisations", "POST /api/operator/organisations",
        "POST /api/operator/backups",
        "POST /api/auth/token",
        "GET /health", "GET /health/live",
        "GET /api/openapi.json",
        "GET /static/*",
        // recognition: Open Badges verification, issuer profile, its public keys and its status list
        "GET /recognition/verify/:id", "GET /api/recognition/credentials/:id/verify",
        "GET /api/recognition/issuers/:orgId", "GET /api/recognition/issuers/:orgId/jwks",
        "GET /api/recognition/issuers/:orgId/status")), publicRoutes);
  }

  @Test
  void publicRoutesAnswerAnonymousCallers() {
    for (String path : List.of("/signin", "/health/live", "/api/openapi.json", "/static/quotient.css")) {
      HttpResponse<String> r = platform.get(path, null);
      assertEquals(200, r.statusCode(), path + ": " + r.body());
    }
  }

  @Test
  void metricsAreServedOnTheOperatorsPortOnly() throws Exception {
    assertEquals(404, platform.get("/metrics", null).statusCode(), "the public port serves no metrics");
    HttpResponse<String> metrics = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build().send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://127.0.0.1:" + platform.node().metricsPort() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, metrics.statusCode());
    for (String name : List.of("jvm_memory_used_bytes", "jvm_gc_max_data_size_bytes", "jvm_threads_live_threads",
        "quotient_store_commits_total", "quotient_store_file_bytes", "quotient_activities_recorded_total",
        "quotient_plugin_up{plugin=\"training\"} 1.0", "quotient_projection_behind{")) {
      assertTrue(metrics.body().contains(name), name + " missing from\n" + metrics.body());
    }
  }

  @Test
  void everyApiRouteIsDescribedByTheServedOpenApiDocument() {
    JsonObject paths = openApiPaths();
    List<String> missing = routes.stream()
        .filter(d -> d.kind() == RouteRegistry.Kind.API && d.path().startsWith("/api/"))
        .filter(d -> {
          JsonObject item = paths.getJsonObject(template(d.path()));
          return item == null || !item.containsKey(d.method().name().toLowerCase(Locale.ROOT));
        })
        .map(d -> d.method() + " " + d.path()).toList();
    assertEquals(List.of(), missing, "routes missing from /api/openapi.json");
  }

  @Test
  void everyOperationInTheOpenApiDocumentIsServed() {
    Set<String> declared = routes.stream().map(d -> d.method().name() + " " + template(d.path()))
        .collect(Collectors.toSet());
    JsonObject paths = openApiPaths();
    List<String> unserved = paths.fieldNames().stream()
        .flatMap(p -> paths.getJsonObject(p).fieldNames().stream()
            .filter(m -> Set.of("get", "put", "post", "delete", "patch").contains(m))
            .map(m -> m.toUpperCase(Locale.ROOT) + " " + p))
        .filter(op -> !declared.contains(op))
        .sorted().toList();
    assertEquals(List.of(), unserved, "operations described but not served");
  }

  @Test
  void unknownAddressesAnswer404() {
    HttpResponse<String> api = platform.get("/api/no-such-thing", null);
    assertEquals(404, api.statusCode(), api.body());
    assertTrue(api.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    HttpResponse<String> page = platform.get("/no-such-page", null);
    assertEquals(404, page.statusCode());
  }

  private static JsonObject openApiPaths() {
    HttpResponse<String> r = platform.get("/api/openapi.json", null);
    assertEquals(200, r.statusCode());
    JsonObject doc = new JsonObject(r.body());
    assertTrue(doc.getString("openapi", "").startsWith("3."), "an OpenAPI 3 document");
    JsonObject paths = doc.getJsonObject("paths");
    assertNotNull(paths);
    assertFalse(paths.isEmpty());
    return paths;
  }

  /** {@code /api/users/:id/roles} as OpenAPI writes it: {@code /api/users/{id}/roles}. */
  private static String template(String path) {
    return path.replaceAll(":([A-Za-z0-9_]+)", "{$1}");
  }

  /** A path that matches the route: ids are 24 hex digits, wildcards any segment. */
  private static String concrete(String path) {
    return path.replaceAll(":[A-Za-z0-9_]+", SOME_ID).replace("*", "x");
  }
}
