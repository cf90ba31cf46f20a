package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.server.account.AccountStore;
import dev.quotient.server.account.User;
import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * People from a CSV file: every row checked with its errors named, nothing added before the
 * confirmation, the good rows added with their roles, team and language, each with a working
 * invitation link, and a check confirmed once.
 */
class PeopleImportTest {

  @TempDir
  static Path data;
  @TempDir
  static Path noPlugins;
  private static TestPlatform platform;
  private static String admin;

  @BeforeAll
  static void start() {
    platform = TestPlatform.start(data, noPlugins, Map.of());
    admin = platform.token("admin@acme.example");
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void aFileOfThirtyPeopleIsCheckedRowByRowThenAddedWithInvitations() {
    StringBuilder csv = new StringBuilder("Name;E-mail;Roles;Team;Language\n");
    for (int i = 1; i <= 26; i++) {
      csv.append("Person ").append(i).append(";person").append(i).append("@newco.example;")
          .append(i % 5 == 0 ? "rep leader" : "").append(';').append(i % 2 == 0 ? "Hunters" : "farmers").append(';')
          .append(i % 3 == 0 ? "pl" : "").append('\n');
    }
    csv.append("Bad Mail;not-an-email;rep;Hunters;en\n");              // row 28
    csv.append("Twice;person1@newco.example;rep;;\n");                  // row 29: also on row 2
    csv.append("Taken;rep1@acme.example;rep;;\n");                      // row 30: has an account
    csv.append("Odd Role;odd@newco.example;captain;Closers;de\n");      // row 31: role, team, language
    long usersBefore = users().size();

    HttpResponse<String> checked = upload(csv.toString(), admin);
    assertEquals(201, checked.statusCode(), checked.body());
    JsonObject check = new JsonObject(checked.body());
    assertEquals(30, check.getInteger("rows"));
    assertEquals(26, check.getInteger("good"));
    assertEquals(4, check.getInteger("badRows"));
    assertEquals(6, check.getInteger("errorCount"));
    Map<Integer, List<String>> byRow = new java.util.TreeMap<>();
    check.getJsonArray("errors").forEach(o -> byRow.computeIfAbsent(((JsonObject) o).getInteger("row"),
        k -> new java.util.ArrayList<>()).add(((JsonObject) o).getString("key")));
    assertEquals(Map.of(28, List.of("error.email.invalid"), 29, List.of("error.people.emailTwice"),
        30, List.of("error.people.emailTaken"),
        31, List.of("error.people.role", "error.people.team", "error.people.language")), byRow);
    JsonObject twice = check.getJsonArray("errors").getJsonObject(1);
    assertTrue(twice.getString("message").contains("person1@newco.example") && twice.getString("message").contains(" 2"),
        "the message names the other row: " + twice.encode());
    assertTrue(check.getJsonArray("errors").getJsonObject(4).getString("message").contains("Farmers, Hunters"),
        "the teams there are, as named");
    assertEquals(usersBefore, users().size(), "a check adds no one");

    String id = check.getString("id");
    HttpResponse<String> refused = confirm(id, false);
    assertEquals(409, refused.statusCode(), "rows with errors: " + refused.body());
    assertEquals(usersBefore, users().size());
    assertEquals(403, platform.json("POST", "/api/people/imports/" + id + "/confirmation",
        platform.token("leader@acme.example"), "{}").statusCode());

    HttpResponse<String> confirmed = confirm(id, true);
    assertEquals(201, confirmed.statusCode(), confirmed.body());
    JsonArray added = new JsonObject(confirmed.body()).getJsonArray("added");
    assertEquals(26, added.size());
    assertEquals(usersBefore + 26, users().size());
    assertEquals(409, confirm(id, true).statusCode(), "confirmed once");

    AccountStore accounts = new AccountStore(platform.node().database());
    User p3 = accounts.userByEmail("person3@newco.example").orElseThrow();
    assertEquals("pl", p3.locale().toLanguageTag());
    User p10 = accounts.userByEmail("person10@newco.example").orElseThrow();
    assertEquals(java.util.Set.of(dev.quotient.api.Role.REP, dev.quotient.api.Role.LEADER), p10.roles());
    assertEquals(teamId("Hunters"), p10.teamId());
    assertEquals(teamId("Farmers"), accounts.userByEmail("person1@newco.example").orElseThrow().teamId(),
        "team names match whatever their case");
    assertEquals(null, p10.passwordHash(), "they choose a password through their link");

    // Each link opens the welcome page of its person.
    JsonObject first = added.getJsonObject(0);
    HttpResponse<String> welcome = platform.send(platform.request(first.getString("invitation")).GET().build());
    assertEquals(200, welcome.statusCode());
    JsonArray audit = new JsonArray(platform.get("/api/audit", admin).body());
    assertTrue(audit.stream().map(o -> (JsonObject) o).anyMatch(e -> "people.imported".equals(e.getString("action"))
        && e.getString("subject").contains("26 added, 4 bad rows left out")), audit.encodePrettily());
  }

  @Test
  void filesThatCannotBeReadAreRefusedWithTheReason() {
    HttpResponse<String> noEmail = upload("name,phone\nAnna,123\n", admin);
    assertEquals(400, noEmail.statusCode());
    assertTrue(noEmail.body().contains("error.people.columns"), noEmail.body());
    assertEquals(400, upload("name,email\n", admin).statusCode(), "no rows");
    assertEquals(403, upload("name,email\nA,a@b.example\n", platform.token("leader@acme.example")).statusCode());
    assertEquals(404, platform.get("/api/people/imports/0123456789abcdef01234567", admin).statusCode());
  }

  @Test
  void thePageChecksPastedRowsAndShowsTheLinksOnce() {
    Browser browser = new Browser(platform).signedIn("admin@acme.example");
    HttpResponse<String> page = browser.get("/admin/people/import");
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("type=\"file\""), "a file to choose");
    HttpResponse<String> bad = browser.submit("/admin/people/import", "/admin/people/import",
        Map.of("csv", "who,where\nx,y\n"));
    assertEquals(400, bad.statusCode());
    assertTrue(bad.body().contains("who, where") && bad.body().contains("role=\"alert\""), bad.body());

    HttpResponse<String> checked = browser.submit("/admin/people/import", "/admin/people/import",
        Map.of("csv", "name,email,team\nPage Person,page.person@newco.example,Hunters\n"));
    assertEquals(303, checked.statusCode());
    String checkPath = checked.headers().firstValue("Location").orElseThrow();
    HttpResponse<String> report = browser.get(checkPath);
    assertTrue(report.body().contains("page.person@newco.example"), report.body());
    HttpResponse<String> done = browser.submit(checkPath, checkPath + "/confirmation", Map.of());
    assertEquals(200, done.statusCode(), done.body());
    Matcher link = Pattern.compile("value=\"(http[^\"]+/welcome/[^\"]+)\"").matcher(done.body());
    assertTrue(link.find(), done.body());
    assertEquals("no-store", done.headers().firstValue("Cache-Control").orElse(""));
    String again = browser.get(checkPath).body();
    assertTrue(!again.contains("/welcome/") && again.contains("<p class=\"alert\">"), "the links are not shown again");
    assertEquals(200, platform.send(HttpRequest.newBuilder(URI.create(link.group(1))).GET().build()).statusCode());
  }

  private static HttpResponse<String> upload(String csv, String token) {
    return platform.send(platform.request("/api/people/imports?name=team.csv").header("Authorization", "Bearer " + token)
        .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(csv)).build());
  }

  private static HttpResponse<String> confirm(String id, boolean acceptBad) {
    return platform.json("POST", "/api/people/imports/" + id + "/confirmation", admin,
        new JsonObject().put("acceptBadRows", acceptBad).encode());
  }

  private static JsonArray users() {
    return new JsonArray(platform.get("/api/users", admin).body());
  }

  private static String teamId(String name) {
    return new JsonArray(platform.get("/api/teams", admin).body()).stream().map(o -> (JsonObject) o)
        .filter(t -> name.equals(t.getString("name"))).findFirst().orElseThrow().getString("id");
  }
}
