package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.api.Role;
import dev.quotient.api.event.Catalogue;
import dev.quotient.api.event.Commands;
import dev.quotient.server.account.AccountStore;
import dev.quotient.server.account.Organisation;
import dev.quotient.server.account.Passwords;
import dev.quotient.server.account.User;
import dev.quotient.testkit.TestClock;
import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;
import dev.quotient.testkit.Pages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * How a user created without a password gets in: a one-time invitation link, created by an admin on
 * the users page or by a leader through the API, whose page sets the password and signs the user in.
 * Real HTTP against a running node, forms posted with their CSRF token as a browser does.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InvitationTest {

  private static final Pattern LINK = Pattern.compile("id=\"invitation-link\" type=\"text\" readonly value=\"([^\"]+)\"");
  private static final String NEW_PASSWORD = "nina-chose-this-1";

  @TempDir
  static Path data;
  @TempDir
  static Path noPlugins;
  private static final TestClock CLOCK = new TestClock(Instant.parse("2026-03-02T09:00:00Z"));
  private static TestPlatform platform;
  private static String admin;
  private static String leader;

  @BeforeAll
  static void start() {
    platform = TestPlatform.start(data, noPlugins, Map.of(), CLOCK);
    admin = platform.token("admin@acme.example");
    leader = platform.token("leader@acme.example");
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  @Order(1)
  void aUserWithoutPasswordChoosesOneThroughTheAdminsLinkOnce() {
    HttpResponse<String> created = platform.json("POST", "/api/users", admin, new JsonObject()
        .put("email", "nina@acme.example").put("name", "Nina New").put("roles", new JsonArray().add("rep")).encode());
    assertEquals(201, created.statusCode(), created.body());
    String ninaId = new JsonObject(created.body()).getString("id");
    assertNull(user("nina@acme.example").getString("passwordHash"));
    assertEquals(401, tokenStatus("nina@acme.example", "any-guess-at-all"), "no password, no sign-in");
    assertEquals(401, tokenStatus("nina@acme.example", NEW_PASSWORD));

    // The admin's users page marks her and creates her link, shown once.
    Browser adminBrowser = new Browser(platform).signedIn("admin@acme.example");
    HttpResponse<String> users = adminBrowser.get("/admin/users");
    assertEquals(200, users.statusCode());
    assertTrue(users.body().matches("(?s).*Nina New <span class=\"badge\">not signed in yet</span>.*"), users.body());
    assertFalse(users.body().contains("Ada Admin <span class=\"badge\">"), "users with a password are not marked");
    HttpResponse<String> invited = adminBrowser.post("/admin/users/" + ninaId + "/invitation",
        Map.of(Browser.CSRF_FIELD, Browser.csrfToken(users)));
    assertEquals(200, invited.statusCode(), invited.body());
    assertTrue(invited.body().contains("Invitation link for Nina New"), invited.body());
    Matcher m = LINK.matcher(invited.body());
    assertTrue(m.find(), invited.body());
    URI link = URI.create(m.group(1));
    assertEquals(platform.port(), link.getPort(), "a link the admin can send as it is: " + link);
    String path = link.getPath();
    assertTrue(path.matches("/welcome/[A-Za-z0-9_-]{43}"), path);
    assertFalse(adminBrowser.get("/admin/users").body().contains(path), "the link is shown only once");
    String token = path.substring("/welcome/".length());
    Document stored = platform.node().database().collection("invitations").find(new Document("userId", ninaId)).first();
    assertNotNull(stored);
    assertFalse(stored.toJson().contains(token), "only a hash of the token is stored");
    assertEquals(Instant.parse("2026-03-09T09:00:00Z"), stored.getDate("expiresAt").toInstant());

    // Nina opens it, anonymously.
    Browser nina = new Browser(platform);
    HttpResponse<String> page = nina.get(path);
    assertEquals(200, page.statusCode(), page.body());
    assertTrue(page.body().contains("Welcome, Nina New"), page.body());
    assertTrue(page.body().contains("<label for=\"confirmation\">"), page.body());
    assertFalse(page.body().contains(" style=") || page.body().contains("<script>"), "nothing inline for the CSP");
    assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElse(null));
    String csrf = Browser.csrfToken(page);

    HttpResponse<String> tooShort = nina.post(path, Map.of("password", "short", "confirmation", "short",
        Browser.CSRF_FIELD, csrf));
    assertEquals(400, tooShort.statusCode());
    assertTrue(tooShort.body().contains("A password has 10 to 72 characters."), tooShort.body());
    assertTrue(tooShort.body().contains("action=\"" + path + "\""), "the form again");
    HttpResponse<String> differs = nina.post(path, Map.of("password", NEW_PASSWORD, "confirmation", NEW_PASSWORD + "x",
        Browser.CSRF_FIELD, Browser.csrfToken(tooShort)));
    assertEquals(400, differs.statusCode());
    assertTrue(differs.body().contains("The two passwords differ."), differs.body());
    assertNull(user("nina@acme.example").getString("passwordHash"), "nothing changed by refused forms");
    HttpResponse<String> noCsrf = nina.post(path, Map.of("password", NEW_PASSWORD, "confirmation", NEW_PASSWORD));
    assertEquals(403, noCsrf.statusCode(), "the form needs its CSRF token");

    String anonymousSession = nina.cookie("quotient.session");
    HttpResponse<String> chosen = nina.post(path, Map.of("password", NEW_PASSWORD, "confirmation", NEW_PASSWORD,
        Browser.CSRF_FIELD, Browser.csrfToken(differs)));
    assertEquals(303, chosen.statusCode(), chosen.body());
    assertEquals("/", chosen.headers().firstValue("Location").orElse(null));
    assertNotEquals(anonymousSession, nina.cookie("quotient.session"), "a new session id on sign-in");
    HttpResponse<String> me = nina.get("/api/me");
    assertEquals(200, me.statusCode(), me.body());
    assertEquals("nina@acme.example", new JsonObject(me.body()).getString("email"), "signed in");
    assertEquals(201, tokenStatus("nina@acme.example", NEW_PASSWORD), "she signs in with her password");

    // The link works once: a second use is refused and changes nothing.
    Browser again = new Browser(platform);
    HttpResponse<String> used = again.get(path);
    assertEquals(410, used.statusCode());
    assertTrue(used.body().contains("This invitation link has already been used."), used.body());
    HttpResponse<String> reused = again.post(path, Map.of("password", "someone-else-1", "confirmation",
        "someone-else-1", Browser.CSRF_FIELD, Browser.csrfToken(again.get("/signin"))));
    assertEquals(410, reused.statusCode(), reused.body());
    assertEquals(201, tokenStatus("nina@acme.example", NEW_PASSWORD), "her password stands");
    assertEquals(401, tokenStatus("nina@acme.example", "someone-else-1"));

    List<JsonObject> audit = new JsonArray(platform.get("/api/audit", admin).body()).stream()
        .map(JsonObject.class::cast).toList();
    assertTrue(audit.stream().anyMatch(e -> "invitation.created".equals(e.getString("action"))
        && "nina@acme.example".equals(e.getString("subject"))), audit.toString());
    assertTrue(audit.stream().anyMatch(e -> "password.set".equals(e.getString("action"))
        && ninaId.equals(e.getString("actorId"))), audit.toString());
    assertTrue(adminBrowser.get("/admin/audit").body().contains("Invitation created"));

    HttpResponse<String> unknown = new Browser(platform).get("/welcome/not-a-real-token");
    assertEquals(404, unknown.statusCode());
    assertTrue(unknown.body().contains("This invitation link is not known."), unknown.body());
  }

  @Test
  @Order(2)
  void aLeaderInvitesOnlyRepsOfTheirOrganisationAndANewerLinkReplacesTheOlder() throws Exception {
    String orgId = user("leader@acme.example").getString("orgId");
    Commands.UserCreated hired = platform.node().vertx().eventBus().<Commands.UserCreated>request(
        Catalogue.CREATE_USER.address(), new Commands.CreateUser(orgId, id("leader@acme.example"), "Henryk Hired",
            "henryk@acme.example", null, List.of("rep")))
        .map(msg -> msg.body()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(401, tokenStatus("henryk@acme.example", "any-guess-at-all"), "created by the command without a password");
    assertEquals(List.of("henryk@acme.example"), new JsonArray(platform.get("/api/users", leader).body()).stream()
        .map(JsonObject.class::cast).filter(u -> !u.getBoolean("hasPassword")).map(u -> u.getString("email")).toList(),
        "leaders see who has not got in yet (Nina has)");

    JsonObject first = invite(leader, hired.userId(), 201);
    assertTrue(first.getString("link").startsWith("/welcome/"), first.encode());
    assertEquals("2026-03-09T09:00:00Z", first.getString("expiresAt"), "seven days");

    invite(leader, id("mentor1@acme.example"), 403);
    invite(leader, id("admin@acme.example"), 403);
    invite(platform.token("rep1@acme.example"), hired.userId(), 403);
    invite(admin, id("mentor1@acme.example"), 201);
    String globex = createOrganisationWithAdmin("Globex Trading", "admin@globex.example");
    invite(leader, id("admin@globex.example"), 404);
    invite(globex, hired.userId(), 404);
    invite(leader, "0123456789abcdef01234567", 404);

    JsonObject second = invite(leader, hired.userId(), 201);
    HttpResponse<String> replaced = new Browser(platform).get(first.getString("link"));
    assertEquals(410, replaced.statusCode());
    assertTrue(replaced.body().contains("replaced by a newer one"), replaced.body());
    assertEquals(200, new Browser(platform).get(second.getString("link")).statusCode());

    // A week on, the newer link has expired too: refused, nothing set.
    CLOCK.advance(Duration.ofDays(7));
    Browser late = new Browser(platform);
    HttpResponse<String> expired = late.get(second.getString("link"));
    assertEquals(410, expired.statusCode());
    assertTrue(expired.body().contains("This invitation link has expired."), expired.body());
    HttpResponse<String> post = late.post(second.getString("link"), Map.of("password", NEW_PASSWORD,
        "confirmation", NEW_PASSWORD, Browser.CSRF_FIELD, Browser.csrfToken(late.get("/signin"))));
    assertEquals(410, post.statusCode(), post.body());
    assertNull(user("henryk@acme.example").getString("passwordHash"));
  }

  /** In a real Chromium on a phone, in Polish: the admin's button, the link shown once, the welcome form. */
  @Test
  @Order(3)
  void onAPhoneTheAdminInvitesAndTheNewUserSetsTheirPassword() {
    Assumptions.assumeTrue(dev.quotient.testkit.Browser.available(), "Chromium is not installed");
    HttpResponse<String> created = platform.json("POST", "/api/users", admin, new JsonObject()
        .put("email", "olga@acme.example").put("name", "Olga Nowak").encode());
    assertEquals(201, created.statusCode(), created.body());
    String olgaId = new JsonObject(created.body()).getString("id");
    String link;
    try (dev.quotient.testkit.Browser browser = dev.quotient.testkit.Browser.open(dev.quotient.testkit.Browser.PHONE,
        "pl")) {
      WebDriver page = browser.driver();
      page.get(platform.uri("/admin/users").toString());
      Pages.awaitPath(page, "/signin");
      Pages.signIn(page, "admin@acme.example");
      Pages.awaitPath(page, "/admin/users");
      assertTrue(page.getPageSource().contains("Olga Nowak <span class=\"badge\">jeszcze się nie logował(a)</span>"));
      page.findElement(By.cssSelector("form[action='/admin/users/" + olgaId + "/invitation'] button")).click();
      Pages.awaitPath(page, "/admin/users/" + olgaId + "/invitation");
      WebElement input = page.findElement(By.id("invitation-link"));
      assertNotNull(input.getDomAttribute("readonly"));
      assertEquals(1, page.findElements(By.cssSelector("label[for=invitation-link]")).size());
      link = input.getDomProperty("value");
      assertEquals(0, browser.sidewaysOverflow(), "the users page with the link fits a phone");
      browser.screenshot("invitation-phone-admin-link");
    }
    try (dev.quotient.testkit.Browser browser = dev.quotient.testkit.Browser.open(dev.quotient.testkit.Browser.PHONE,
        "pl")) {
      WebDriver page = browser.driver();
      page.get(link);
      String path = URI.create(link).getPath();
      Pages.awaitPath(page, path);
      assertEquals("pl", page.findElement(By.tagName("html")).getDomAttribute("lang"));
      assertEquals("Witaj, Olga Nowak", Pages.heading(page));
      for (String id : List.of("password", "confirmation")) {
        assertEquals(1, page.findElements(By.cssSelector("label[for=" + id + "]")).size(), id + " has a label");
      }
      assertEquals(0, browser.sidewaysOverflow(), "the welcome page fits a phone");
      page.findElement(By.id("password")).sendKeys("olga-password-1");
      page.findElement(By.id("confirmation")).sendKeys("olga-password-2");
      page.findElement(By.cssSelector("main form button[type=submit]")).click();
      new WebDriverWait(page, Duration.ofSeconds(15)).until(d -> !d.findElements(By.cssSelector("[role=alert]")).isEmpty());
      assertEquals("Hasła się różnią. Wpisz dwa razy to samo hasło.",
          page.findElement(By.cssSelector("[role=alert]")).getText());
      browser.screenshot("invitation-phone-welcome-error");
      page.findElement(By.id("password")).sendKeys("olga-password-1");
      page.findElement(By.id("confirmation")).sendKeys("olga-password-1");
      page.findElement(By.cssSelector("main form button[type=submit]")).click();
      Pages.awaitPath(page, "/");
    }
    assertEquals(201, tokenStatus("olga@acme.example", "olga-password-1"));
  }

  // --- helpers ---

  private static JsonObject invite(String token, String userId, int status) {
    HttpResponse<String> r = platform.json("POST", "/api/users/" + userId + "/invitation", token, null);
    assertEquals(status, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }

  private static int tokenStatus(String email, String password) {
    return platform.json("POST", "/api/auth/token", null,
        new JsonObject().put("email", email).put("password", password).encode()).statusCode();
  }

  private static String createOrganisationWithAdmin(String name, String email) {
    AccountStore store = new AccountStore(platform.node().database());
    Organisation org = store.createOrganisation(new Organisation(AccountStore.newId(), name, ZoneId.of("UTC"),
        Locale.ENGLISH, List.of()));
    store.createUser(new User(AccountStore.newId(), org.id(), email, name + " Admin", Set.of(Role.ADMIN), null, null,
        Passwords.hash(TestPlatform.DEMO_PASSWORD)));
    return platform.token(email);
  }

  private static Document user(String email) {
    return platform.node().database().collection("users").find(new Document("email", email)).first();
  }

  private static String id(String email) {
    return user(email).getString("_id");
  }
}
