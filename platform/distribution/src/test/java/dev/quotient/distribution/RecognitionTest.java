package dev.quotient.distribution;

import static dev.quotient.distribution.RecognitionFixtures.eventually;
import static dev.quotient.distribution.RecognitionFixtures.ok;
import static dev.quotient.distribution.RecognitionFixtures.praise;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.api.Role;
import dev.quotient.api.event.Catalogue;
import dev.quotient.api.event.Commands;
import dev.quotient.api.event.Events;
import dev.quotient.server.account.AccountStore;
import dev.quotient.server.account.Organisation;
import dev.quotient.server.account.Passwords;
import dev.quotient.server.account.User;
import dev.quotient.testkit.TestClock;
import dev.quotient.testkit.TestPlatform;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recognition plugin over real HTTP against one node with the real plugin jar and a clock the
 * test moves: praise rules and limits, the feed, events published once, idempotent submits, manual,
 * first-time and milestone badges, the award command and the badge import. Each test uses its own
 * demo users (givers and receivers), so their order does not matter.
 */
class RecognitionTest {

  private static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");

  @TempDir
  static Path data;
  private static final TestClock CLOCK = new TestClock(Instant.parse("2026-03-02T09:00:00Z"));
  private static TestPlatform platform;
  private static String leader;
  private static Map<String, String> ids;
  private static String orgId;
  private static final List<Events.PraiseGiven> praised = new CopyOnWriteArrayList<>();
  private static final List<Events.BadgeAwarded> awarded = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    platform = TestPlatform.start(data, TestPlatform.distributionPlugins(), Map.of(), CLOCK);
    leader = platform.token("leader@acme.example");
    ids = RecognitionFixtures.userIds(platform, leader);
    orgId = new AccountStore(platform.node().database()).organisationByName("Acme Sales").orElseThrow().id();
    platform.node().vertx().eventBus().<Events.PraiseGiven>consumer(Catalogue.PRAISE_GIVEN.address(), m -> praised.add(m.body()));
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

  private static long praiseEvents(String praiseId) {
    return praised.stream().filter(e -> e.praiseId().equals(praiseId)).count();
  }

  private static long badgeEvents(String userId, String badgeId) {
    return awarded.stream().filter(e -> e.userId().equals(userId) && e.badgeId().equals(badgeId)).count();
  }

  private static JsonArray badgesOf(String userId) {
    return ok(platform.get("/api/recognition/people/" + userId, leader), 200).getJsonArray("badges");
  }

  private static boolean has(String userId, String badgeId) {
    return badgesOf(userId).stream().anyMatch(b -> ((JsonObject) b).getString("badgeId").equals(badgeId));
  }

  @Test
  void praiseIsStoredShownOnTheTeamFeedAndPublishedOnce() {
    String rep1 = platform.token("rep1@acme.example");
    JsonObject p = ok(praise(platform, rep1, id("rep2"), "ownership", "Took the **Kowalski** renewal end to end.", null), 201);
    assertEquals("ownership", p.getString("value"));
    assertEquals("Robert Nowak", p.getJsonObject("from").getString("name"));
    assertEquals("Anna Kowalska", p.getJsonObject("to").getString("name"));
    assertTrue(p.getString("html").contains("<strong>Kowalski</strong>"), p.encode());
    assertEquals(CLOCK.instant().toString(), p.getString("givenAt"));

    JsonArray teamFeed = ok(platform.get("/api/recognition/praise", platform.token("rep3@acme.example")), 200).getJsonArray("praise");
    assertTrue(teamFeed.stream().anyMatch(o -> ((JsonObject) o).getString("id").equals(p.getString("id"))), "on the Hunters' feed");
    JsonArray otherTeam = ok(platform.get("/api/recognition/praise", platform.token("rep5@acme.example")), 200).getJsonArray("praise");
    assertFalse(otherTeam.encode().contains(p.getString("id")), "not on the Farmers' feed");
    JsonArray org = ok(platform.get("/api/recognition/praise?scope=organisation", leader), 200).getJsonArray("praise");
    assertTrue(org.encode().contains(p.getString("id")), "leaders see the organisation's feed");
    assertEquals(403, platform.get("/api/recognition/praise?scope=organisation", rep1).statusCode());

    eventually(() -> praiseEvents(p.getString("id")) >= 1, "praise.given");
    Events.PraiseGiven e = praised.stream().filter(x -> x.praiseId().equals(p.getString("id"))).findFirst().orElseThrow();
    assertEquals(orgId, e.orgId());
    assertEquals(id("rep1"), e.fromUserId());
    assertEquals(id("rep2"), e.toUserId());
    assertEquals("ownership", e.value());
    sleep(300);
    assertEquals(1, praiseEvents(p.getString("id")), "published exactly once");

    String page = platform.send(platform.request("/recognition").header("Authorization", "Bearer " + platform.token("rep4@acme.example"))
        .header("Accept-Language", "en").GET().build()).body();
    assertTrue(page.contains("<strong>Kowalski</strong>"), "the feed page shows the rendered message");
    assertTrue(page.contains("Team feed"), page);
  }

  @Test
  void refusesSelfPraiseUnknownPeopleUnknownValuesAndUnsafeMarkdown() {
    String rep1 = platform.token("rep1@acme.example");
    assertEquals(400, praise(platform, rep1, id("rep1"), "respect", "Me!", null).statusCode());
    assertEquals(404, praise(platform, rep1, "0123456789abcdef01234567", "respect", "Who?", null).statusCode());
    assertEquals(400, praise(platform, rep1, id("rep2"), "laziness", "Nope", null).statusCode());
    assertEquals(400, praise(platform, rep1, id("rep2"), "respect", "   ", null).statusCode());
    HttpResponse<String> unsafe = praise(platform, rep1, id("rep2"), "respect", "Great <script>alert(1)</script> work", null);
    assertEquals(400, unsafe.statusCode(), unsafe.body());
    assertEquals(400, praise(platform, rep1, id("rep2"), "respect", "[x](javascript:alert(1))", null).statusCode());

    AccountStore store = new AccountStore(platform.node().database());
    Organisation globex = store.createOrganisation(new Organisation(AccountStore.newId(), "Globex Recognition",
        ZoneId.of("UTC"), Locale.ENGLISH, List.of("respect")));
    User gina = store.createUser(new User(AccountStore.newId(), globex.id(), "gina@globex-recognition.example",
        "Gina Leader", Set.of(Role.LEADER, Role.REP), null, null, Passwords.hash(TestPlatform.DEMO_PASSWORD)));
    assertEquals(404, praise(platform, rep1, gina.id(), "respect", "Hello there", null).statusCode(), "another organisation");
    String other = platform.token("gina@globex-recognition.example");
    assertEquals(404, praise(platform, other, id("rep2"), "respect", "Hello there", null).statusCode());
    assertEquals(404, platform.get("/api/recognition/people/" + id("rep2"), other).statusCode());
    assertTrue(ok(platform.get("/api/recognition/praise?scope=organisation", other), 200).getJsonArray("praise").isEmpty(),
        "nothing of Acme on another organisation's feed");
    assertEquals(404, platform.json("POST", "/api/recognition/awards", other, new JsonObject().put("userId", id("rep2"))
        .put("badgeId", "culture-champion").encode()).statusCode());
  }

  @Test
  void aDoubleSubmitStoresOnePraise() {
    String rep4 = platform.token("rep4@acme.example");
    String token = "attempt-" + System.nanoTime();
    JsonObject first = ok(praise(platform, rep4, id("rep3"), "respect", "Thanks for covering my calls.", token), 201);
    JsonObject second = ok(praise(platform, rep4, id("rep3"), "respect", "Thanks for covering my calls.", token), 200);
    assertEquals(first.getString("id"), second.getString("id"));
    JsonArray received = ok(platform.get("/api/recognition/people/" + id("rep3"), leader), 200).getJsonArray("praise");
    assertEquals(1, received.stream().filter(o -> ((JsonObject) o).getString("id").equals(first.getString("id"))).count());
    eventually(() -> praiseEvents(first.getString("id")) >= 1, "praise.given");
    sleep(300);
    assertEquals(1, praiseEvents(first.getString("id")));
    assertEquals(400, praise(platform, rep4, id("rep3"), "respect", "x", "bad token!").statusCode());
  }

  @Test
  void limitsPraisePerGiverAndRecipientPerDayInTheOrganisationsZone() {
    String giver = platform.token("mentor2@acme.example");
    for (int i = 0; i < 3; i++) {
      ok(praise(platform, giver, id("rep5"), "feedback", "Great call review " + i, null), 201);
    }
    HttpResponse<String> fourth = praise(platform, giver, id("rep5"), "feedback", "One more", null);
    assertEquals(429, fourth.statusCode(), fourth.body());
    assertTrue(new JsonObject(fourth.body()).getString("detail").contains("3"), fourth.body());
    for (String to : List.of("rep6", "rep6", "rep6", "rep7", "rep7", "rep7", "rep8")) {
      ok(praise(platform, giver, id(to), "mentoring", "Thanks for today", null), 201);
    }
    HttpResponse<String> eleventh = praise(platform, giver, id("rep8"), "mentoring", "And again", null);
    assertEquals(429, eleventh.statusCode(), eleventh.body());
    assertTrue(new JsonObject(eleventh.body()).getString("detail").contains("10"), eleventh.body());

    // 23:30 in Warsaw: still the same day there
    CLOCK.set(Instant.parse("2026-03-02T22:30:00Z"));
    assertEquals(429, praise(platform, giver, id("rep8"), "mentoring", "Late", null).statusCode());
    // 00:05 in Warsaw (still 2 March in UTC): a new day in the organisation's zone
    CLOCK.set(Instant.parse("2026-03-02T23:05:00Z"));
    assertEquals(WARSAW, ZoneId.of("Europe/Warsaw"));
    ok(praise(platform, giver, id("rep8"), "mentoring", "New day", null), 201);
    ok(praise(platform, giver, id("rep5"), "feedback", "New day too", null), 201);
  }

  @Test
  void racingRequestsCannotOvershootTheLimit() {
    String giver = platform.token("mentor1@acme.example");
    List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> racing = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      racing.add(platform.client().sendAsync(platform.jsonRequest("POST", "/api/recognition/praise", giver,
          new JsonObject().put("toUserId", id("rep1")).put("value", "respect").put("message", "Race " + i).encode()),
          HttpResponse.BodyHandlers.ofString()));
    }
    List<Integer> statuses = racing.stream().map(f -> f.join().statusCode()).sorted().toList();
    assertEquals(List.of(201, 201, 201, 429, 429, 429, 429, 429), statuses);
  }

  @Test
  void aLeaderAwardsAManualBadgeOnceAndARepCannot() {
    JsonObject body = new JsonObject().put("userId", id("rep2")).put("badgeId", "culture-champion").put("note", "Q1 onboarding buddy");
    JsonObject first = ok(platform.json("POST", "/api/recognition/awards", leader, body.encode()), 201);
    assertEquals("culture-champion", first.getString("badgeId"));
    assertEquals(id("leader"), first.getString("awardedBy"));
    JsonObject again = ok(platform.json("POST", "/api/recognition/awards", leader, body.encode()), 200);
    assertEquals(first.getString("id"), again.getString("id"));
    eventually(() -> badgeEvents(id("rep2"), "culture-champion") >= 1, "badge.awarded");
    sleep(300);
    assertEquals(1, badgeEvents(id("rep2"), "culture-champion"), "published once");

    String rep1 = platform.token("rep1@acme.example");
    assertEquals(403, platform.json("POST", "/api/recognition/awards", rep1, body.encode()).statusCode());
    assertEquals(400, platform.json("POST", "/api/recognition/awards", leader, new JsonObject().put("userId", id("rep2"))
        .put("badgeId", "first-module-passed").encode()).statusCode(), "rule badges are not awarded by hand");
    assertEquals(404, platform.json("POST", "/api/recognition/awards", leader, new JsonObject().put("userId", id("rep2"))
        .put("badgeId", "no-such-badge").encode()).statusCode());
    assertEquals(404, platform.json("POST", "/api/recognition/awards", leader, new JsonObject()
        .put("userId", "0123456789abcdef01234567").put("badgeId", "great-mentor").encode()).statusCode());

    assertEquals(200, platform.get("/api/recognition/people/" + id("rep2"), platform.token("rep2@acme.example")).statusCode(),
        "one's own badges");
    assertEquals(404, platform.get("/api/recognition/people/" + id("rep2"), rep1).statusCode(), "not a colleague's");
    assertTrue(has(id("rep2"), "culture-champion"));
  }

  @Test
  void theAwardCommandOnTheEventBusAwardsForLeadersOnly() throws Exception {
    Events.BadgeAwarded reply = platform.node().vertx().eventBus()
        .<Events.BadgeAwarded>request(Catalogue.AWARD_BADGE.address(),
            new Commands.AwardBadge(orgId, id("mentor1"), "great-mentor", id("leader")))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).body();
    assertEquals("great-mentor", reply.badgeId());
    assertEquals(id("mentor1"), reply.userId());
    assertTrue(has(id("mentor1"), "great-mentor"));
    ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () ->
        platform.node().vertx().eventBus().request(Catalogue.AWARD_BADGE.address(),
            new Commands.AwardBadge(orgId, id("mentor1"), "culture-champion", id("rep1")))
            .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
    assertEquals(403, ((ReplyException) refused.getCause()).failureCode());
    assertFalse(has(id("mentor1"), "culture-champion"));
  }

  @Test
  void aFirstPassedModuleEarnsTheFirstTimeBadge() {
    var bus = platform.node().vertx().eventBus();
    bus.publish(Catalogue.MODULE_COMPLETED.address(), new Events.ModuleCompleted(orgId, id("rep8"), "cadence", 1, 40, false,
        List.of(), CLOCK.instant()));
    bus.publish(Catalogue.MODULE_COMPLETED.address(), new Events.ModuleCompleted(orgId, id("rep7"), "cadence", 1, 90, true,
        List.of("BQ"), CLOCK.instant()));
    eventually(() -> has(id("rep7"), "first-module-passed"), "first-module-passed for rep7");
    bus.publish(Catalogue.MODULE_COMPLETED.address(), new Events.ModuleCompleted(orgId, id("rep7"), "follow-up", 1, 100, true,
        List.of("BQ"), CLOCK.instant()));
    sleep(500);
    assertFalse(has(id("rep8"), "first-module-passed"), "a failed module earns nothing");
    assertEquals(1, badgeEvents(id("rep7"), "first-module-passed"), "awarded and published once");
    assertEquals(1, badgesOf(id("rep7")).stream().filter(b -> ((JsonObject) b).getString("badgeId").equals("first-module-passed")).count());
  }

  @Test
  void fivePraisesReceivedEarnTheMilestoneBadge() {
    String trainer = id("trainer");
    String rep5 = platform.token("rep5@acme.example");
    String rep6 = platform.token("rep6@acme.example");
    for (int i = 0; i < 3; i++) {
      ok(praise(platform, rep5, trainer, "mentoring", "Great session " + i, null), 201);
    }
    ok(praise(platform, rep6, trainer, "honesty", "Straight answers", null), 201);
    assertFalse(has(trainer, "praised-5"), "four praises are not five");
    ok(praise(platform, rep6, trainer, "respect", "Patient with questions", null), 201);
    assertTrue(has(trainer, "praised-5"));
    eventually(() -> badgeEvents(trainer, "praised-5") >= 1, "badge.awarded");
    ok(praise(platform, rep6, trainer, "feedback", "One more", null), 201);
    sleep(300);
    assertEquals(1, badgeEvents(trainer, "praised-5"));
    assertFalse(has(trainer, "praised-25"));
  }

  @Test
  void badgeDefinitionsAreListedInTheReadersLanguage() {
    HttpResponse<String> r = platform.send(platform.request("/api/recognition/badges")
        .header("Authorization", "Bearer " + platform.token("rep1@acme.example")).header("Accept-Language", "pl").GET().build());
    JsonArray badges = ok(r, 200).getJsonArray("badges");
    assertEquals(11, badges.size(), badges.encode());
    List<String> kinds = badges.stream().map(b -> ((JsonObject) b).getString("kind")).distinct().sorted().toList();
    assertEquals(List.of("contest-winner", "first-time", "manual", "milestone", "streak", "threshold"), kinds);
    JsonObject streak = badges.stream().map(JsonObject.class::cast).filter(b -> b.getString("kind").equals("streak"))
        .findFirst().orElseThrow();
    assertTrue(streak.getBoolean("awardedNow"), "every kind is awarded now");
    assertNotNull(streak.getString("name"));
  }

  @Test
  void theBadgeImportIsIdempotentAndVersioned(@TempDir Path otherData, @TempDir Path dir) throws Exception {
    String v1 = new JsonObject().put("badges", new JsonArray().add(badge("test-badge", 1, "First name"))).encode();
    Files.writeString(dir.resolve("badges.json"), v1);
    Map<String, String> env = Map.of("QUOTIENT_PLUGIN_RECOGNITION_BADGES_DIR", dir.toString());
    for (int run = 0; run < 2; run++) {
      try (TestPlatform p = TestPlatform.start(otherData, TestPlatform.distributionPlugins(), env)) {
        JsonArray list = ok(p.get("/api/recognition/badges", p.token("rep1@acme.example")), 200).getJsonArray("badges");
        assertEquals(1, list.size(), "run " + run + ": " + list.encode());
        assertEquals("First name", list.getJsonObject(0).getString("name"));
      }
    }
    Files.writeString(dir.resolve("badges.json"), new JsonObject().put("badges", new JsonArray()
        .add(badge("test-badge", 2, "Second name"))).encode());
    try (TestPlatform p = TestPlatform.start(otherData, TestPlatform.distributionPlugins(), env)) {
      JsonObject b = ok(p.get("/api/recognition/badges", p.token("rep1@acme.example")), 200).getJsonArray("badges").getJsonObject(0);
      assertEquals(2, b.getInteger("version"));
      assertEquals("Second name", b.getString("name"), "a higher version replaces the definition");
    }
    Files.writeString(dir.resolve("badges.json"), v1);
    try (TestPlatform p = TestPlatform.start(otherData, TestPlatform.distributionPlugins(), env)) {
      JsonObject b = ok(p.get("/api/recognition/badges", p.token("rep1@acme.example")), 200).getJsonArray("badges").getJsonObject(0);
      assertEquals(2, b.getInteger("version"), "an older file never downgrades a definition");
    }
  }

  @Test
  void leadersAwardThroughTheFormAndSeeEveryonesPage() {
    String rep1 = platform.token("rep1@acme.example");
    assertEquals(403, page("/recognition/award", rep1).statusCode());
    String form = page("/recognition/award", leader).body();
    assertTrue(form.contains("<label for=\"aw-badge\">") && form.contains("<legend>"), form);
    assertTrue(form.contains("Culture champion") && !form.contains("value=\"first-module-passed\""),
        "only manual badges are offered: " + form);
    HttpResponse<String> awardedPage = platform.send(platform.request("/recognition/award")
        .header("Authorization", "Bearer " + leader).header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept-Language", "en")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("userId=" + id("rep6") + "&badgeId=great-mentor&note=Helped+rep5"))
        .build());
    assertEquals(303, awardedPage.statusCode(), awardedPage.body());
    assertEquals("/recognition/people/" + id("rep6") + "?awarded=1", awardedPage.headers().firstValue("Location").orElse(null));
    String person = page("/recognition/people/" + id("rep6") + "?awarded=1", leader).body();
    assertTrue(person.contains("Great mentor") && person.contains("Helped rep5") && person.contains("The badge is awarded."), person);
    assertEquals(404, page("/recognition/people/" + id("rep6"), rep1).statusCode(), "a rep sees only their own page");
    assertEquals(200, page("/recognition/people/" + id("rep6"), platform.token("rep6@acme.example")).statusCode());
    String home = page("/recognition", leader).body();
    assertTrue(home.contains("Organisation feed"), "leaders start on the organisation's feed");
    assertTrue(page("/recognition?scope=team", leader).body().contains("Team feed"));
  }

  private static HttpResponse<String> page(String path, String token) {
    return platform.send(platform.request(path).header("Authorization", "Bearer " + token).header("Accept-Language", "en")
        .GET().build());
  }

  private static JsonObject badge(String id, int version, String name) {
    JsonObject texts = new JsonObject().put("en", name).put("pl", name);
    return new JsonObject().put("id", id).put("version", version).put("kind", "manual").put("name", texts)
        .put("description", texts).put("criteria", texts);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
