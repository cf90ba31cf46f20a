package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.api.Role;
import dev.quotient.api.event.Catalogue;
import dev.quotient.api.event.Events;
import dev.quotient.server.account.AccountStore;
import dev.quotient.server.account.Organisation;
import dev.quotient.server.account.Passwords;
import dev.quotient.server.account.User;
import dev.quotient.testkit.TestClock;
import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mentoring over real HTTP on one node with the embedded MongoDB and a test clock: profiles and their
 * validation; an organisation-wide round whose pairs are optimal, respect the reporting line, bans and
 * capacities, and explain themselves; a leader's adjustments and a confirmation that publishes
 * mentor.matched once per pair; a mentee's pick from their top three; ending a pair and re-matching
 * one mentee without touching the others; check-ins with private notes, ratings, and flags for pairs
 * gone quiet; the expert directory; and refusals for other mentors, other organisations and bad input.
 * Acme's language is Polish, so texts are checked in Polish.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MentoringTest {

  @TempDir
  static Path data;
  /** Monday 2 March 2026, 10:00 in Warsaw. */
  private static final TestClock CLOCK = new TestClock(Instant.parse("2026-03-02T09:00:00Z"));
  private static TestPlatform platform;
  private static String leader;
  private static final Map<String, String> tokens = new HashMap<>();
  private static final List<Events.MentorMatched> matched = new CopyOnWriteArrayList<>();
  private static String roundId;

  @BeforeAll
  static void start() throws Exception {
    platform = TestPlatform.start(data, TestPlatform.distributionPlugins(), Map.of(), CLOCK);
    leader = platform.token("leader@acme.example");
    platform.node().vertx().eventBus().<Events.MentorMatched>consumer(Catalogue.MENTOR_MATCHED.address(),
        m -> matched.add(m.body())).completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  @Order(1)
  void profilesAreSavedAndBadInputIsRefused() {
    // Same slots, language and zone for everyone: only the coverage of gaps tells pairs apart.
    mentor("mentor1", 1, new JsonObject().put("empathy", 5).put("assertiveness", 4).put("product:crm-suite", 5));
    mentor("mentor2", 2, new JsonObject().put("execution", 5).put("mindset", 4));
    mentor("rep6", 1, new JsonObject().put("empathy", 4));
    mentor("leader", 3, new JsonObject().put("empathy", 5).put("execution", 5));
    mentee("rep1", new JsonObject().put("empathy", 2));
    mentee("rep2", new JsonObject().put("execution", 2));
    mentee("rep3", new JsonObject().put("empathy", 1));
    mentee("rep4", new JsonObject().put("empathy", 2));
    // rep4 reports to mentor1: that is their reporting line.
    ok(put("rep4", "rep4", new JsonObject().put("reportsTo", id("mentor1"))), 200);

    JsonObject seen = ok(platform.get("/api/mentoring/profiles/" + id("mentor1"), leader), 200);
    assertEquals(5, seen.getJsonObject("mentor").getJsonObject("strengths").getInteger("product:crm-suite"));
    assertEquals("Europe/Warsaw", seen.getString("zone"));

    assertEquals(400, put("rep5", "rep5", new JsonObject().put("mentor", new JsonObject().put("optIn", true)
        .put("capacity", -1))).statusCode(), "capacity below zero");
    assertEquals(400, put("rep5", "rep5", new JsonObject().put("mentee", new JsonObject()
        .put("levels", new JsonObject().put("empathy", 7)))).statusCode(), "a level above 5");
    assertEquals(400, put("rep5", "rep5", new JsonObject().put("mentee", new JsonObject()
        .put("levels", new JsonObject().put("juggling", 2)))).statusCode(), "an unknown skill");
    HttpResponse<String> other = put("rep5", "rep2", new JsonObject().put("mentee", new JsonObject()));
    assertEquals(404, other.statusCode(), "a rep cannot edit someone else's profile");
    HttpResponse<String> unknown = platform.json("PUT", "/api/mentoring/profiles/nobody", leader, "{\"mentee\":{}}");
    assertEquals(404, unknown.statusCode());
    assertTrue(unknown.body().contains("Nie ma takiej osoby"), unknown.body());
    assertEquals(404, platform.get("/api/mentoring/profiles/" + id("rep1"), token("rep2")).statusCode());

    assertEquals(400, platform.json("PUT", "/api/mentoring/settings", leader,
        "{\"weights\":{\"coverage\":0,\"availability\":0,\"zone\":0,\"language\":0}}").statusCode());
    assertEquals(403, platform.json("PUT", "/api/mentoring/settings", token("rep1"), "{\"checkInDays\":3}").statusCode());
    JsonObject settings = ok(platform.json("PUT", "/api/mentoring/settings", leader, "{\"checkInDays\":10}"), 200);
    assertEquals(10, settings.getInteger("checkInDays"));
    assertEquals(70, settings.getJsonObject("weights").getInteger("coverage"));
    // A misspelt weight is refused and changes nothing (it used to set every other weight to 0).
    for (String bad : java.util.List.of("{\"weights\":{\"coverag\":5}}", "{\"weights\":{\"coverage\":5,\"speed\":1}}",
        "{\"checkInDays\":10,\"colour\":\"red\"}", "{\"weights\":{\"coverage\":2.5}}")) {
      HttpResponse<String> refused = platform.json("PUT", "/api/mentoring/settings", leader, bad);
      assertEquals(400, refused.statusCode(), bad + ": " + refused.body());
    }
    assertEquals(settings, ok(platform.get("/api/mentoring/settings", leader), 200), "nothing changed");
    // Weights left out keep their values.
    JsonObject one = ok(platform.json("PUT", "/api/mentoring/settings", leader, "{\"weights\":{\"zone\":7}}"), 200);
    assertEquals(7, one.getJsonObject("weights").getInteger("zone"));
    assertEquals(70, one.getJsonObject("weights").getInteger("coverage"), "the others stay");
    ok(platform.json("PUT", "/api/mentoring/settings", leader, new JsonObject().put("weights", new JsonObject()
        .put("zone", settings.getJsonObject("weights").getInteger("zone"))).encode()), 200);

    ok(platform.json("POST", "/api/mentoring/bans", leader, new JsonObject().put("mentorId", id("rep6"))
        .put("menteeId", id("rep1")).encode()), 201);
    assertEquals(404, platform.json("POST", "/api/mentoring/bans", leader, new JsonObject().put("mentorId", "nobody")
        .put("menteeId", id("rep1")).encode()).statusCode());
  }

  @Test
  @Order(2)
  void aRoundProposesTheOptimalAllowedPairsWithReasons() {
    JsonObject round = ok(platform.json("POST", "/api/mentoring/rounds", leader, "{}"), 201);
    roundId = round.getString("id");
    assertEquals("proposed", round.getString("state"));
    Map<String, String> pairs = pairs(round);
    // rep1 and rep3 both want mentor1 (one place): rep1 with mentor1 and rep3 with rep6 (3/4 of a gap of
    // 4) beats the other way round (rep6 covers 2/3 of rep1's gap of 3). rep4 reports to mentor1, the
    // leader is nobody's mentor, rep6 is banned for rep1: rep4 gets mentor2's second place.
    assertEquals(Map.of("rep1", "mentor1", "rep2", "mentor2", "rep3", "rep6", "rep4", "mentor2"), pairs);
    assertEquals(1000 + 1000 + 825 + 300, round.getLong("total"));
    JsonObject first = row(round, "rep3");
    assertEquals(825, first.getInteger("score"));
    assertTrue(first.getJsonArray("reasonTexts").contains("pokrywa lukę empatia 1/5 → mentor 4/5"), first.encode());
    assertTrue(first.getJsonArray("reasonTexts").contains("ta sama strefa czasowa"), first.encode());
    assertTrue(first.getJsonArray("reasonTexts").contains("oboje mówią: pl"), first.encode());

    JsonObject pl = ok(platform.get("/api/mentoring/rounds/" + roundId, platform.token("mentor1@acme.example")), 403);
    assertTrue(pl.isEmpty() || pl.containsKey("status"));
    assertTrue(matched.isEmpty(), "nothing is published before the leader confirms");
  }

  @Test
  @Order(3)
  void theLeaderAdjustsAndConfirmsOnceAndEachPairIsPublishedOnce() {
    HttpResponse<String> banned = adjust(new JsonObject().put("menteeId", id("rep1")).put("mentorId", id("rep6")));
    assertEquals(400, banned.statusCode(), banned.body());
    HttpResponse<String> line = adjust(new JsonObject().put("menteeId", id("rep4")).put("mentorId", id("mentor1")));
    assertEquals(400, line.statusCode());
    assertTrue(line.body().contains("linii podległości"), line.body());
    assertEquals(400, adjust(new JsonObject().put("menteeId", id("rep2")).put("mentorId", id("leader"))).statusCode(),
        "leaders are in everyone's reporting line");
    HttpResponse<String> full = adjust(new JsonObject().put("menteeId", id("rep4")).put("mentorId", id("rep6")));
    assertEquals(409, full.statusCode(), full.body());
    assertEquals(404, adjust(new JsonObject().put("menteeId", id("rep4")).put("mentorId", "nobody")).statusCode());
    assertEquals(400, adjust(new JsonObject().put("menteeId", id("rep4")).put("mentorId", 7)).statusCode(),
        "a number where an id belongs is refused, and the plugin carries on");

    JsonObject swapped = ok(adjust(new JsonObject().put("menteeId", id("rep3")).put("swapWith", id("rep4"))), 200);
    assertEquals(Map.of("rep1", "mentor1", "rep2", "mentor2", "rep3", "mentor2", "rep4", "rep6"), pairs(swapped));
    assertEquals(767, row(swapped, "rep4").getInteger("score"));

    JsonObject confirmed = ok(platform.json("POST", "/api/mentoring/rounds/" + roundId + "/confirm", leader, "{}"), 200);
    assertEquals("confirmed", confirmed.getString("state"));
    ok(platform.json("POST", "/api/mentoring/rounds/" + roundId + "/confirm", leader, "{}"), 200);
    assertEquals(409, adjust(new JsonObject().put("menteeId", id("rep3")).put("mentorId", null)).statusCode());
    await(() -> matched.size() >= 4);
    sleep(300);
    assertEquals(4, matched.size(), "one event per pair, however often the round is confirmed");
    Events.MentorMatched e = matched.stream().filter(m -> m.menteeId().equals(id("rep4"))).findFirst().orElseThrow();
    assertEquals(id("rep6"), e.mentorId());
    assertEquals(0.767, e.fit(), 1e-9);

    JsonArray mine = ok(platform.get("/api/mentoring/pairs", token("mentor2")), 200).getJsonArray("pairs");
    assertEquals(2, mine.size());
    JsonObject again = ok(platform.json("POST", "/api/mentoring/rounds", leader, "{}"), 201);
    assertTrue(again.getJsonArray("pairs").isEmpty(), "nobody is waiting any more: " + again.encode());
  }

  @Test
  @Order(4)
  void aMenteePicksFromTheirTopThree() {
    mentor("rep7", 1, new JsonObject().put("mindset", 3));
    mentor("rep8", 1, new JsonObject().put("mindset", 5));
    mentee("rep5", new JsonObject().put("mindset", 2));
    JsonObject s = ok(platform.get("/api/mentoring/suggestions", token("rep5")), 200);
    assertEquals("open", s.getString("status"));
    JsonArray top = s.getJsonArray("suggestions");
    assertTrue(top.size() <= 3);
    assertEquals(id("rep8"), top.getJsonObject(0).getString("mentorId"));
    assertEquals(1000, top.getJsonObject(0).getInteger("score"));
    assertTrue(top.getJsonObject(0).getJsonArray("reasonTexts").contains("pokrywa lukę nastawienie 2/5 → mentor 5/5"));
    assertFalse(top.stream().anyMatch(o -> ((JsonObject) o).getString("mentorId").equals(id("mentor2"))),
        "mentor2 is full");
    String home = ok200Page("/mentoring", token("rep5"));
    assertTrue(home.contains("data-list=\"suggestions\""), "the top three are on the mentee's page");
    assertFalse(home.contains("name=\"\""), "every form field is named, the CSRF field included");
    assertTrue(ok200Page("/mentoring", token("mentor1")).contains(
        "Dodaj w profilu umiejętności"), "a mentor without gaps is told how to get suggestions");
    assertEquals(409, pick("rep5", id("mentor2")).statusCode(), "not among the suggestions");
    assertEquals(404, pick("rep5", "nobody").statusCode());
    JsonObject pair = ok(pick("rep5", id("rep7")), 201);
    assertEquals(id("rep7"), pair.getString("mentorId"));
    assertEquals(409, pick("rep5", id("rep8")).statusCode(), "already matched");
    await(() -> matched.size() >= 5);
    assertEquals("matched", ok(platform.get("/api/mentoring/suggestions", token("rep5")), 200).getString("status"));
  }

  @Test
  @Order(5)
  void endingAPairOffersASingleRematchThatLeavesTheOthersAlone() {
    Map<String, String> before = active();
    String pairId = pairOf("rep1");
    assertEquals(403, platform.json("POST", "/api/mentoring/pairs/" + pairId + "/end", token("rep1"),
        "{\"outcome\":\"done\"}").statusCode(), "the mentee cannot end it");
    assertEquals(400, platform.json("POST", "/api/mentoring/pairs/" + pairId + "/end", token("mentor1"),
        "{\"outcome\":\"\"}").statusCode());
    JsonObject ended = ok(platform.json("POST", "/api/mentoring/pairs/" + pairId + "/end", token("mentor1"),
        "{\"outcome\":\"Empathy gap closed\"}"), 200);
    assertEquals("ended", ended.getJsonObject("pair").getString("state"));
    // mentor1 is a past pair now, rep6 is banned, mentor2 and rep7 are full: rep8 remains.
    assertEquals(id("rep8"), ended.getJsonObject("rematch").getString("mentorId"));
    assertEquals(409, platform.json("POST", "/api/mentoring/pairs/" + pairId + "/end", leader,
        "{\"outcome\":\"again\"}").statusCode());
    JsonObject re = ok(platform.json("POST", "/api/mentoring/rematch", leader,
        new JsonObject().put("menteeId", id("rep1")).encode()), 201);
    assertEquals(id("rep8"), re.getString("mentorId"));
    Map<String, String> after = active();
    before.remove("rep1");
    after.remove("rep1");
    assertEquals(before, after, "every other pair is untouched");
    JsonArray history = ok(platform.get("/api/mentoring/pairs", token("rep1")), 200).getJsonArray("pairs");
    assertEquals(2, history.size(), "the ended pair is kept");
    assertTrue(history.stream().map(JsonObject.class::cast).anyMatch(p -> "Empathy gap closed".equals(p.getString("outcome"))));
  }

  @Test
  @Order(6)
  void checkInsKeepPrivateNotesPrivateAndQuietPairsAreFlagged() {
    String pairId = pairOf("rep2");
    JsonObject priv = ok(platform.json("POST", "/api/mentoring/pairs/" + pairId + "/checkins", token("mentor2"),
        new JsonObject().put("date", "2026-03-02").put("notes", "Seems stressed").put("shared", false)
            .put("actions", new JsonArray().add(new JsonObject().put("text", "Role-play a close").put("due", "2026-03-09")))
            .put("nextMeeting", "2026-03-09").encode()), 201);
    // A check-in records a meeting that happened while the pair existed: not before it began, not tomorrow.
    for (String day : List.of("2026-03-01", "2026-02-14", "2026-03-03")) {
      HttpResponse<String> refused = platform.json("POST", "/api/mentoring/pairs/" + pairId + "/checkins",
          token("mentor2"), new JsonObject().put("date", day).put("notes", "Too early or too late").encode());
      assertEquals(400, refused.statusCode(), day + ": " + refused.body());
      assertTrue(refused.body().contains("2026-03-02"), "says which days may be used: " + refused.body());
    }
    CLOCK.advance(Duration.ofDays(1));
    JsonObject shared = ok(platform.json("POST", "/api/mentoring/pairs/" + pairId + "/checkins", token("mentor2"),
        new JsonObject().put("date", "2026-03-03").put("notes", "Great progress").put("shared", true).encode()), 201);
    assertEquals(400, platform.json("POST", "/api/mentoring/pairs/" + pairId + "/checkins", token("mentor2"),
        "{\"date\":\"March 3\"}").statusCode());
    assertEquals(403, platform.json("POST", "/api/mentoring/pairs/" + pairId + "/checkins", token("rep2"),
        "{\"date\":\"2026-03-03\"}").statusCode(), "only the mentor logs check-ins");

    JsonArray asMentee = ok(platform.get("/api/mentoring/pairs/" + pairId + "/checkins", token("rep2")), 200)
        .getJsonArray("checkIns");
    assertEquals(2, asMentee.size());
    assertEquals("Great progress", asMentee.getJsonObject(0).getString("notes"));
    assertNull(asMentee.getJsonObject(1).getString("notes"), "a private note is not shown to the mentee");
    assertEquals("Role-play a close", asMentee.getJsonObject(1).getJsonArray("actions").getJsonObject(0).getString("text"));
    assertEquals(404, platform.get("/api/mentoring/checkins/" + priv.getString("id"), token("rep2")).statusCode());
    assertEquals("Great progress", ok(platform.get("/api/mentoring/checkins/" + shared.getString("id"), token("rep2")), 200)
        .getString("notes"));
    assertEquals("Seems stressed", ok(platform.get("/api/mentoring/checkins/" + priv.getString("id"), token("mentor2")), 200)
        .getString("notes"));

    // Another mentor sees neither the pair nor the mentee.
    assertEquals(404, platform.get("/api/mentoring/pairs/" + pairId + "/checkins", token("mentor1")).statusCode());
    assertEquals(404, platform.get("/api/mentoring/mentees/" + id("rep2"), token("mentor1")).statusCode());
    assertEquals(404, platform.get("/api/mentoring/checkins/" + priv.getString("id"), token("rep3")).statusCode());
    String orgId = new AccountStore(platform.node().database()).organisationByName("Acme Sales").orElseThrow().id();
    platform.node().vertx().eventBus().publish(Catalogue.MODULE_COMPLETED.address(), new Events.ModuleCompleted(orgId,
        id("rep2"), "closing-basics", 1, 0.85, true, List.of("execution"), CLOCK.instant()));
    await(() -> ok(platform.get("/api/mentoring/mentees/" + id("rep2"), token("mentor2")), 200)
        .getJsonObject("modules").getInteger("completed") == 1);
    JsonObject dashboard = ok(platform.get("/api/mentoring/mentees/" + id("rep2"), token("mentor2")), 200);
    assertEquals(1, dashboard.getJsonObject("modules").getInteger("passed"));
    assertEquals("closing-basics", dashboard.getJsonObject("modules").getJsonArray("recent").getJsonObject(0)
        .getString("moduleId"));
    JsonArray board = ok(platform.get("/api/mentoring/dashboard", token("mentor2")), 200).getJsonArray("mentees");
    assertEquals(2, board.size(), "mentor2 mentors rep2 and rep3");
    assertTrue(board.stream().map(JsonObject.class::cast).anyMatch(m -> m.getString("userId").equals(id("rep2"))
        && m.getJsonObject("modules").getInteger("completed") == 1 && m.getJsonObject("pair").getString("lastCheckIn") != null));
    assertTrue(ok(platform.get("/api/mentoring/dashboard", token("rep2")), 200).getJsonArray("mentees").isEmpty());
    assertTrue(dashboard.getJsonObject("kpis").containsKey("EQ"));
    assertEquals(2, dashboard.getJsonObject("levels").getInteger("execution"));

    assertEquals(200, platform.json("POST", "/api/mentoring/checkins/" + shared.getString("id") + "/rating", token("rep2"),
        "{\"rating\":4}").statusCode());
    assertEquals(400, platform.json("POST", "/api/mentoring/checkins/" + shared.getString("id") + "/rating", token("rep2"),
        "{\"rating\":6}").statusCode());
    assertEquals(403, platform.json("POST", "/api/mentoring/checkins/" + shared.getString("id") + "/rating", token("mentor2"),
        "{\"rating\":5}").statusCode());
    assertEquals(4, ok(platform.get("/api/mentoring/checkins/" + shared.getString("id"), token("mentor2")), 200)
        .getInteger("rating"));

    assertTrue(flagged().isEmpty(), "nothing is overdue yet");
    CLOCK.advance(Duration.ofDays(10));
    JsonObject all = ok(platform.get("/api/mentoring/pairs?scope=organisation", leader), 200);
    assertEquals(10, all.getInteger("checkInDays"));
    assertTrue(flagged().containsAll(List.of("rep3", "rep4", "rep5", "rep1")), flagged().toString());
    assertFalse(flagged().contains("rep2"), "rep2 met their mentor 10 days ago");
    CLOCK.advance(Duration.ofDays(1));
    assertTrue(flagged().contains("rep2"));
  }

  @Test
  @Order(7)
  void theExpertDirectoryRanksTheStrongest() {
    // what the data shows, beside what people declared: rep3 aced an empathy quiz, rep4 won all 4 deals
    String org = new AccountStore(platform.node().database()).userByEmail("rep3@acme.example").orElseThrow().orgId();
    platform.node().vertx().eventBus().publish(dev.quotient.api.event.Catalogue.MODULE_COMPLETED.address(),
        new dev.quotient.api.event.Events.ModuleCompleted(org, id("rep3"), "empathy-and-assertiveness", 1, 100, true,
            List.of("EQ:empathy"), CLOCK.instant()));
    JsonArray deals = new JsonArray();
    for (int i = 0; i < 4; i++) {
      deals.add(new JsonObject().put("id", "exp-deal-" + i).put("userId", id("rep4")).put("kind", "won")
          .put("occurredAt", CLOCK.instant().minus(Duration.ofDays(5 + i)).toString()).put("value", 1000)
          .put("opportunityId", "EXP-" + i));
    }
    assertEquals(201, platform.json("POST", "/api/activities/batch", leader,
        new JsonObject().put("activities", deals).encode()).statusCode());
    JsonObject fromData = null;
    for (int i = 0; i < 100 && fromData == null; i++) {
      JsonArray now = ok(platform.get("/api/mentoring/experts", token("rep1")), 200).getJsonArray("skills");
      fromData = expert(now, "empathy", id("rep3"));
      if (fromData == null) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    assertTrue(fromData != null, "a quiz result puts rep3 among the empathy experts");
    assertEquals("data", fromData.getString("source"));
    assertEquals(5.0, fromData.getDouble("dataLevel"));
    assertEquals("quiz", fromData.getJsonArray("evidence").getJsonObject(0).getString("kind"));
    JsonArray withDeals = ok(platform.get("/api/mentoring/experts", token("rep1")), 200).getJsonArray("skills");
    JsonObject seller = expert(withDeals, "product-knowledge", id("rep4"));
    assertTrue(seller != null, "the win rate puts rep4 among the product-knowledge experts: " + withDeals.encode());
    assertEquals(100, seller.getJsonArray("evidence").getJsonObject(0).getInteger("value"), "4 of 4 deals won");
    assertTrue(ok200Page("/mentoring/experts", token("rep1")).contains("data-source=\"data\""),
        "the page says which ranking comes from the data");
    JsonArray skills = ok(platform.get("/api/mentoring/experts", token("rep1")), 200).getJsonArray("skills");
    JsonObject empathy = skills.stream().map(JsonObject.class::cast).filter(s -> s.getString("key").equals("empathy"))
        .findFirst().orElseThrow();
    assertEquals("EQ", empathy.getString("area"));
    // the declared levels rank as before, the data's beside them
    List<JsonObject> experts = empathy.getJsonArray("experts").stream().map(JsonObject.class::cast)
        .filter(e -> "declared".equals(e.getString("source"))).toList();
    assertEquals(5, experts.get(0).getInteger("level"));
    assertEquals(5, experts.get(1).getInteger("level"));
    assertEquals(id("rep6"), experts.get(2).getString("userId"));
    assertTrue(skills.stream().map(JsonObject.class::cast).anyMatch(s -> s.getString("key").equals("product:crm-suite")
        && s.getJsonArray("experts").getJsonObject(0).getString("userId").equals(id("mentor1"))));
  }

  private static JsonObject expert(JsonArray skills, String key, String userId) {
    return skills.stream().map(JsonObject.class::cast).filter(s -> key.equals(s.getString("key"))).findFirst()
        .flatMap(s -> s.getJsonArray("experts").stream().map(JsonObject.class::cast)
            .filter(e -> userId.equals(e.getString("userId"))).findFirst()).orElse(null);
  }

  @Test
  @Order(8)
  void anotherOrganisationSeesNothing() {
    AccountStore store = new AccountStore(platform.node().database());
    Organisation globex = store.createOrganisation(new Organisation(AccountStore.newId(), "Globex Mentoring",
        ZoneId.of("UTC"), Locale.ENGLISH, List.of("respect")));
    store.createUser(new User(AccountStore.newId(), globex.id(), "gina@globex-mentoring.example",
        "Gina Leader", Set.of(Role.LEADER, Role.REP), null, null, Passwords.hash(TestPlatform.DEMO_PASSWORD)));
    String gina = platform.token("gina@globex-mentoring.example");
    assertEquals(404, platform.json("PUT", "/api/mentoring/profiles/" + id("rep1"), gina, "{\"mentee\":{}}").statusCode());
    assertEquals(404, platform.get("/api/mentoring/rounds/" + roundId, gina).statusCode());
    assertEquals(404, platform.json("POST", "/api/mentoring/rounds/" + roundId + "/confirm", gina, "{}").statusCode());
    assertEquals(404, platform.get("/api/mentoring/pairs/" + pairOf("rep2") + "/checkins", gina).statusCode());
    assertEquals(404, platform.json("POST", "/api/mentoring/bans", gina, new JsonObject().put("mentorId", id("mentor1"))
        .put("menteeId", id("rep1")).encode()).statusCode(), "matching across organisations");
    assertEquals(404, platform.json("POST", "/api/mentoring/rematch", gina,
        new JsonObject().put("menteeId", id("rep3")).encode()).statusCode());
    assertTrue(ok(platform.get("/api/mentoring/pairs?scope=organisation", gina), 200).getJsonArray("pairs").isEmpty());
  }

  @Test
  @Order(9)
  void pagesRenderForEachRoleAndKeepOthersOut() {
    String home = ok200Page("/mentoring", leader);
    assertTrue(home.contains("id=\"run-round\""), "leaders can run a round");
    assertTrue(home.contains("Robert Nowak"), "the active pairs are listed");
    assertTrue(home.contains("id=\"profile-of\""), "leaders open anyone's profile");
    assertTrue(ok200Page("/mentoring", token("mentor2")).contains("data-list=\"mentees\""));
    assertTrue(ok200Page("/mentoring/experts", token("rep1")).contains("data-skill=\"empathy\""));
    assertTrue(ok200Page("/mentoring/profile/" + id("rep1"), token("rep1")).contains("id=\"profile-form\""));
    assertTrue(ok200Page("/mentoring/profile/" + id("rep1"), leader).contains("id=\"profile-form\""));
    assertEquals(404, page("/mentoring/profile/" + id("rep1"), token("rep2")).statusCode());
    String pairId = pairOf("rep2");
    String asMentee = ok200Page("/mentoring/pairs/" + pairId, token("rep2"));
    assertTrue(asMentee.contains("/rating"), "the mentee can rate sessions");
    assertTrue(asMentee.contains("Great progress"));
    assertFalse(asMentee.contains("Seems stressed"), "a private note stays with the mentor");
    assertFalse(asMentee.contains("checkin-form"), "only the mentor logs check-ins");
    assertTrue(ok200Page("/mentoring/pairs/" + pairId, token("mentor2")).contains("Seems stressed"));
    assertEquals(404, page("/mentoring/pairs/" + pairId, token("mentor1")).statusCode(), "another mentor's mentee");
    assertTrue(ok200Page("/mentoring/rounds/" + roundId, leader).contains("data-list=\"proposal\""));
  }

  private static String ok200Page(String path, String token) {
    HttpResponse<String> r = page(path, token);
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return r.body();
  }

  private static HttpResponse<String> page(String path, String token) {
    return platform.send(platform.request(path).header("Authorization", "Bearer " + token).header("Accept", "text/html")
        .GET().build());
  }

  // --- helpers ---

  private static List<String> flagged() {
    return ok(platform.get("/api/mentoring/pairs?scope=organisation", leader), 200).getJsonArray("pairs").stream()
        .map(JsonObject.class::cast).filter(p -> p.getBoolean("overdue")).map(p -> local(p.getString("menteeId"))).toList();
  }

  private static Map<String, String> active() {
    Map<String, String> out = new HashMap<>();
    ok(platform.get("/api/mentoring/pairs?scope=organisation", leader), 200).getJsonArray("pairs").stream()
        .map(JsonObject.class::cast).filter(p -> "active".equals(p.getString("state")))
        .forEach(p -> out.put(local(p.getString("menteeId")), p.getString("id") + ">" + local(p.getString("mentorId"))));
    return out;
  }

  private static String pairOf(String mentee) {
    return ok(platform.get("/api/mentoring/pairs?scope=organisation", leader), 200).getJsonArray("pairs").stream()
        .map(JsonObject.class::cast).filter(p -> "active".equals(p.getString("state"))
            && p.getString("menteeId").equals(id(mentee))).findFirst().orElseThrow().getString("id");
  }

  private static HttpResponse<String> pick(String who, String mentorId) {
    return platform.json("POST", "/api/mentoring/suggestions/pick", token(who), new JsonObject().put("mentorId", mentorId).encode());
  }

  private static HttpResponse<String> adjust(JsonObject body) {
    return platform.json("POST", "/api/mentoring/rounds/" + roundId + "/pairs", leader, body.encode());
  }

  private static Map<String, String> pairs(JsonObject round) {
    Map<String, String> out = new HashMap<>();
    round.getJsonArray("pairs").stream().map(JsonObject.class::cast)
        .forEach(p -> out.put(local(p.getString("menteeId")), local(p.getString("mentorId"))));
    return out;
  }

  private static JsonObject row(JsonObject round, String mentee) {
    return round.getJsonArray("pairs").stream().map(JsonObject.class::cast)
        .filter(p -> p.getString("menteeId").equals(id(mentee))).findFirst().orElseThrow();
  }

  private static void mentor(String who, int capacity, JsonObject strengths) {
    ok(put(who, who, new JsonObject().put("mentor", new JsonObject().put("optIn", true).put("capacity", capacity)
        .put("availability", new JsonArray().add("mon-am").add("tue-pm")).put("languages", new JsonArray().add("pl"))
        .put("strengths", strengths))), 200);
  }

  private static void mentee(String who, JsonObject levels) {
    ok(put(who, who, new JsonObject().put("mentee", new JsonObject().put("levels", levels).put("goals", "Grow")
        .put("availability", new JsonArray().add("mon-am").add("tue-pm")).put("languages", new JsonArray().add("pl")))), 200);
  }

  private static HttpResponse<String> put(String as, String whose, JsonObject body) {
    return platform.json("PUT", "/api/mentoring/profiles/" + id(whose), token(as), body.encode());
  }

  private static JsonObject ok(HttpResponse<String> r, int status) {
    assertEquals(status, r.statusCode(), r.body());
    return r.body().isBlank() || !r.body().startsWith("{") ? new JsonObject() : new JsonObject(r.body());
  }

  private static String token(String who) {
    return "leader".equals(who) ? leader : tokens.computeIfAbsent(who, w -> platform.token(w + "@acme.example"));
  }

  private static final Map<String, String> IDS = new java.util.concurrent.ConcurrentHashMap<>();

  private static String id(String who) {
    return IDS.computeIfAbsent(who, w -> new AccountStore(platform.node().database()).userByEmail(w + "@acme.example")
        .orElseThrow().id());
  }

  private static String local(String userId) {
    return IDS.entrySet().stream().filter(e -> e.getValue().equals(userId)).map(Map.Entry::getKey).findFirst()
        .orElse(userId);
  }

  private static void await(java.util.function.BooleanSupplier done) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out");
      }
      sleep(25);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
