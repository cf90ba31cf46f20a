package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.api.Role;
import dev.quotient.server.account.AccountStore;
import dev.quotient.server.account.Organisation;
import dev.quotient.server.account.Passwords;
import dev.quotient.server.account.User;
import dev.quotient.server.web.RouteRegistry;
import dev.quotient.testkit.TestPlatform;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who gets in and what they may do: browser sign-in and sign-out, CSRF, cookie flags, API tokens,
 * throttling of password guessing, the audit trail, roles and organisation boundaries. All over
 * real HTTP against one node with the demo organisation. Each test uses its own demo users, so
 * their order does not matter.
 */
class AccessTest {

  private static final String PROBLEM = "application/problem+json";

  @TempDir
  static Path data;
  private static TestPlatform platform;
  private static String admin;

  @BeforeAll
  static void start() {
    platform = TestPlatform.start(data);
    admin = platform.token("admin@acme.example");
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void signsInThroughTheFormAndOpensTheHomePage() {
    Browser browser = new Browser(platform);
    HttpResponse<String> form = browser.get("/signin");
    assertEquals(200, form.statusCode());
    String anonymousSession = browser.cookie("quotient.session");
    assertNotNull(anonymousSession, "the sign-in page starts a session: " + form.headers().map());
    assertFalse(Browser.csrfToken(form).isBlank());

    HttpResponse<String> posted = browser.post("/signin", Map.of("email", "admin@acme.example",
        "password", TestPlatform.DEMO_PASSWORD, "next", "/", Browser.CSRF_FIELD, Browser.csrfToken(form)));
    assertEquals(303, posted.statusCode(), posted.body());
    assertEquals("/", posted.headers().firstValue("Location").orElse(null));
    assertNotNull(browser.cookie("quotient.session"));
    assertNotEquals(anonymousSession, browser.cookie("quotient.session"), "a new session id on sign-in");

    HttpResponse<String> home = browser.get("/");
    assertEquals(200, home.statusCode(), home.body());
    assertTrue(home.body().contains("Welcome, Ada Admin"), home.body());
  }

  @Test
  void anonymousPageVisitGoesToSignInAndReturnsToThatPageAfterwards() {
    Browser browser = new Browser(platform);
    HttpResponse<String> r = browser.get("/admin/users");
    assertEquals(303, r.statusCode());
    assertEquals("/signin?next=%2Fadmin%2Fusers", r.headers().firstValue("Location").orElse(null));

    HttpResponse<String> form = browser.get("/signin?next=%2Fadmin%2Fusers");
    assertTrue(form.body().contains("name=\"next\" value=\"/admin/users\""), form.body());
    HttpResponse<String> posted = browser.post("/signin", Map.of("email", "admin@acme.example",
        "password", TestPlatform.DEMO_PASSWORD, "next", "/admin/users", Browser.CSRF_FIELD, Browser.csrfToken(form)));
    assertEquals(303, posted.statusCode(), posted.body());
    assertEquals("/admin/users", posted.headers().firstValue("Location").orElse(null));
    assertEquals(200, browser.get("/admin/users").statusCode());
  }

  @Test
  void signInNeverRedirectsToAnotherSite() {
    Browser browser = new Browser(platform);
    HttpResponse<String> form = browser.get("/signin");
    HttpResponse<String> posted = browser.post("/signin", Map.of("email", "admin@acme.example",
        "password", TestPlatform.DEMO_PASSWORD, "next", "//evil.example/x", Browser.CSRF_FIELD, Browser.csrfToken(form)));
    assertEquals(303, posted.statusCode());
    assertEquals("/", posted.headers().firstValue("Location").orElse(null));
  }

  @Test
  void signInRedirectsOnlyToLocalPathsWhateverTheyAreDisguisedAs() {
    // A tab, CR, LF or vertical tab, a backslash, encoded slashes: each either sent elsewhere
    // (browsers drop the tab and read "/\t/evil.example" as //evil.example) or never answered.
    for (String next : List.of("/\t/evil.example", "/\r\nSet-Cookie: x=1", "/\u000b/evil.example",
        "/\\evil.example", "/%2F/evil.example", "/%2f%2fevil.example/x", " //evil.example", "/\u0000/x")) {
      Browser browser = new Browser(platform);
      HttpResponse<String> form = browser.get("/signin");
      HttpResponse<String> posted = browser.post("/signin", Map.of("email", "admin@acme.example",
          "password", TestPlatform.DEMO_PASSWORD, "next", next, Browser.CSRF_FIELD, Browser.csrfToken(form)));
      assertEquals(303, posted.statusCode(), next.replace("\n", "\\n") + ": " + posted.body());
      assertEquals("/", posted.headers().firstValue("Location").orElse(null), next);
    }
    Browser browser = new Browser(platform);
    HttpResponse<String> form = browser.get("/signin");
    HttpResponse<String> local = browser.post("/signin", Map.of("email", "admin@acme.example",
        "password", TestPlatform.DEMO_PASSWORD, "next", "/training?tab=mine", Browser.CSRF_FIELD, Browser.csrfToken(form)));
    assertEquals("/training?tab=mine", local.headers().firstValue("Location").orElse(null), "a local path with a query");
  }

  @Test
  void wrongPasswordShowsTheSignInPageWithAnErrorAndStatus401() {
    Browser browser = new Browser(platform);
    HttpResponse<String> r = browser.signIn("mentor1@acme.example", "not-the-password");
    assertEquals(401, r.statusCode(), r.body());
    assertTrue(r.body().contains("The e-mail or password is wrong."), r.body());
    assertTrue(r.body().contains("action=\"/signin\""), "the form is shown again");
    assertTrue(r.body().contains("value=\"mentor1@acme.example\""), "the e-mail is kept");
    HttpResponse<String> home = browser.get("/");
    assertEquals(303, home.statusCode(), "still signed out");
  }

  @Test
  void signOutEndsTheSession() {
    Browser browser = new Browser(platform).signedIn("leader@acme.example");
    String session = browser.cookie("quotient.session");
    assertEquals(200, browser.get("/").statusCode());

    HttpResponse<String> out = browser.submit("/", "/signout", Map.of());
    assertEquals(303, out.statusCode(), out.body());
    assertEquals("/signin", out.headers().firstValue("Location").orElse(null));

    Browser stale = new Browser(platform);
    stale.setCookie("quotient.session", session);
    HttpResponse<String> home = stale.get("/");
    assertEquals(303, home.statusCode(), "the old session cookie no longer opens pages");
    assertTrue(home.headers().firstValue("Location").orElse("").startsWith("/signin"));
  }

  @Test
  void rejectsFormPostWithoutCsrfTokenAndChangesNothing() {
    Browser browser = new Browser(platform).signedIn("admin@acme.example");
    assertEquals(200, browser.get("/admin/teams").statusCode());

    HttpResponse<String> none = browser.post("/admin/teams", Map.of("name", "Sneaky"));
    assertEquals(403, none.statusCode(), none.body());
    HttpResponse<String> forged = browser.post("/admin/teams", Map.of("name", "Sneaky",
        Browser.CSRF_FIELD, "forged.123.abc"));
    assertEquals(403, forged.statusCode(), forged.body());
    assertFalse(teamNames().contains("Sneaky"), "a refused post changes nothing");

    // The same form with the token from the page works: the refusal above was the missing token.
    HttpResponse<String> ok = browser.submit("/admin/teams", "/admin/teams", Map.of("name", "Closers"));
    assertEquals(303, ok.statusCode(), ok.body());
    assertTrue(teamNames().contains("Closers"));
  }

  @Test
  void sessionCookieIsHttpOnlyAndSameSiteStrict() {
    Browser browser = new Browser(platform);
    HttpResponse<String> form = browser.get("/signin");
    List<String> before = Browser.setCookieHeaders(form, "quotient.session");
    HttpResponse<String> posted = browser.post("/signin", Map.of("email", "trainer@acme.example",
        "password", TestPlatform.DEMO_PASSWORD, "next", "/", Browser.CSRF_FIELD, Browser.csrfToken(form)));
    assertEquals(303, posted.statusCode());
    List<String> after = Browser.setCookieHeaders(posted, "quotient.session");
    assertFalse(before.isEmpty() || after.isEmpty(), form.headers() + " " + posted.headers());
    for (String header : List.of(before.get(0), after.get(0))) {
      String flags = header.toLowerCase(Locale.ROOT);
      assertTrue(flags.contains("httponly"), header);
      assertTrue(flags.contains("samesite=strict"), header);
      assertTrue(flags.contains("path=/"), header);
    }
  }

  @Test
  void tokenFromPasswordOpensTheApi() {
    HttpResponse<String> issued = platform.json("POST", "/api/auth/token", null,
        new JsonObject().put("email", "rep1@acme.example").put("password", TestPlatform.DEMO_PASSWORD)
            .put("name", "laptop script").encode());
    assertEquals(201, issued.statusCode(), issued.body());
    JsonObject token = new JsonObject(issued.body());
    assertTrue(token.getString("token").startsWith("qt_"));

    HttpResponse<String> me = platform.get("/api/me", token.getString("token"));
    assertEquals(200, me.statusCode(), me.body());
    JsonObject user = new JsonObject(me.body());
    assertEquals("rep1@acme.example", user.getString("email"));
    assertEquals(new JsonArray().add("rep"), user.getJsonArray("roles"));

    HttpResponse<String> list = platform.get("/api/tokens", token.getString("token"));
    assertEquals(200, list.statusCode());
    assertTrue(list.body().contains(token.getString("id")) && list.body().contains("laptop script"), list.body());
    assertFalse(list.body().contains(token.getString("token")), "secrets are shown once only");

    assertEquals(401, platform.get("/api/me", null).statusCode());
  }

  @Test
  void revokedOrUnknownTokenGets401() {
    HttpResponse<String> issued = platform.json("POST", "/api/auth/token", null,
        new JsonObject().put("email", "rep2@acme.example").put("password", TestPlatform.DEMO_PASSWORD).encode());
    JsonObject token = new JsonObject(issued.body());
    String secret = token.getString("token");
    assertEquals(200, platform.get("/api/me", secret).statusCode());

    HttpResponse<String> revoked = platform.json("DELETE", "/api/tokens/" + token.getString("id"), secret, null);
    assertEquals(204, revoked.statusCode(), revoked.body());

    HttpResponse<String> after = platform.get("/api/me", secret);
    assertEquals(401, after.statusCode(), after.body());
    assertTrue(after.headers().firstValue("Content-Type").orElse("").startsWith(PROBLEM));
    assertTrue(after.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
    assertEquals(401, platform.get("/api/me", "qt_made-up-token").statusCode());
    assertEquals(401, platform.get("/", secret).statusCode(), "a revoked token opens no page either");
  }

  @Test
  void repeatedFailedSignInsAreThrottled() {
    String email = "rep8@acme.example";
    Browser browser = new Browser(platform);
    for (int attempt = 1; attempt <= 5; attempt++) {
      HttpResponse<String> r = browser.signIn(email, "guess-" + attempt);
      assertEquals(401, r.statusCode(), "attempt " + attempt + ": " + r.body());
    }
    HttpResponse<String> sixth = browser.signIn(email, "guess-6");
    assertEquals(429, sixth.statusCode(), sixth.body());
    long wait = Long.parseLong(sixth.headers().firstValue("Retry-After").orElse("0"));
    assertTrue(wait >= 1, "Retry-After says how long to wait: " + sixth.headers().map());
    assertTrue(sixth.body().contains("Too many failed sign-ins"), sixth.body());

    HttpResponse<String> right = browser.signIn(email, TestPlatform.DEMO_PASSWORD);
    assertEquals(429, right.statusCode(), "even the right password waits while throttled");

    HttpResponse<String> api = platform.json("POST", "/api/auth/token", null,
        new JsonObject().put("email", email).put("password", TestPlatform.DEMO_PASSWORD).encode());
    assertEquals(429, api.statusCode(), api.body());
    assertTrue(api.headers().firstValue("Retry-After").isPresent(), "scripts are told when to retry too");
    assertProblem(api, 429);

    // Other users are not affected.
    assertEquals(303, new Browser(platform).signIn("rep7@acme.example", TestPlatform.DEMO_PASSWORD).statusCode());
  }

  @Test
  void auditTrailRecordsSignInsTokensAndRoleChanges() {
    String email = "trainer@acme.example";
    assertEquals(401, new Browser(platform).signIn(email, "wrong-password").statusCode());
    HttpResponse<String> issued = platform.json("POST", "/api/auth/token", null,
        new JsonObject().put("email", email).put("password", TestPlatform.DEMO_PASSWORD).encode());
    JsonObject token = new JsonObject(issued.body());
    assertEquals(204, platform.json("DELETE", "/api/tokens/" + token.getString("id"), token.getString("token"), null)
        .statusCode());
    String trainerId = userId(admin, email);
    HttpResponse<String> roles = platform.json("PUT", "/api/users/" + trainerId + "/roles", admin,
        new JsonObject().put("roles", new JsonArray().add("trainer").add("mentor")).encode());
    assertEquals(204, roles.statusCode(), roles.body());

    HttpResponse<String> r = platform.get("/api/audit", admin);
    assertEquals(200, r.statusCode(), r.body());
    List<JsonObject> entries = new JsonArray(r.body()).stream().map(JsonObject.class::cast).toList();
    assertAll(
        () -> assertTrue(has(entries, "signin.failed", email), "failed sign-in: " + entries),
        () -> assertTrue(has(entries, "signin", email), "sign-in: " + entries),
        () -> assertTrue(has(entries, "token.created", token.getString("id")), "token created: " + entries),
        () -> assertTrue(has(entries, "token.revoked", token.getString("id")), "token revoked: " + entries),
        () -> assertTrue(has(entries, "user.roles", trainerId), "roles changed: " + entries));
    JsonObject change = entries.stream().filter(e -> "user.roles".equals(e.getString("action"))).findFirst()
        .orElseThrow();
    assertEquals(userId(admin, "admin@acme.example"), change.getString("actorId"), "who changed it");
    assertTrue(change.getString("subject").contains("mentor"), change.encode());

    // The change is in force at once.
    JsonObject me = new JsonObject(platform.get("/api/me", platform.token(email)).body());
    assertEquals(new JsonArray().add("mentor").add("trainer"), me.getJsonArray("roles"));
  }

  @Test
  void anotherOrganisationsAdminSeesAndChangesOnlyTheirOwnOrganisation() {
    String globex = createOrganisationWithAdmin("Globex Trading", "admin@globex.example");
    String acmeRepId = userId(admin, "rep3@acme.example");

    HttpResponse<String> users = platform.get("/api/users", globex);
    assertEquals(200, users.statusCode(), users.body());
    assertEquals(List.of("admin@globex.example"), emails(users));
    assertEquals("[]", platform.get("/api/teams", globex).body());
    assertFalse(platform.get("/api/audit", globex).body().contains("acme.example"), "no audit entries of Acme");

    HttpResponse<String> change = platform.json("PUT", "/api/users/" + acmeRepId + "/roles", globex,
        new JsonObject().put("roles", new JsonArray().add("admin")).encode());
    assertEquals(404, change.statusCode(), change.body());
    assertProblem(change, 404);

    JsonObject rep3 = users(admin).stream().filter(u -> u.getString("id").equals(acmeRepId)).findFirst().orElseThrow();
    assertEquals(new JsonArray().add("rep"), rep3.getJsonArray("roles"), "the Acme user is unchanged");
    assertFalse(emails(platform.get("/api/users", admin)).contains("admin@globex.example"),
        "Acme does not see Globex either");

    HttpResponse<String> page = platform.get("/admin/users", globex);
    assertEquals(200, page.statusCode());
    assertFalse(page.body().contains("acme.example"), "the users page is limited to the organisation too");
  }

  @Test
  void tokensCanOnlyBeRevokedByTheirOwner() {
    HttpResponse<String> issued = platform.json("POST", "/api/auth/token", null,
        new JsonObject().put("email", "rep4@acme.example").put("password", TestPlatform.DEMO_PASSWORD).encode());
    JsonObject token = new JsonObject(issued.body());
    HttpResponse<String> other = platform.json("DELETE", "/api/tokens/" + token.getString("id"), admin, null);
    assertEquals(404, other.statusCode(), other.body());
    assertEquals(200, platform.get("/api/me", token.getString("token")).statusCode(), "the token still works");
  }

  @Test
  void repIsRefusedWith403OnEveryRouteReservedToOtherRoles() {
    String rep = platform.token("rep5@acme.example");
    List<RouteRegistry.Declared> reserved = platform.node().routes().declared().stream()
        .filter(d -> !d.access().publicRoute() && !d.access().roles().isEmpty()
            && !d.access().roles().contains(Role.REP))
        .toList();
    assertTrue(reserved.stream().anyMatch(d -> d.path().equals("/api/users")), "admin routes are in the table");
    int teamsBefore = teamNames().size();
    assertAll(reserved.stream().map(d -> (Executable) () -> {
      String path = d.path().replace(":id", "0123456789abcdef01234567").replace("*", "x");
      HttpRequest.Builder b = platform.request(path).header("Authorization", "Bearer " + rep);
      if (d.method() == HttpMethod.GET) {
        b.GET();
      } else if (d.kind() == RouteRegistry.Kind.API) {
        b.header("Content-Type", "application/json");
        // Not a valid body either: the role is checked first, so the caller learns nothing about the route.
        b.method(d.method().name(), HttpRequest.BodyPublishers.ofString("{}"));
      } else {
        b.header("Content-Type", "application/x-www-form-urlencoded");
        b.method(d.method().name(), HttpRequest.BodyPublishers.ofString("name=Reps+rule&roles=admin"));
      }
      HttpResponse<String> r = platform.send(b.build());
      assertEquals(403, r.statusCode(), d.method() + " " + path + ": " + r.body());
    }));
    assertEquals(teamsBefore, teamNames().size(), "nothing was created");
  }

  private static String createOrganisationWithAdmin(String name, String email) {
    AccountStore store = new AccountStore(platform.node().database());
    Organisation org = store.createOrganisation(new Organisation(AccountStore.newId(), name, ZoneId.of("UTC"),
        Locale.ENGLISH, List.of()));
    store.createUser(new User(AccountStore.newId(), org.id(), email, name + " Admin", Set.of(Role.ADMIN), null, null,
        Passwords.hash(TestPlatform.DEMO_PASSWORD)));
    return platform.token(email);
  }

  private static boolean has(List<JsonObject> entries, String action, String subjectPart) {
    return entries.stream().anyMatch(e -> action.equals(e.getString("action"))
        && e.getString("subject", "").contains(subjectPart));
  }

  private static List<JsonObject> users(String token) {
    HttpResponse<String> r = platform.get("/api/users", token);
    assertEquals(200, r.statusCode(), r.body());
    return new JsonArray(r.body()).stream().map(JsonObject.class::cast).toList();
  }

  private static List<String> emails(HttpResponse<String> users) {
    return new JsonArray(users.body()).stream().map(u -> ((JsonObject) u).getString("email")).sorted().toList();
  }

  private static String userId(String token, String email) {
    return users(token).stream().filter(u -> email.equals(u.getString("email"))).map(u -> u.getString("id"))
        .findFirst().orElseThrow(() -> new AssertionError("no user " + email));
  }

  private static Set<String> teamNames() {
    HttpResponse<String> r = platform.get("/api/teams", admin);
    assertEquals(200, r.statusCode(), r.body());
    return new JsonArray(r.body()).stream().map(t -> ((JsonObject) t).getString("name")).collect(Collectors.toSet());
  }

  static void assertProblem(HttpResponse<String> r, int status) {
    assertEquals(status, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith(PROBLEM), r.headers().map().toString());
    JsonObject problem = new JsonObject(r.body());
    assertAll(
        () -> assertTrue(problem.getString("type", "").startsWith("urn:quotient:problem:"), r.body()),
        () -> assertFalse(problem.getString("title", "").isBlank(), r.body()),
        () -> assertEquals(status, problem.getInteger("status"), r.body()),
        () -> assertFalse(problem.getString("detail", "").isBlank(), r.body()));
  }
}
