package dev.quotient.distribution;

import static dev.quotient.distribution.RecognitionFixtures.eventually;
import static dev.quotient.distribution.RecognitionFixtures.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import dev.quotient.api.Role;
import dev.quotient.api.event.Catalogue;
import dev.quotient.api.event.Events;
import dev.quotient.server.account.AccountStore;
import dev.quotient.server.account.Organisation;
import dev.quotient.server.account.Passwords;
import dev.quotient.server.account.User;
import dev.quotient.server.activity.Activity;
import dev.quotient.testkit.TestClock;
import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recognition driven by activity, points and contests, over real HTTP against one node whose clock
 * the test sets: threshold badges awarded once however often an activity or a credit arrives,
 * contest wins awarded per contest and celebrated, individual goals proposed, agreed, met and
 * celebrated with a prompt for leaders to praise, follow-up cadence streaks counted in weeks of the
 * organisation's zone (Europe/Warsaw) across the March DST change, and bad input refused with
 * nothing stored. Each test uses its own demo reps; a test that moves the clock puts it back.
 */
class RecognitionProgressTest {

  @TempDir
  static Path data;
  /** A Wednesday; the clocks in Warsaw went forward on Sunday 29 March at 01:00 UTC. */
  private static final TestClock CLOCK = new TestClock(Instant.parse("2026-04-01T10:00:00Z"));
  private static TestPlatform platform;
  private static String leader;
  private static Map<String, String> ids;
  private static String orgId;
  private static final List<Events.BadgeAwarded> awarded = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    platform = TestPlatform.start(data, TestPlatform.distributionPlugins(), Map.of(), CLOCK);
    leader = platform.token("leader@acme.example");
    ids = RecognitionFixtures.userIds(platform, leader);
    orgId = new AccountStore(platform.node().database()).organisationByName("Acme Sales").orElseThrow().id();
    platform.node().vertx().eventBus().<Events.BadgeAwarded>consumer(Catalogue.BADGE_AWARDED.address(), m -> awarded.add(m.body()));
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  private static String id(String who) {
    return ids.get(who + "@acme.example");
  }

  private static JsonObject activity(String clientId, String userId, String kind, String occurredAt) {
    JsonObject a = new JsonObject().put("id", clientId).put("userId", userId).put("kind", kind).put("occurredAt", occurredAt);
    return "won".equals(kind) ? a.put("value", 1000.0) : a;
  }

  private static void post(JsonObject... activities) {
    HttpResponse<String> r = platform.json("POST", "/api/activities/batch", leader,
        new JsonObject().put("activities", new JsonArray(List.of((Object[]) activities))).encode());
    assertTrue(r.statusCode() == 201 || r.statusCode() == 200, r.body());
  }

  private static List<JsonObject> awardsOf(String userId, String badgeId) {
    return ok(platform.get("/api/recognition/people/" + userId, leader), 200).getJsonArray("badges").stream()
        .map(JsonObject.class::cast).filter(b -> b.getString("badgeId").equals(badgeId)).toList();
  }

  private static long badgeEvents(String userId, String badgeId) {
    return awarded.stream().filter(e -> e.userId().equals(userId) && e.badgeId().equals(badgeId)).count();
  }

  private static List<JsonObject> celebrations(String token, String query) {
    return ok(platform.get("/api/recognition/praise" + query, token), 200).getJsonArray("celebrations").stream()
        .map(JsonObject.class::cast).toList();
  }

  @Test
  void tenDealsEarnTheThresholdBadgeOnceHoweverOftenTheyArrive() throws Exception {
    String rep3 = id("rep3");
    JsonObject[] nine = new JsonObject[9];
    for (int i = 0; i < 9; i++) {
      nine[i] = activity("deal-rep3-" + i, rep3, "won", "2026-03-" + (10 + i) + "T10:00:00Z");
    }
    post(nine);
    post(nine);
    eventually(() -> !awardsOf(rep3, "first-deal-won").isEmpty(), "first-deal-won");
    // The same activity seen again on the bus (another node, a replay) counts once.
    Events.ActivityRecorded replay = new Events.ActivityRecorded(orgId, Activity.activityId(orgId, "deal-rep3-0"), rep3, "won",
        Instant.parse("2026-03-10T10:00:00Z"), 1000);
    platform.node().vertx().eventBus().publish(Catalogue.ACTIVITY_RECORDED.address(), replay);
    platform.node().vertx().eventBus().publish(Catalogue.ACTIVITY_RECORDED.address(), replay);
    Thread.sleep(600);
    assertTrue(awardsOf(rep3, "ten-deals").isEmpty(), "nine distinct deals are not ten");

    post(activity("deal-rep3-9", rep3, "won", "2026-03-31T10:00:00Z"), nine[0]);
    eventually(() -> !awardsOf(rep3, "ten-deals").isEmpty(), "ten-deals");
    post(activity("deal-rep3-10", rep3, "won", "2026-03-31T11:00:00Z"));
    Thread.sleep(500);
    assertEquals(1, awardsOf(rep3, "ten-deals").size());
    assertEquals(1, awardsOf(rep3, "first-deal-won").size());
    assertEquals(1, badgeEvents(rep3, "ten-deals"), "published once");
    assertEquals(1, badgeEvents(rep3, "first-deal-won"));

    // The new kind exports as a valid Open Badges 3.0 credential.
    JsonObject award = awardsOf(rep3, "ten-deals").get(0);
    JsonObject credential = ok(platform.get("/api/recognition/awards/" + award.getString("id") + "/credential",
        platform.token("rep3@acme.example")), 200);
    List<Error> errors = OpenBadgesTest.schema().validate(credential.encode(), InputFormat.JSON);
    assertEquals(List.of(), errors.stream().map(Error::toString).toList(), credential.encodePrettily());
    assertTrue(credential.getJsonObject("credentialSubject").getJsonObject("achievement").getString("id")
        .contains(":ten-deals:"), credential.encode());
  }

  @Test
  void pointsCountEachLedgerEntryOnceAndOnlyWhatTheLedgerHolds() throws Exception {
    String rep4 = id("rep4");
    // 19 won deals: 475 points in the ledger, one entry each.
    JsonObject[] deals = new JsonObject[19];
    for (int i = 0; i < deals.length; i++) {
      deals[i] = activity("points-rep4-" + i, rep4, "won", "2026-03-" + (10 + i) + "T10:00:00Z");
    }
    post(deals);
    post(deals);
    // A credit announced on the bus but never stored is no fact: it must not count.
    var bus = platform.node().vertx().eventBus();
    Events.PointsAwarded phantom = points(rep4, "entry-not-in-the-ledger", 300);
    bus.publish(Catalogue.POINTS_AWARDED.address(), phantom);
    bus.publish(Catalogue.POINTS_AWARDED.address(), phantom);
    platform.node().points().idle().toCompletionStage().toCompletableFuture().get();
    Thread.sleep(1_000);
    assertTrue(awardsOf(rep4, "points-500").isEmpty(), "475 points stored, each deal posted twice");
    post(activity("points-rep4-19", rep4, "won", "2026-03-29T10:00:00Z"));
    eventually(() -> !awardsOf(rep4, "points-500").isEmpty(), "points-500");
    post(activity("points-rep4-20", rep4, "call", "2026-03-29T11:00:00Z"));
    Thread.sleep(600);
    assertEquals(1, awardsOf(rep4, "points-500").size());
    assertEquals(1, badgeEvents(rep4, "points-500"));
  }

  private static Events.PointsAwarded points(String userId, String entryId, long points) {
    Instant now = CLOCK.instant();
    return new Events.PointsAwarded(orgId, userId, points, "test", "source-" + entryId, now, entryId, "rule", List.of("BQ"), now);
  }

  @Test
  void eachContestWonEarnsTheBadgeOnceAndIsCelebratedOnTheTeamFeed() throws Exception {
    var bus = platform.node().vertx().eventBus();
    Instant ended = CLOCK.instant();
    Events.ContestWon spring = new Events.ContestWon(orgId, "contest-spring", "Spring sprint", id("rep5"), null, 1, "Dinner for two", ended);
    bus.publish(Catalogue.CONTEST_WON.address(), spring);
    bus.publish(Catalogue.CONTEST_WON.address(), spring);
    bus.publish(Catalogue.CONTEST_WON.address(), new Events.ContestWon(orgId, "contest-calls", "Call marathon", id("rep5"), null, 1,
        null, ended));
    bus.publish(Catalogue.CONTEST_WON.address(), new Events.ContestWon(orgId, "contest-spring", "Spring sprint", id("rep6"), null, 2,
        "Cinema tickets", ended));
    eventually(() -> awardsOf(id("rep5"), "contest-winner").size() == 2, "one award per contest");
    Thread.sleep(400);
    assertEquals(2, awardsOf(id("rep5"), "contest-winner").size());
    assertEquals(2, badgeEvents(id("rep5"), "contest-winner"));
    assertTrue(awardsOf(id("rep6"), "contest-winner").isEmpty(), "second place is not a win");
    assertTrue(awardsOf(id("rep5"), "contest-winner").stream().anyMatch(a -> "Spring sprint".equals(a.getString("note"))));

    List<JsonObject> farmers = celebrations(platform.token("rep7@acme.example"), "");
    List<JsonObject> won = farmers.stream().filter(c -> c.getString("type").equals("contest-won")).toList();
    assertEquals(2, won.size(), farmers.toString());
    JsonObject sprint = won.stream().filter(c -> c.getString("contestId").equals("contest-spring")).findFirst().orElseThrow();
    assertEquals("Jan Kamiński", sprint.getJsonObject("person").getString("name"));
    assertEquals("Dinner for two", sprint.getString("prize"));
    assertTrue(celebrations(platform.token("rep1@acme.example"), "").stream()
        .noneMatch(c -> "contest-won".equals(c.getString("type"))), "not on the Hunters' feed");
    String page = page("/recognition", platform.token("rep8@acme.example"));
    assertTrue(page.contains("Jan Kamiński won the contest “Spring sprint”: Dinner for two"), page);
  }

  @Test
  void aGoalProposedAgreedAndMetIsCelebratedAndLeadersArePromptedToPraise() throws Exception {
    String rep1 = platform.token("rep1@acme.example");
    post(activity("goal-meeting-before", id("rep1"), "meeting", "2026-03-31T10:00:00Z"));
    JsonObject goal = ok(platform.json("POST", "/api/recognition/goals", rep1, new JsonObject().put("title", "Two demo meetings")
        .put("metric", "meeting").put("target", 2).put("dueOn", "2026-04-10").encode()), 201);
    assertEquals("proposed", goal.getString("state"));
    assertEquals(0, goal.getInteger("progress"), "activity before the goal's first day does not count");
    assertEquals("2026-04-01", goal.getString("startsOn"));

    post(activity("goal-meeting-1", id("rep1"), "meeting", "2026-04-01T09:00:00Z"));
    Thread.sleep(300);
    JsonObject agreed = ok(platform.json("POST", "/api/recognition/goals/" + goal.getString("id") + "/agree", leader, "{}"), 200);
    assertEquals("agreed", agreed.getString("state"));
    assertEquals(1, agreed.getInteger("progress"));
    assertEquals(409, platform.json("POST", "/api/recognition/goals/" + goal.getString("id") + "/agree", leader, "{}").statusCode(),
        "agreed once");

    post(activity("goal-meeting-2", id("rep1"), "meeting", "2026-04-01T09:30:00Z"));
    eventually(() -> goalOf(rep1, goal.getString("id")).getString("state").equals("met"), "goal met");
    post(activity("goal-meeting-2", id("rep1"), "meeting", "2026-04-01T09:30:00Z"),
        activity("goal-meeting-3", id("rep1"), "meeting", "2026-04-01T09:40:00Z"));
    Thread.sleep(400);

    List<JsonObject> team = celebrations(platform.token("rep2@acme.example"), "").stream()
        .filter(c -> goal.getString("id").equals(c.getString("goalId"))).toList();
    assertEquals(1, team.size(), "celebrated once on the team feed");
    assertEquals("Two demo meetings", team.get(0).getString("title"));
    assertNull(team.get(0).getString("praiseUrl"), "colleagues are not prompted");
    JsonObject forLeader = celebrations(leader, "?scope=organisation").stream()
        .filter(c -> goal.getString("id").equals(c.getString("goalId"))).findFirst().orElseThrow();
    assertEquals("/recognition?to=" + id("rep1") + "#praise-form", forLeader.getString("praiseUrl"));
    String home = page("/recognition", leader);
    assertTrue(home.contains("Robert Nowak met the goal “Two demo meetings”") && home.contains("Praise Robert Nowak now"), home);
    String form = page("/recognition?to=" + id("rep1"), leader);
    assertTrue(form.contains("value=\"" + id("rep1") + "\" selected"), "the praise form comes with the person chosen");
    assertTrue(page("/recognition/people/" + id("rep1"), leader).contains("Praise Robert Nowak now"),
        "the leader's view of the rep's page prompts too");
    String own = page("/recognition/people/" + id("rep1"), rep1);
    assertFalse(own.contains("Praise Robert Nowak now"), "nobody is prompted to praise themselves");
    assertTrue(own.contains("<progress id=\"goal-" + goal.getString("id") + "\" max=\"2\" value=\"3\""), own);
  }

  @Test
  void aLeaderSetsAGoalAndBadGoalsAreRefusedWithNothingStored() {
    String rep2 = platform.token("rep2@acme.example");
    JsonObject set = ok(platform.json("POST", "/api/recognition/goals", leader, new JsonObject().put("userId", id("rep2"))
        .put("title", "Five deals in April").put("metric", "won").put("target", 5).put("dueOn", "2026-04-30").encode()), 201);
    assertEquals("agreed", set.getString("state"), "a leader's goal needs no agreement");
    int before = goals(rep2).size();
    JsonObject good = new JsonObject().put("title", "Calls").put("metric", "call").put("target", 10).put("dueOn", "2026-04-20");
    Map<String, JsonObject> bad = Map.of(
        "zero target", good.copy().put("target", 0),
        "negative target", good.copy().put("target", -3),
        "fractional target", good.copy().put("target", 2.5),
        "due in the past", good.copy().put("dueOn", "2026-03-31"),
        "not a date", good.copy().put("dueOn", "soon"),
        "unknown kind", good.copy().put("metric", "dancing"),
        "blank title", good.copy().put("title", "  "));
    bad.forEach((what, body) -> {
      HttpResponse<String> r = platform.json("POST", "/api/recognition/goals", rep2, body.encode());
      assertEquals(400, r.statusCode(), what + ": " + r.body());
      assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), what);
    });
    assertEquals(403, platform.json("POST", "/api/recognition/goals", rep2, good.copy().put("userId", id("rep3")).encode())
        .statusCode(), "someone else's goal");
    assertEquals(403, platform.json("POST", "/api/recognition/goals/" + set.getString("id") + "/agree", rep2, "{}").statusCode());
    assertEquals(404, platform.get("/api/recognition/goals?userId=" + id("rep3"), rep2).statusCode(), "someone else's goals");
    assertEquals(403, platform.get("/api/recognition/goals?state=proposed", rep2).statusCode());
    assertEquals(400, platform.json("POST", "/api/recognition/goals", leader, good.copy().put("userId", id("trainer")).encode())
        .statusCode(), "goals are for reps");
    assertEquals(before, goals(rep2).size(), "nothing stored");
    assertTrue(goals(platform.token("rep3@acme.example")).isEmpty());

    String other = otherOrganisationLeader();
    assertEquals(404, platform.json("POST", "/api/recognition/goals/" + set.getString("id") + "/agree", other, "{}").statusCode());
    assertEquals(404, platform.json("POST", "/api/recognition/goals", other, good.copy().put("userId", id("rep2")).encode())
        .statusCode(), "another organisation's person");
  }

  @Test
  void weeklyStreaksAreCountedInWarsawWeeksAcrossTheDaylightSavingChange() {
    String rep8 = id("rep8");
    String cadence = "/api/recognition/people/" + rep8 + "/cadence";
    assertEquals(403, platform.json("POST", cadence, platform.token("rep8@acme.example"),
        new JsonObject().put("period", "weekly").put("target", 1).encode()).statusCode(), "leaders set cadences");
    assertEquals(400, platform.json("POST", cadence, leader, new JsonObject().put("period", "monthly").put("target", 2).encode())
        .statusCode());
    assertEquals(400, platform.json("POST", cadence, leader, new JsonObject().put("period", "weekly").put("target", 0).encode())
        .statusCode());
    assertEquals(400, platform.json("POST", "/api/recognition/people/" + id("trainer") + "/cadence", leader,
        new JsonObject().put("period", "weekly").put("target", 2).encode()).statusCode(), "cadences are for reps");
    JsonObject defaults = ok(platform.get(cadence, platform.token("rep8@acme.example")), 200);
    assertEquals("weekly", defaults.getString("period"));
    assertEquals(5, defaults.getInteger("target"), "the configured default");
    ok(platform.json("POST", cadence, leader, new JsonObject().put("period", "weekly").put("target", 2).encode()), 200);

    post(activity("fu-rep8-1", rep8, "follow-up", "2026-03-17T10:00:00Z"), // Tue 17 March, week of 16 March
        activity("fu-rep8-2", rep8, "follow-up", "2026-03-22T23:30:00Z"), // Mon 23 March 00:30 CET: week of 23 March
        activity("fu-rep8-3", rep8, "follow-up", "2026-03-29T21:30:00Z"), // Sun 29 March 23:30 CEST: still week of 23 March
        activity("fu-rep8-4", rep8, "follow-up", "2026-03-29T22:30:00Z")); // Mon 30 March 00:30 CEST: this week
    eventually(() -> weeks(rep8).stream().mapToInt(w -> w.getInteger("count")).sum() == 4, "four follow-ups counted");
    JsonObject s = ok(platform.get(cadence, leader), 200);
    List<JsonObject> weeks = weeks(rep8);
    assertEquals(8, weeks.size());
    assertEquals(List.of("2026-03-16", "2026-03-23", "2026-03-30"),
        weeks.subList(5, 8).stream().map(w -> w.getString("start")).toList());
    assertEquals(List.of(1, 2, 1), weeks.subList(5, 8).stream().map(w -> w.getInteger("count")).toList(),
        "weeks of Warsaw, not of UTC");
    assertEquals(List.of(false, true, false), weeks.subList(5, 8).stream().map(w -> w.getBoolean("met")).toList());
    assertTrue(weeks.get(7).getBoolean("current"));
    assertEquals(1, s.getInteger("current"), "the week in progress does not break the streak");
    assertEquals(1, s.getInteger("best"));

    post(activity("fu-rep8-5", rep8, "follow-up", "2026-04-01T09:00:00Z"));
    eventually(() -> ok(platform.get(cadence, leader), 200).getInteger("current") == 2, "this week met: streak of two");

    Instant now = CLOCK.instant();
    CLOCK.set(Instant.parse("2026-04-15T10:00:00Z"));
    try {
      JsonObject later = ok(platform.get(cadence, leader), 200);
      assertEquals(0, later.getInteger("current"), "the week of 6 April had no follow-ups");
      assertEquals(2, later.getInteger("best"));
      assertEquals(1, later.getInteger("broken"));
      String page = page("/recognition/people/" + rep8, platform.token("rep8@acme.example"));
      assertTrue(page.contains("Current streak: 0. Best streak: 2. Streaks broken: 1."), page);
      assertEquals(8, page.split("<li class=\"cell").length - 1, "eight weeks shown");
      assertTrue(page.contains("target missed") && page.contains("target met") && page.contains("in progress"),
          "text for each cell");
    } finally {
      CLOCK.set(now);
    }
  }

  @Test
  void fourWeeksInARowEarnTheStreakBadge() {
    String rep7 = id("rep7");
    ok(platform.json("POST", "/api/recognition/people/" + rep7 + "/cadence", leader,
        new JsonObject().put("period", "weekly").put("target", 1).encode()), 200);
    post(Stream.of("2026-03-10", "2026-03-17", "2026-03-24").map(d -> activity("fu-rep7-" + d, rep7, "follow-up", d + "T08:00:00Z"))
        .toArray(JsonObject[]::new));
    post(activity("fu-rep7-x", rep7, "follow-up", "2026-03-25T08:00:00Z"));
    pause(500);
    assertTrue(awardsOf(rep7, "cadence-keeper").isEmpty(), "three weeks are not four");
    post(activity("fu-rep7-2026-03-31", rep7, "follow-up", "2026-03-31T08:00:00Z"));
    eventually(() -> !awardsOf(rep7, "cadence-keeper").isEmpty(), "cadence-keeper");
    assertEquals(1, badgeEvents(rep7, "cadence-keeper"));
  }

  private static List<JsonObject> weeks(String userId) {
    return ok(platform.get("/api/recognition/people/" + userId + "/cadence", leader), 200).getJsonArray("periods").stream()
        .map(JsonObject.class::cast).toList();
  }

  private static List<JsonObject> goals(String token) {
    return ok(platform.get("/api/recognition/goals", token), 200).getJsonArray("goals").stream().map(JsonObject.class::cast).toList();
  }

  private static JsonObject goalOf(String token, String goalId) {
    return goals(token).stream().filter(g -> g.getString("id").equals(goalId)).findFirst().orElseThrow();
  }

  private static String page(String path, String token) {
    HttpResponse<String> r = platform.send(platform.request(path).header("Authorization", "Bearer " + token)
        .header("Accept-Language", "en").GET().build());
    assertEquals(200, r.statusCode(), r.body());
    return r.body();
  }

  private static String otherOrganisationLeader() {
    AccountStore store = new AccountStore(platform.node().database());
    Organisation org = store.createOrganisation(new Organisation(AccountStore.newId(), "Globex Goals",
        ZoneId.of("UTC"), Locale.ENGLISH, List.of("respect")));
    store.createUser(new User(AccountStore.newId(), org.id(), "leader@globex-goals.example", "Globex Leader",
        Set.of(Role.LEADER), null, null, Passwords.hash(TestPlatform.DEMO_PASSWORD)));
    return platform.token("leader@globex-goals.example");
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
