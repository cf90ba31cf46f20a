package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.api.Role;
import dev.quotient.server.account.AccountStore;
import dev.quotient.server.account.Organisation;
import dev.quotient.server.account.Passwords;
import dev.quotient.server.account.User;
import dev.quotient.testkit.TestClock;
import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * KPIs over real HTTP with real plugin jars: activities recorded through {@code /api/activities} for
 * the demo's Hunters (rep1 to rep3) become each rep's KPIs (folded into the plugin's in-memory
 * projection of the log, read back at once), the team's benchmarks and lead-source figures, and the KPI pages with
 * their charts; who may read what; acquisition costs and departures with their validation. Acme's
 * language is Polish. The activities carry no lengths, lead sources or customers, so selling hours and
 * CLV stay absent here (the calculator's tests cover them).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KpiBenchmarksTest {

  @TempDir
  static Path data;
  /** Monday 16 March 2026, 10:00 in Warsaw. */
  private static final TestClock CLOCK = new TestClock(Instant.parse("2026-03-16T09:00:00Z"));
  private static TestPlatform platform;
  private static String leader;
  private static String hunters;
  private static String orgId;
  private static final Map<String, String> tokens = new HashMap<>();
  private static final Map<String, String> ids = new HashMap<>();
  private static int seq;

  @BeforeAll
  static void start() {
    platform = TestPlatform.start(data, TestPlatform.distributionPlugins(), Map.of(), CLOCK);
    leader = platform.token("leader@acme.example");
    AccountStore store = new AccountStore(platform.node().database());
    orgId = store.userByEmail("leader@acme.example").orElseThrow().orgId();
    hunters = store.teams(orgId).stream().filter(t -> t.name().equals("Hunters")).findFirst().orElseThrow().id();
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  @Order(1)
  void recordedActivityBecomesTheRepsKpis() {
    JsonObject before = ok(platform.get("/api/development/kpis/" + id("rep1") + "?from=2026-03-01&to=2026-04-01", leader), 200);
    assertTrue(before.getJsonObject("values").isEmpty(), "no data is absent, not zero: " + before);
    assertEquals("months", before.getString("source"));

    List<JsonObject> acts = new ArrayList<>();
    // rep1: responses in 2 and 10 minutes (median 6, half within 5), a meeting followed by five follow-ups,
    // one won and one lost; in February a response in 20 minutes
    acts.add(responded("rep1", "L1", "2026-03-02T09:00:00Z", "2026-03-02T09:02:00Z"));
    acts.add(responded("rep1", "L2", "2026-03-03T09:00:00Z", "2026-03-03T09:10:00Z"));
    acts.add(act("rep1", "meeting", "2026-03-04T09:00:00Z").put("leadId", "L1").put("opportunityId", "O1"));
    for (int d = 5; d <= 9; d++) {
      acts.add(act("rep1", "follow-up", "2026-03-0" + d + "T09:00:00Z").put("leadId", "L1"));
    }
    acts.add(act("rep1", "won", "2026-03-10T09:00:00Z").put("value", 1000).put("opportunityId", "O1"));
    acts.add(act("rep1", "lost", "2026-03-11T09:00:00Z").put("value", 0).put("opportunityId", "O2"));
    acts.add(responded("rep1", "L0", "2026-02-10T09:00:00Z", "2026-02-10T09:20:00Z"));
    // rep2: a response in 4 minutes and a win; rep3: 30 minutes and two losses
    acts.add(responded("rep2", "L3", "2026-03-02T09:00:00Z", "2026-03-02T09:04:00Z"));
    acts.add(act("rep2", "won", "2026-03-05T09:00:00Z").put("value", 500).put("opportunityId", "O3"));
    acts.add(responded("rep3", "L4", "2026-03-02T09:00:00Z", "2026-03-02T09:30:00Z"));
    acts.add(act("rep3", "lost", "2026-03-05T09:00:00Z").put("value", 0).put("opportunityId", "O4"));
    acts.add(act("rep3", "lost", "2026-03-06T09:00:00Z").put("value", 0).put("opportunityId", "O5"));
    // this week (from Monday 16 March in Warsaw): rep2 makes calls and earns points
    for (int i = 0; i < 3; i++) {
      acts.add(act("rep2", "call", "2026-03-16T0" + (6 + i) + ":00:00Z").put("leadId", "L3"));
    }
    ok(platform.json("POST", "/api/activities/batch", leader, new JsonObject().put("activities", new JsonArray(acts)).encode()), 201);

    // an acknowledged write is in the next read: no waiting, nothing stored per rep and month
    JsonObject march = ok(platform.get("/api/development/kpis/" + id("rep1") + "?from=2026-03-01&to=2026-04-01", leader), 200);
    assertFalse(platform.node().database().db().listCollectionNames().into(new ArrayList<>())
        .contains("development_kpi_snapshots"), "KPIs are a projection of the log, not stored per month");
    JsonObject v = march.getJsonObject("values");
    assertEquals(6.0, v.getDouble("response-median-minutes"), 1e-9);
    assertEquals(0.5, v.getDouble("response-within-5-share"), 1e-9);
    assertEquals(2.5, v.getDouble("follow-ups-per-lead"), 1e-9); // five follow-ups naming L1 over L1 and L2
    assertEquals(1.0, v.getDouble("five-follow-up-share"), 1e-9);
    assertEquals(0.5, v.getDouble("win-rate"), 1e-9);
    assertFalse(v.containsKey("selling-hours"), "no lengths reported: absent");
    assertEquals("Europe/Warsaw", march.getString("zone"));

    // a window of days is computed over those days: up to 4 March only the two responses count
    JsonObject days = ok(platform.get("/api/development/kpis/" + id("rep1") + "?from=2026-03-01&to=2026-03-04", leader), 200);
    assertEquals("window", days.getString("source"));
    assertEquals(6.0, days.getJsonObject("values").getDouble("response-median-minutes"), 1e-9);
    assertFalse(days.getJsonObject("values").containsKey("win-rate"));
    // two whole months add up: responses of 2, 10 and 20 minutes
    JsonObject two = ok(platform.get("/api/development/kpis/" + id("rep1") + "?from=2026-02-01&to=2026-04-01", leader), 200);
    assertEquals(10.0, two.getJsonObject("values").getDouble("response-median-minutes"), 1e-9);
    // the default window is this month
    assertEquals("2026-03-01", ok(platform.get("/api/development/kpis/" + id("rep1"), token("rep1")), 200).getString("from"));
  }

  @Test
  @Order(2)
  void theTeamIsBenchmarkedWithQuartiles() {
    JsonObject b = ok(platform.get("/api/development/team/" + hunters + "/benchmarks?month=2026-03", leader), 200);
    JsonObject response = kpi(b, "response-median-minutes");
    assertEquals(3, response.getInteger("n"));
    assertEquals(6.0, response.getDouble("median"), 1e-9); // 4, 6, 30
    assertEquals(5.0, response.getDouble("q1"), 1e-9);
    assertEquals(18.0, response.getDouble("q3"), 1e-9);
    assertTrue(response.getBoolean("leading"));
    assertFalse(kpi(b, "win-rate").getBoolean("leading"));
    assertEquals(0.5, kpi(b, "win-rate").getDouble("median"), 1e-9); // 0, 0.5, 1
    JsonObject rep2 = rep(b, "rep2").getJsonObject("values").getJsonObject("response-median-minutes");
    assertEquals(1, rep2.getInteger("quarter"));
    assertEquals("better", rep2.getString("versusMedian"));
    JsonObject rep3 = rep(b, "rep3").getJsonObject("values").getJsonObject("response-median-minutes");
    assertEquals(4, rep3.getInteger("quarter"));
    assertEquals("worse", rep3.getString("versusMedian"));
    assertNull(rep(b, "rep4").getJsonObject("values").getJsonObject("win-rate"), "no data for rep4");
    JsonObject unknown = b.getJsonArray("bySource").getJsonObject(0);
    assertEquals("unknown", unknown.getString("source"));
    assertEquals(2, unknown.getInteger("won"));
    assertEquals(3, unknown.getInteger("lost"));
    JsonArray months = b.getJsonObject("trend").getJsonArray("months");
    assertEquals(12, months.size());
    assertEquals("2026-03", months.getString(11));
    assertEquals(20.0, b.getJsonObject("trend").getJsonObject("median").getJsonArray("response-median-minutes").getDouble(10),
        1e-9, "February: rep1 alone");
  }

  @Test
  @Order(3)
  void othersCannotReadAReps() {
    assertEquals(404, platform.get("/api/development/kpis/" + id("rep1"), token("rep2")).statusCode(), "a peer");
    assertEquals(200, platform.get("/api/development/kpis/" + id("rep1"), token("rep1")).statusCode(), "the rep");
    assertEquals(403, platform.get("/api/development/team/" + hunters + "/benchmarks", token("rep1")).statusCode());
    assertEquals(404, platform.get("/api/development/kpis/nobody", leader).statusCode());
    assertEquals(404, platform.get("/api/development/team/nobody/benchmarks", leader).statusCode());
    assertEquals(400, platform.get("/api/development/kpis/" + id("rep1") + "?from=2026-3-1", leader).statusCode());
    assertEquals(400, platform.get("/api/development/kpis/" + id("rep1") + "?from=2026-03-10&to=2026-03-01", leader)
        .statusCode());
    HttpResponse<String> future = platform.get("/api/development/team/" + hunters + "/benchmarks?month=2030-01", leader);
    assertEquals(400, future.statusCode());
    assertTrue(future.body().contains("RRRR-MM"), future.body());

    AccountStore store = new AccountStore(platform.node().database());
    Organisation globex = store.createOrganisation(new Organisation(AccountStore.newId(), "Globex KPIs",
        ZoneId.of("UTC"), Locale.ENGLISH, List.of("respect")));
    store.createUser(new User(AccountStore.newId(), globex.id(), "gina@globex-kpis.example", "Gina Leader",
        Set.of(Role.LEADER, Role.ADMIN), null, null, Passwords.hash(TestPlatform.DEMO_PASSWORD)));
    String gina = platform.token("gina@globex-kpis.example");
    assertEquals(404, platform.get("/api/development/kpis/" + id("rep1"), gina).statusCode());
    assertEquals(404, platform.get("/api/development/team/" + hunters + "/benchmarks", gina).statusCode());
    assertEquals(404, page("/development/kpis/" + id("rep1"), gina).statusCode());
    assertTrue(ok(platform.get("/api/development/costs", gina), 200).getJsonArray("costs").isEmpty());
  }

  @Test
  @Order(4)
  void costsAndDeparturesAreCheckedBeforeAnythingIsStored() {
    for (JsonObject bad : List.of(new JsonObject().put("month", "2026-03").put("amount", -1),
        new JsonObject().put("month", "2026-03").put("amount", "12"),
        new JsonObject().put("month", "2026-04").put("amount", 10),
        new JsonObject().put("month", "2026-13").put("amount", 10),
        new JsonObject().put("month", "2026-03").put("amount", 10).put("leadSource", "Web Ads"))) {
      HttpResponse<String> r = platform.json("POST", "/api/development/costs", leader, bad.encode());
      assertEquals(400, r.statusCode(), bad + ": " + r.body());
      assertTrue(r.body().contains("\"detail\""), r.body());
    }
    assertEquals(403, platform.json("POST", "/api/development/costs", token("rep1"),
        new JsonObject().put("month", "2026-03").put("amount", 10).encode()).statusCode());
    // the form refuses a bad amount with a readable page
    HttpResponse<String> form = form("/development/costs", leader, Map.of("month", "2026-03", "amount", "dużo", "team", hunters));
    assertEquals(400, form.statusCode());
    assertTrue(form.body().contains("Kwota musi być liczbą"), form.body());
    assertTrue(ok(platform.get("/api/development/costs", leader), 200).getJsonArray("costs").isEmpty(), "nothing stored");

    ok(platform.json("POST", "/api/development/costs", leader, new JsonObject().put("month", "2026-03").put("amount", 2500.5)
        .encode()), 201);
    assertEquals(303, form("/development/costs", leader, Map.of("month", "2026-02", "amount", "1 200,50",
        "leadSource", "web", "team", hunters)).statusCode());
    // entering a month again replaces it
    ok(platform.json("POST", "/api/development/costs", leader, new JsonObject().put("month", "2026-03").put("amount", 3000)
        .encode()), 201);
    JsonArray costs = ok(platform.get("/api/development/costs", leader), 200).getJsonArray("costs");
    assertEquals(2, costs.size(), costs.encode());
    assertEquals(3000.0, costs.getJsonObject(0).getDouble("amount"));
    assertEquals(1200.5, costs.getJsonObject(1).getDouble("amount"));
    assertEquals("web", costs.getJsonObject(1).getString("leadSource"));

    assertEquals(400, platform.json("POST", "/api/development/departures", leader, new JsonObject().put("userId", "nobody")
        .put("date", "2026-02-01").put("kind", "voluntary").encode()).statusCode());
    assertEquals(400, platform.json("POST", "/api/development/departures", leader, new JsonObject().put("userId", id("rep8"))
        .put("date", "2026-04-01").put("kind", "voluntary").encode()).statusCode());
    assertEquals(400, platform.json("POST", "/api/development/departures", leader, new JsonObject().put("userId", id("rep8"))
        .put("date", "2026-02-01").put("kind", "fired").encode()).statusCode());
    assertTrue(ok(platform.get("/api/development/departures", leader), 200).getJsonArray("departures").isEmpty());
    ok(platform.json("POST", "/api/development/departures", leader, new JsonObject().put("userId", id("rep8"))
        .put("date", "2026-02-01").put("kind", "voluntary").encode()), 201);
    assertEquals(1, ok(platform.get("/api/development/departures", leader), 200).getJsonArray("departures").size());
  }

  @Test
  @Order(5)
  void pagesShowTheKpisChartsAndTheTeamDashboard() {
    String mine = okPage("/development/kpis/" + id("rep1") + "?month=2026-03", token("rep1"));
    assertTrue(mine.contains("Wskaźniki: Robert Nowak"), "Polish heading");
    assertTrue(mine.contains("<svg"), "charts are rendered on the server");
    assertTrue(mine.contains("role=\"img\""));
    assertTrue(mine.contains("Czas reakcji na lead (mediana): 12 miesięcy"), "a trend chart's title");
    // the month under way (16 March) is marked on the trend, and time selling is a share, not hours so far
    assertTrue(mine.contains("2026-03 (dotąd)"), "the part-month is marked");
    assertTrue(mine.contains("data-kpi=\"selling-share\""), "time selling as a share of working time");
    assertTrue(mine.contains("data-kpi=\"attempts-to-contact\""), "the seed's attempts per lead until contact");
    assertFalse(mine.contains("style="), "no inline styles: the CSP forbids them");
    assertFalse(mine.contains("<script"));
    assertTrue(mine.matches("(?s).*data-kpi=\"response-median-minutes\"><th scope=\"row\">[^<]*</th>.*?6 min.*"), "rep1's median");
    assertEquals(404, page("/development/kpis/" + id("rep1"), token("rep2")).statusCode());
    assertEquals(403, page("/development/team", token("rep1")).statusCode());
    HttpResponse<String> css = page("/development/kpi.css", token("rep1"));
    assertEquals(200, css.statusCode());
    assertTrue(css.headers().firstValue("Content-Type").orElse("").startsWith("text/css"));

    String team = okPage("/development/team?team=" + hunters + "&month=2026-03", leader);
    assertTrue(team.contains("Zespół Hunters"));
    assertTrue(team.contains("id=\"benchmarks\"") && team.contains("Anna Kowalska") && team.contains("Piotr Wiśniewski"));
    assertTrue(team.contains("id=\"sources-team\"") && team.contains("id=\"sources-org\""));
    assertTrue(team.contains("id=\"cac-table\"") && team.contains("<svg"));
    // CAC and CLV each on their own axis: CLV's scale does not flatten CAC
    org.jsoup.nodes.Document teamHtml = org.jsoup.Jsoup.parse(team);
    assertEquals(1, teamHtml.select("svg title[id^=cac-trend]").size(), "a CAC chart");
    assertEquals(1, teamHtml.select("svg title[id^=clv-trend]").size(), "a CLV chart");
    // the departure form offers every rep of the organisation (not only the team), by name
    List<JsonObject> orgReps = new JsonArray(platform.get("/api/users", leader).body()).stream().map(JsonObject.class::cast)
        .filter(u -> u.getJsonArray("roles").contains("rep")).toList();
    org.jsoup.select.Elements options = teamHtml.select("#dep-user option");
    assertEquals(orgReps.size(), options.size(), options.toString());
    assertEquals("Anna Kowalska", options.select("option[value=" + id("rep2") + "]").text());
    // March: 3,000 of costs, no customer ids recorded so no new customers and no CAC
    assertTrue(team.matches("(?s).*data-month=\"2026-03\"><th scope=\"row\">2026-03</th><td>3[\\s\u00a0]?000</td><td>0</td>.*"),
        "the March row");
    // rep8 left in February: 1 departure over an average headcount of (9 + 10) / 2
    assertTrue(team.matches("(?s).*id=\"turnover-org\">11\\s?%.*"), "11% turnover");
    assertTrue(team.contains("27"), "the industry average");
    assertTrue(team.contains("id=\"praise-points\""), "rep2 earned points this week");
    assertTrue(team.substring(team.indexOf("id=\"praise-points\"")).contains("Anna Kowalska"));
    // other parts of the platform may not answer (no handler yet): the page says so instead of failing
    assertTrue(team.contains("Zaległe szkolenia i utrwalenia") && team.contains("Mentoringi bez spotkania od 14 dni"));
    assertTrue(team.contains("data-missing=\"training\"") || team.contains("id=\"overdue-training\"")
        || team.contains("Nic nie jest zaległe"), "training status or a note that it is not available");
    assertTrue(team.contains("data-missing=\"mentorships\"") || team.contains("id=\"stale-mentorships\"")
        || team.contains("id=\"no-stale-mentorships\""), "mentorships or a note");
    assertFalse(team.contains("style="));
    HttpResponse<String> noTeam = page("/development/team?team=nobody", leader);
    assertEquals(404, noTeam.statusCode());
  }

  @Test
  @Order(6)
  void oneKpiHasOneAnswerWhateverTheWindow() {
    // rep6's autumn: a meeting late in each month, each followed up five times in the next one
    List<JsonObject> acts = new ArrayList<>();
    String[][] meetings = {{"2025-09-28", "2025-10-0"}, {"2025-10-29", "2025-11-0"}, {"2025-11-27", "2025-12-0"}};
    int lead = 0;
    for (String[] m : meetings) {
      String l = "AUT" + lead++;
      acts.add(act("rep6", "meeting", m[0] + "T10:00:00Z").put("leadId", l));
      for (int i = 1; i <= 5; i++) {
        acts.add(act("rep6", "follow-up", m[1] + i + "T10:00:00Z").put("leadId", l));
      }
    }
    ok(platform.json("POST", "/api/activities/batch", leader, new JsonObject().put("activities", new JsonArray(acts))
        .encode()), 201);
    String base = "/api/development/kpis/" + id("rep6");
    double quarter = ok(platform.get(base + "?from=2025-09-01&to=2025-12-01", leader), 200).getJsonObject("values")
        .getDouble("five-follow-up-share");
    double shifted = ok(platform.get(base + "?from=2025-09-02&to=2025-12-01", leader), 200).getJsonObject("values")
        .getDouble("five-follow-up-share");
    double october = ok(platform.get(base + "?from=2025-10-01&to=2025-11-01", leader), 200).getJsonObject("values")
        .getDouble("five-follow-up-share");
    // every meeting had its five follow-ups: the quarter, the quarter less a day and one month all say so
    assertEquals(1.0, quarter, 1e-9, "three whole months");
    assertEquals(1.0, shifted, 1e-9, "the same window less its first day");
    assertEquals(1.0, october, 1e-9, "one month: its meeting's follow-ups came in November");
  }

  @Test
  @Order(7)
  void cacAndClvArePerTeamToo() {
    // rep1's page is served again from its kept body until a fact changes it
    String kpis = "/development/kpis/" + id("rep1") + "?month=2026-03";
    String winRate = kpiRow(okPage(kpis, leader), "win-rate");
    assertEquals(winRate, kpiRow(okPage(kpis, leader), "win-rate"));
    // March: a Hunter wins a new customer worth 12,000; a rep of another team one worth 3,000
    ok(platform.json("POST", "/api/activities/batch", leader, new JsonObject().put("activities", new JsonArray()
        .add(act("rep1", "won", "2026-03-10T10:00:00Z").put("value", 12_000).put("customerId", "CUST-H1")
            .put("opportunityId", "OH1"))
        .add(act("rep5", "won", "2026-03-11T10:00:00Z").put("value", 3_000).put("customerId", "CUST-F1")
            .put("opportunityId", "OF1"))).encode()), 201);
    HttpResponse<String> unknownTeam = platform.json("POST", "/api/development/costs", leader,
        new JsonObject().put("month", "2026-03").put("amount", 600).put("teamId", "nobody").encode());
    assertEquals(400, unknownTeam.statusCode());
    assertTrue(unknownTeam.body().contains("teamId"), unknownTeam.body());
    ok(platform.json("POST", "/api/development/costs", leader,
        new JsonObject().put("month", "2026-03").put("amount", 600).put("teamId", hunters).encode()), 201);

    String after = kpiRow(okPage(kpis, leader), "win-rate");
    assertTrue(!after.equals(winRate), "the win is on the page at once, not the page kept before it: " + after);

    org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(okPage("/development/team?team=" + hunters + "&month=2026-03", leader));
    org.jsoup.nodes.Element march = page.selectFirst("#team-cac-table tr[data-month=2026-03]");
    assertTrue(march != null, "the team's own CAC and CLV table");
    assertEquals("600", march.selectFirst("td.cac").text(), "the team's 600 over its one new customer");
    assertEquals("12\u00a0000", march.selectFirst("td.clv").text().replace(' ', '\u00a0'), "the team's customer only");
    assertEquals(1, page.select("svg title[id^=team-cac-trend]").size());
    assertEquals(1, page.select("svg title[id^=team-clv-trend]").size());
    // the organisation counts both customers and every cost
    org.jsoup.nodes.Element orgMarch = page.selectFirst("#cac-table tr[data-month=2026-03]");
    assertEquals("2", orgMarch.select("td").get(1).text(), "two new customers in the organisation");
  }

  /** The text of a KPI's row on a rep's KPI page. */
  private static String kpiRow(String html, String key) {
    org.jsoup.nodes.Element row = org.jsoup.Jsoup.parse(html).selectFirst("[data-kpi=" + key + "]");
    assertTrue(row != null, "no row " + key);
    return row.text();
  }

  private static JsonObject kpi(JsonObject bench, String key) {
    return bench.getJsonArray("kpis").stream().map(JsonObject.class::cast).filter(k -> key.equals(k.getString("key")))
        .findFirst().orElseThrow();
  }

  private static JsonObject rep(JsonObject bench, String who) {
    return bench.getJsonArray("reps").stream().map(JsonObject.class::cast).filter(r -> id(who).equals(r.getString("userId")))
        .findFirst().orElseThrow();
  }

  private static JsonObject act(String who, String kind, String at) {
    return new JsonObject().put("id", "kpi-" + (seq++)).put("userId", id(who)).put("kind", kind).put("occurredAt", at);
  }

  private static JsonObject responded(String who, String lead, String received, String at) {
    return act(who, "lead-responded", at).put("leadId", lead).put("leadReceivedAt", received);
  }

  private static JsonObject ok(HttpResponse<String> r, int status) {
    assertEquals(status, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }

  private static String okPage(String path, String token) {
    HttpResponse<String> r = page(path, token);
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return r.body();
  }

  private static HttpResponse<String> page(String path, String token) {
    return platform.send(platform.request(path).header("Authorization", "Bearer " + token).header("Accept", "text/html")
        .GET().build());
  }

  private static HttpResponse<String> form(String path, String token, Map<String, String> fields) {
    StringBuilder body = new StringBuilder();
    fields.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return platform.send(platform.request(path).header("Authorization", "Bearer " + token).header("Accept", "text/html")
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build());
  }

  private static String token(String who) {
    return tokens.computeIfAbsent(who, w -> platform.token(w + "@acme.example"));
  }

  private static String id(String who) {
    return ids.computeIfAbsent(who, w -> new AccountStore(platform.node().database()).userByEmail(w + "@acme.example")
        .orElseThrow().id());
  }
}
