package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.TestClock;
import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An organisation's settings after it exists: members read them, admins change them (API and page),
 * bad answers change nothing, every change is audited, and what counts days follows a new time zone at
 * once while what was recorded before keeps its day and its value.
 */
class OrganisationSettingsTest {

  @TempDir
  static Path data;
  private static final TestClock CLOCK = new TestClock(Instant.parse("2026-03-02T09:00:00Z"));
  private static TestPlatform platform;
  private static String admin;
  private static String leader;
  private static String rep;

  @BeforeAll
  static void start() {
    platform = TestPlatform.start(data, TestPlatform.distributionPlugins(), Map.of(), CLOCK);
    admin = platform.token("admin@acme.example");
    leader = platform.token("leader@acme.example");
    rep = platform.token("rep1@acme.example");
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void adminsChangeTheSettingsAndNewDaysAndPraiseFollowAtOnce() throws Exception {
    JsonObject before = ok(platform.get("/api/organisation", rep));
    assertEquals("Acme Sales", before.getString("name"));
    assertEquals("Europe/Warsaw", before.getString("zone"));
    assertEquals("PLN", before.getString("currency"));
    String repId = new JsonObject(platform.get("/api/me", rep).body()).getString("id");

    // Praise for a value that is about to be retired, and a call scored on a Warsaw day.
    assertEquals(201, platform.json("POST", "/api/recognition/praise", leader, new JsonObject().put("toUserId", repId)
        .put("value", "honesty").put("message", "Told the client the truth").encode()).statusCode());
    postCall("s-before", repId, "2026-03-01T23:30:00Z");

    JsonObject changes = new JsonObject().put("name", "Acme Sales Europe").put("zone", "America/New_York")
        .put("locale", "en").put("currency", "eur").put("values", new JsonArray(new java.util.ArrayList<>(before
            .getJsonArray("values").stream().filter(v -> !v.equals("honesty"))
            .map(v -> v.equals("respect") ? "respect for all" : v).toList())).add("grit"));
    assertEquals(403, platform.json("PUT", "/api/organisation", rep, changes.encode()).statusCode());
    assertEquals(403, platform.json("PUT", "/api/organisation", leader, changes.encode()).statusCode());
    HttpResponse<String> badZone = platform.json("PUT", "/api/organisation", admin, changes.copy()
        .put("zone", "Mars/Olympus_Mons").encode());
    assertEquals(400, badZone.statusCode());
    assertTrue(badZone.body().contains("Mars/Olympus_Mons"), badZone.body());
    assertEquals(400, platform.json("PUT", "/api/organisation", admin, changes.copy().put("firstDayOfWeek", "monday")
        .encode()).statusCode(), "unknown settings are refused");
    assertEquals(before, ok(platform.get("/api/organisation", admin)), "nothing changed");

    JsonObject after = ok(platform.json("PUT", "/api/organisation", admin, changes.encode()));
    assertEquals("Acme Sales Europe", after.getString("name"));
    assertEquals("EUR", after.getString("currency"));
    assertEquals(after, ok(platform.get("/api/organisation", rep)));
    JsonArray audit = new JsonArray(platform.get("/api/audit", admin).body());
    JsonObject entry = audit.stream().map(o -> (JsonObject) o).filter(e -> "organisation.changed".equals(e.getString("action")))
        .findFirst().orElseThrow(() -> new AssertionError(audit.encodePrettily()));
    assertTrue(entry.getString("subject").contains("zone Europe/Warsaw → America/New_York"), entry.encode());
    assertTrue(entry.getString("subject").contains("−honesty"), entry.encode());

    // 23:30 UTC on 1 March was 2 March in Warsaw and is 1 March in New York: a new fact gets the new day,
    // the one scored before keeps its own.
    postCall("s-after", repId, "2026-03-01T23:40:00Z");
    JsonObject points = ok(platform.get("/api/points?user=" + repId, admin));
    assertEquals("2026-03-02", day(points, "s-before"));
    assertEquals("2026-03-01", day(points, "s-after"));

    // Retired values take no new praise; praise given keeps its value.
    assertEquals(400, platform.json("POST", "/api/recognition/praise", leader, new JsonObject().put("toUserId", repId)
        .put("value", "honesty").put("message", "Again").encode()).statusCode());
    assertEquals(201, platform.json("POST", "/api/recognition/praise", leader, new JsonObject().put("toUserId", repId)
        .put("value", "grit").put("message", "Kept calling").encode()).statusCode());
    JsonArray praise = ok(platform.get("/api/recognition/praise?scope=organisation", leader)).getJsonArray("praise");
    assertTrue(praise.stream().map(o -> (JsonObject) o).anyMatch(p -> "honesty".equals(p.getString("value"))),
        praise.encodePrettily());
  }

  @Test
  void weekAndQuarterBoardsFollowTheFirstDayOfTheWeekAndTheFiscalYear() throws Exception {
    String rep3 = new JsonObject(platform.get("/api/me", platform.token("rep3@acme.example")).body()).getString("id");
    // Today is Monday 2 March 2026. A call on Sunday 1 March, a meeting on 10 February.
    postCall("w-sunday", rep3, "2026-03-01T12:00:00Z");
    HttpResponse<String> meeting = platform.json("POST", "/api/activities", admin, new JsonObject().put("id", "w-feb")
        .put("userId", rep3).put("kind", "meeting").put("occurredAt", "2026-02-10T12:00:00Z").encode());
    assertEquals(201, meeting.statusCode(), meeting.body());
    platform.node().points().idle().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertEquals(0L, score(rep3, "week"), "weeks from Monday: Sunday was last week");
    assertEquals(6L, score(rep3, "quarter"), "calendar quarters: both in January to March");

    JsonObject current = ok(platform.get("/api/organisation", admin));
    JsonObject settings = current.copy();
    settings.remove("id");
    for (Object[] bad : new Object[][] {{"weekStart", "someday"}, {"fiscalYearStart", 13}, {"fiscalYearStart", 0},
        {"responseMinutes", 0}, {"responseMinutes", 1441}, {"attemptsPerLead", 101}, {"followUpsPerLead", -5},
        {"followUpsPerLead", 2.5}}) {
      HttpResponse<String> refused = platform.json("PUT", "/api/organisation", admin,
          settings.copy().put((String) bad[0], bad[1]).encode());
      assertEquals(400, refused.statusCode(), bad[0] + "=" + bad[1] + ": " + refused.body());
      assertTrue(refused.body().contains((String) bad[0]), refused.body());
    }
    assertEquals(current, ok(platform.get("/api/organisation", admin)), "nothing changed");

    JsonObject changed = ok(platform.json("PUT", "/api/organisation", admin, settings.copy().put("weekStart", "sunday")
        .put("fiscalYearStart", 3).put("responseMinutes", 10).put("attemptsPerLead", 12).encode()));
    assertEquals("sunday", changed.getString("weekStart"));
    assertEquals(3, changed.getInteger("fiscalYearStart"));
    assertEquals(10, changed.getInteger("responseMinutes"));
    assertEquals(12, changed.getInteger("attemptsPerLead"));
    assertEquals(settings.getInteger("followUpsPerLead"), changed.getInteger("followUpsPerLead"), "left as it was");

    // Fiscal quarters from March: the quarter under way is cut anew (from 1 March, with the Sunday
    // call), and February's meeting counts on the quarter before.
    assertEquals(1L, awaitScore(rep3, "quarter", 1L));
    HttpResponse<String> last = platform.get("/api/leaderboards/board?period=quarter&back=1&top=50", leader);
    assertTrue(last.body().contains(rep3), "the meeting counts on the quarter before: " + last.body());
    assertEquals("2025-12-01", new JsonObject(last.body()).getString("start"));
    // Weeks from Sunday: this week starts on Sunday 1 March; the week that closed before the change
    // (Monday 23 February to Sunday 1 March) keeps its figures, the Sunday call included.
    JsonObject board = new JsonObject(platform.get("/api/leaderboards/board?period=week&top=50", leader).body());
    assertEquals("2026-03-01", board.getString("start"));
    assertEquals(0L, score(rep3, "week"), "the call was counted in the week that closed");
    JsonObject closed = new JsonObject(platform.get("/api/leaderboards/board?period=week&back=1&top=50", leader).body());
    assertEquals("2026-02-23", closed.getString("start"));
    assertTrue(closed.encode().contains(rep3), "the closed week keeps its figures: " + closed.encode());
    JsonArray audit = new JsonArray(platform.get("/api/audit", admin).body());
    assertTrue(audit.stream().map(o -> (JsonObject) o).anyMatch(e -> e.getString("subject") != null
        && e.getString("subject").contains("week from MONDAY → SUNDAY")), audit.encodePrettily());
    // Back as it was, for the other tests.
    ok(platform.json("PUT", "/api/organisation", admin, settings.encode()));
  }

  private static long score(String userId, String period) {
    JsonObject board = new JsonObject(platform.get("/api/leaderboards/board?top=50&period=" + period, leader).body());
    return board.getJsonArray("top").stream().map(o -> (JsonObject) o).filter(l -> userId.equals(l.getString("id")))
        .mapToLong(l -> l.getLong("score")).findFirst().orElse(0L);
  }

  private static long awaitScore(String userId, String period, long expected) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    long now = score(userId, period);
    while (now != expected && System.nanoTime() < until) {
      Thread.sleep(50);
      now = score(userId, period);
    }
    return now;
  }

  @Test
  void thePageShowsTheSettingsAndRefusesBadAnswersWithTheReason() {
    Browser browser = new Browser(platform).signedIn("admin@acme.example");
    HttpResponse<String> page = browser.get("/admin/organisation");
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("<option value=\"Europe/Warsaw\" selected>")
        || page.body().contains("<option value=\"America/New_York\" selected>"), "the zone in force is chosen");
    HttpResponse<String> bad = browser.submit("/admin/organisation", "/admin/organisation", Map.of("name", "Acme",
        "zone", "Europe/Warsaw", "locale", "en", "currency", "PLN", "values", "x".repeat(61)));
    assertEquals(400, bad.statusCode());
    assertTrue(bad.body().contains("a value has at most 60 characters"), bad.body());
    assertEquals(403, new Browser(platform).signedIn("leader@acme.example").get("/admin/organisation").statusCode());
  }

  private static void postCall(String id, String repId, String at) throws Exception {
    HttpResponse<String> r = platform.json("POST", "/api/activities", admin, new JsonObject().put("id", id)
        .put("userId", repId).put("kind", "call").put("occurredAt", at).encode());
    assertEquals(201, r.statusCode(), r.body());
    platform.node().points().idle().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static String day(JsonObject points, String clientId) {
    String sourceId = dev.quotient.server.activity.Activity.activityId(orgId(), clientId);
    return points.getJsonArray("entries").stream().map(o -> (JsonObject) o)
        .filter(e -> sourceId.equals(e.getString("sourceId"))).findFirst()
        .orElseThrow(() -> new AssertionError(clientId + " not in " + points.encodePrettily())).getString("day");
  }

  private static String orgId() {
    return ok(platform.get("/api/organisation", admin)).getString("id");
  }

  private static JsonObject ok(HttpResponse<String> r) {
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }
}
