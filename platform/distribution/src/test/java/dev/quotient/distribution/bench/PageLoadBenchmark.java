package dev.quotient.distribution.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.PlatformProcess;
import dev.quotient.testkit.TestPlatform;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throughput and tail latency of the signed-in home page (session, CSRF token, data, Handlebars
 * render) against a static file of the same server, both driven by {@code wrk -t2 -c64 -d10s} with
 * the same session cookie in the same run. The static route is the anchor: the ratio is the cost of a
 * real page relative to the cheapest thing this server answers.
 */
@Tag("bench")
class PageLoadBenchmark {

  private static final String PAGE = "/";
  private static final String STATIC = "/static/quotient.css";
  private static final Pattern HIDDEN = Pattern.compile(
      "<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");
  @Test
  void signedInHomePageAgainstStaticFile(@TempDir Path data) throws Exception {
    Assumptions.assumeTrue(Wrk.installed(), "wrk is not installed (Debian: apt-get install wrk)");
    try (PlatformProcess platform = PlatformProcess.start(data)) {
      String cookie = signIn(platform, "leader@acme.example");

      HttpResponse<String> home = get(platform, PAGE, cookie);
      assertEquals(200, home.statusCode(), "the signed-in home page: " + home.body());
      assertTrue(home.body().contains("Lena Leader"), "the home page is the leader's");
      assertEquals(200, get(platform, STATIC, cookie).statusCode());

      // Warm-up (JIT, caches), not counted.
      wrk(platform.uri(PAGE), cookie, Wrk.WARM_UP);
      wrk(platform.uri(STATIC), cookie, Wrk.WARM_UP);
      Wrk page = wrk(platform.uri(PAGE), cookie, "10s");
      Wrk statics = wrk(platform.uri(STATIC), cookie, "10s");
      // Still signed in: every request above was the real page, not a redirect to the sign-in form.
      assertEquals(200, get(platform, PAGE, cookie).statusCode());

      BenchResults results = new BenchResults("PageLoadBenchmark");
      results.line("wrk -t2 -c64 -d10s --latency, same session cookie, platform %s", PlatformProcess.MAX_HEAP);
      results.line("page   %-22s %10.0f req/s  p99 %7.2f ms", PAGE, page.requestsPerSecond(), page.p99Millis());
      results.line("static %-22s %10.0f req/s  p99 %7.2f ms", STATIC, statics.requestsPerSecond(),
          statics.p99Millis());
      results.line("ratio page/static: req/s %.2f, p99 %.2f",
          page.requestsPerSecond() / statics.requestsPerSecond(), page.p99Millis() / statics.p99Millis());
      results.write();
    }
  }

  /** Signs in through the form like a browser: the form's CSRF field, then the session cookie. */
  private static String signIn(PlatformProcess platform, String email) throws Exception {
    CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies)
        .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> form = browser.send(HttpRequest.newBuilder(platform.uri("/signin")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, form.statusCode(), form.body());
    List<String> fields = new ArrayList<>();
    Matcher hidden = HIDDEN.matcher(form.body());
    while (hidden.find()) {
      fields.add(encode(hidden.group(1)) + "=" + encode(hidden.group(2)));
    }
    assertTrue(fields.stream().anyMatch(f -> f.startsWith("X-XSRF-TOKEN=")), "the form carries a CSRF token");
    fields.add("email=" + encode(email));
    fields.add("password=" + encode(TestPlatform.DEMO_PASSWORD));
    HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(platform.uri("/signin"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(String.join("&", fields))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(303, signedIn.statusCode(), signedIn.body());
    return cookies.getCookieStore().get(platform.uri("/")).stream()
        .map(c -> c.getName() + "=" + c.getValue())
        .collect(Collectors.joining("; "));
  }

  private static HttpResponse<String> get(PlatformProcess platform, String path, String cookie) {
    return platform.send(platform.request(path).header("Cookie", cookie).GET().build());
  }

  private static Wrk wrk(URI uri, String cookie, String duration) throws IOException, InterruptedException {
    return Wrk.run(uri, duration, "-H", "Cookie: " + cookie);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
