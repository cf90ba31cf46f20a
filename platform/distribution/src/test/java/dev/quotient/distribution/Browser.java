package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quotient.testkit.PlatformClient;
import dev.quotient.testkit.TestPlatform;
import java.net.HttpCookie;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A minimal browser over real HTTP: keeps cookies as a browser would, sends forms, reads the CSRF
 * field of the last page, asks for English pages and never follows redirects on its own.
 */
final class Browser {

  static final String CSRF_FIELD = "X-XSRF-TOKEN";
  private static final Pattern CSRF = Pattern.compile("name=\"" + CSRF_FIELD + "\" value=\"([^\"]*)\"");

  private final PlatformClient platform;
  private final Map<String, String> cookies = new LinkedHashMap<>();

  Browser(PlatformClient platform) {
    this.platform = platform;
  }

  HttpResponse<String> get(String path) {
    return send(platform.request(path).GET());
  }

  /** Posts the fields as a form, exactly as given (no CSRF token is added). */
  HttpResponse<String> post(String path, Map<String, String> fields) {
    String body = fields.entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
    return send(platform.request(path).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** Opens the page, then posts the form with the CSRF token the page carried. */
  HttpResponse<String> submit(String pagePath, String action, Map<String, String> fields) {
    HttpResponse<String> page = get(pagePath);
    assertEquals(200, page.statusCode(), pagePath + ": " + page.body());
    Map<String, String> withToken = new LinkedHashMap<>(fields);
    withToken.put(CSRF_FIELD, csrfToken(page));
    return post(action, withToken);
  }

  /** Signs in through the form; returns the answer to the form post. */
  HttpResponse<String> signIn(String email, String password) {
    return submit("/signin", "/signin", Map.of("email", email, "password", password, "next", "/"));
  }

  /** Signs in and checks it worked. */
  Browser signedIn(String email) {
    HttpResponse<String> r = signIn(email, TestPlatform.DEMO_PASSWORD);
    assertEquals(303, r.statusCode(), "sign-in of " + email + ": " + r.body());
    return this;
  }

  static String csrfToken(HttpResponse<String> page) {
    Matcher m = CSRF.matcher(page.body());
    if (!m.find()) {
      throw new AssertionError("no CSRF field in " + page.uri() + ": " + page.body());
    }
    return m.group(1).replace("&#x3D;", "=").replace("&amp;", "&");
  }

  String cookie(String name) {
    return cookies.get(name);
  }

  void setCookie(String name, String value) {
    cookies.put(name, value);
  }

  /** The raw {@code Set-Cookie} headers of a response for one cookie. */
  static List<String> setCookieHeaders(HttpResponse<?> r, String name) {
    return r.headers().allValues("Set-Cookie").stream().filter(h -> h.startsWith(name + "=")).toList();
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    request.header("Accept-Language", "en").header("Accept", "text/html");
    if (!cookies.isEmpty()) {
      request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining("; ")));
    }
    HttpResponse<String> r = platform.send(request.build());
    for (String header : r.headers().allValues("Set-Cookie")) {
      for (HttpCookie c : HttpCookie.parse(header)) {
        if (c.getMaxAge() == 0 || c.getValue().isEmpty()) {
          cookies.remove(c.getName());
        } else {
          cookies.put(c.getName(), c.getValue());
        }
      }
    }
    return r;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
