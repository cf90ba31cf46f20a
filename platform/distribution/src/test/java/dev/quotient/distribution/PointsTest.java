package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.api.Role;
import dev.quotient.api.event.Catalogue;
import dev.quotient.api.event.Events;
import dev.quotient.server.account.AccountStore;
import dev.quotient.server.account.Organisation;
import dev.quotient.server.account.Passwords;
import dev.quotient.server.account.User;
import dev.quotient.server.points.LedgerEntry;
import dev.quotient.server.points.RuleSet;
import dev.quotient.testkit.TestClock;
import dev.quotient.testkit.TestPlatform;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Points over real HTTP against one node with the embedded MongoDB and a test clock: rules from
 * data, readable reasons in English and Polish, lead response time, self-reported weighting, the
 * daily cap at Warsaw midnight (also on the day clocks go forward), exactly-once scoring of
 * repeats, replays and events, the ledger against a recomputation from the activity log, rule
 * versions and who may see and change what. Each test works with its own people, and the rule edit
 * runs last, so the tests do not disturb each other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PointsTest {

  @TempDir
  static Path data;
  private static final TestClock CLOCK = new TestClock(Instant.parse("2026-03-02T09:00:00Z"));
  private static TestPlatform platform;
  private static String leader;
  private static String orgId;
  private static final List<Events.PointsAwarded> awarded = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    platform = TestPlatform.start(data, TestPlatform.distributionPlugins(), Map.of(), CLOCK);
    leader = platform.token("leader@acme.example");
    orgId = user("leader").orgId();
    var consumer = platform.node().vertx().eventBus().<Events.PointsAwarded>consumer(
        Catalogue.POINTS_AWARDED.address(), m -> awarded.add(m.body()));
    consumer.completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  @Order(1)
  void activityEarnsPointsWithReasonsInTheCallersLanguage() {
    CLOCK.set(Instant.parse("2026-03-02T09:00:00Z"));
    String rep = user("rep1").id();
    postBatch(leader, activity("p1-call", rep, "call", "2026-03-02T08:00:00Z"),
        activity("p1-meeting", rep, "meeting", "2026-03-02T08:10:00Z"),
        activity("p1-won", rep, "won", "2026-03-02T08:20:00Z").put("value", 12500),
        activity("p1-lost", rep, "lost", "2026-03-02T08:30:00Z").put("value", 0),
        activity("p1-received", rep, "lead-received", "2026-03-02T08:40:00Z"));
    sync();

    JsonObject en = points(leader, rep, "en");
    assertEquals(32, en.getLong("total"), en.encodePrettily());
    assertEquals(6, en.getJsonObject("areas").getLong("BQ"), "call and meeting are selling behaviour");
    assertEquals(0, en.getJsonObject("areas").getLong("IQ"));
    assertEquals(1, en.getJsonObject("areas").getLong("EQ"), "a lost deal logged honestly is self-awareness");
    JsonArray entries = en.getJsonArray("entries");
    assertEquals(4, entries.size(), "a lead received earns nothing by itself");
    assertEquals("Lost deal logged honestly: 1 points", entries.getJsonObject(0).getString("reason"), "newest first");
    JsonObject won = entry(en, "won");
    assertEquals("Deal won (12500): 25 points", won.getString("reason"));
    assertEquals(25, won.getLong("points"));
    assertEquals(1, won.getInteger("ruleVersion"));
    assertEquals("activity", won.getString("source"));
    assertFalse(won.getBoolean("capped"));

    JsonObject pl = points(leader, rep, "pl");
    assertEquals("Wygrana sprzedaż (12500): 25 pkt", entry(pl, "won").getString("reason"));
    assertEquals("Odbyte spotkanie: 5 pkt", entry(pl, "meeting").getString("reason"));

    // The rep reads the same through their own token, and on the page.
    String own = platform.token("rep1@acme.example");
    assertEquals(32, points(own, null, "en").getLong("total"));
    HttpResponse<String> page = platform.send(platform.request("/points").header("Authorization", "Bearer " + own)
        .header("Accept-Language", "pl").GET().build());
    assertEquals(200, page.statusCode(), page.body());
    assertTrue(page.body().contains("<h1>Moje punkty</h1>"), page.body());
    assertTrue(page.body().contains("Wygrana sprzedaż (12500): 25 pkt"), page.body());
    assertTrue(page.body().contains("<strong>32</strong>"), page.body());
    assertEquals(403, platform.send(platform.request("/points?user=" + user("rep2").id())
        .header("Authorization", "Bearer " + own).GET().build()).statusCode());
  }

  @Test
  @Order(2)
  void aLeadAnsweredWithinFiveMinutesEarnsMoreThanALateOne() {
    CLOCK.set(Instant.parse("2026-03-03T09:00:00Z"));
    String rep = user("rep2").id();
    postBatch(leader,
        activity("p2-fast", rep, "lead-responded", "2026-03-03T08:03:00Z").put("leadReceivedAt", "2026-03-03T08:00:00Z"),
        activity("p2-edge", rep, "lead-responded", "2026-03-03T08:15:00Z").put("leadReceivedAt", "2026-03-03T08:10:00Z"),
        activity("p2-slow", rep, "lead-responded", "2026-03-03T08:42:00Z").put("leadReceivedAt", "2026-03-03T08:30:00Z"));
    sync();
    JsonObject p = points(leader, rep, "en");
    assertEquals(10 + 10 + 2, p.getLong("total"), p.encodePrettily());
    assertEquals("Lead answered in 12 min (after 5 minutes): 2 points",
        p.getJsonArray("entries").getJsonObject(0).getString("reason"));
    assertEquals("Lead answered in 5 min (within 5 minutes): 10 points",
        p.getJsonArray("entries").getJsonObject(1).getString("reason"), "exactly 5 minutes is within");
    assertEquals("Lead answered in 3 min (within 5 minutes): 10 points",
        p.getJsonArray("entries").getJsonObject(2).getString("reason"));
    assertEquals("Odpowiedź na lead w 3 min (do 5 minut): 10 pkt",
        points(leader, rep, "pl").getJsonArray("entries").getJsonObject(2).getString("reason"));
  }

  @Test
  @Order(3)
  void selfReportedActivityEarnsLessThanImportedActivity() {
    CLOCK.set(Instant.parse("2026-03-04T09:00:00Z"));
    String rep = user("rep3").id();
    String own = platform.token("rep3@acme.example");
    postBatch(own, activity("p3-self-meeting", rep, "meeting", "2026-03-04T08:00:00Z"),
        activity("p3-self-lead", rep, "lead-responded", "2026-03-04T08:02:00Z").put("leadReceivedAt",
            "2026-03-04T08:00:00Z"));
    postBatch(leader, activity("p3-crm-meeting", rep, "meeting", "2026-03-04T08:30:00Z"));
    sync();
    JsonObject p = points(own, null, "en");
    assertEquals(5, entry(p, "p3-crm-meeting").getLong("points"), "from the CRM: full points");
    assertEquals(3, entry(p, "p3-self-meeting").getLong("points"), "self-reported: half, rounded half up");
    assertEquals(5, entry(p, "p3-self-lead").getLong("points"));
    assertEquals(13, p.getLong("total"));
  }

  @Test
  @Order(4)
  void theDailyCapCountsDaysInWarsawAlsoWhenTheClocksGoForward() {
    String rep = user("rep4").id();
    // 28 March 2026 in Warsaw (CET, UTC+1) ends at 23:00 UTC; 29 March (clocks go forward at 02:00,
    // so it has 23 hours) ends at 22:00 UTC.
    CLOCK.set(Instant.parse("2026-03-28T22:55:00Z"));
    List<JsonObject> items = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      items.add(activity("p4-a" + i, rep, "follow-up", Instant.parse("2026-03-28T22:30:00Z").plusSeconds(i).toString()));
    }
    postBatch(leader, items.toArray(JsonObject[]::new));
    CLOCK.set(Instant.parse("2026-03-29T23:00:00Z"));
    items.clear();
    items.add(activity("p4-b-first", rep, "follow-up", "2026-03-28T23:10:00Z"));
    for (int i = 0; i < 19; i++) {
      items.add(activity("p4-b" + i, rep, "follow-up", Instant.parse("2026-03-29T21:30:00Z").plusSeconds(i).toString()));
    }
    items.add(activity("p4-b-last", rep, "follow-up", "2026-03-29T21:59:59Z"));
    items.add(activity("p4-c-next-day", rep, "follow-up", "2026-03-29T22:00:00Z"));
    postBatch(leader, items.toArray(JsonObject[]::new));
    sync();

    JsonObject p = points(leader, rep, "en");
    assertEquals(40 + 40 + 2, p.getLong("total"), "40 a day, then a new day");
    JsonObject capped = entry(p, "p4-a20");
    assertEquals(0, capped.getLong("points"));
    assertTrue(capped.getBoolean("capped"));
    assertEquals("2026-03-28", capped.getString("day"));
    assertEquals("Follow-up made: 0 points (daily cap reached)", capped.getString("reason"));
    assertEquals("Kontakt po spotkaniu: 0 pkt (osiągnięto dzienny limit)",
        entry(points(leader, rep, "pl"), "p4-a20").getString("reason"));
    JsonObject afterMidnight = entry(p, "p4-b-first");
    assertEquals("2026-03-29", afterMidnight.getString("day"), "00:10 in Warsaw is the next day");
    assertEquals(2, afterMidnight.getLong("points"));
    JsonObject lastOfShortDay = entry(p, "p4-b-last");
    assertEquals("2026-03-29", lastOfShortDay.getString("day"));
    assertTrue(lastOfShortDay.getBoolean("capped"), "the 21st follow-up of 29 March");
    JsonObject nextDay = entry(p, "p4-c-next-day");
    assertEquals("2026-03-30", nextDay.getString("day"), "22:00 UTC is midnight in summer time, not 23:00");
    assertEquals(2, nextDay.getLong("points"));
    assertFalse(nextDay.getBoolean("capped"));
  }

  @Test
  @Order(5)
  void repeatsReplaysAndRebuildsNeverCountTwice() throws Exception {
    CLOCK.set(Instant.parse("2026-03-05T09:00:00Z"));
    String rep = user("rep5").id();
    JsonObject meeting = activity("p5-meeting", rep, "meeting", "2026-03-05T08:00:00Z");
    postBatch(leader, meeting);
    postBatch(leader, meeting);
    assertEquals(200, platform.json("POST", "/api/activities", leader, meeting.encode()).statusCode());
    sync();
    sync();
    String entryId = entry(points(leader, rep, "en"), "p5-meeting").getString("id");
    // A replay from the start of the log (a lost checkpoint) and a full rebuild.
    platform.node().database().collection("points_checkpoint").deleteOne(new Document("_id", orgId));
    sync();
    await(platform.node().points().rebuild(orgId));
    sync();
    assertEquals(5, points(leader, rep, "en").getLong("total"));
    assertEquals(1, platform.node().database().collection("points_ledger")
        .countDocuments(new Document("_id", entryId)));
    eventually(() -> awarded.stream().anyMatch(a -> a.userId().equals(rep)));
    Thread.sleep(200);
    assertEquals(1, awarded.stream().filter(a -> a.userId().equals(rep)).count(), "points.awarded once per entry");
    Events.PointsAwarded event = awarded.stream().filter(a -> a.userId().equals(rep)).findFirst().orElseThrow();
    assertEquals(5, event.points());
    assertEquals("Meeting held: 5 points", event.reason());
  }

  @Test
  @Order(6)
  void completedModulesAndPraiseReceivedEarnPointsOnce() {
    CLOCK.set(Instant.parse("2026-03-06T09:00:00Z"));
    String rep = user("rep6").id();
    String giver = user("rep1").id();
    Instant at = Instant.parse("2026-03-06T08:00:00Z");
    var bus = platform.node().vertx().eventBus();
    // Nobody the organisation has, and a real person under another organisation: credited to no one.
    bus.publish(Catalogue.MODULE_COMPLETED.address(), new Events.ModuleCompleted(orgId, "nobody", "lead-response", 1,
        0.9, true, List.of("empathy"), at));
    bus.publish(Catalogue.MODULE_COMPLETED.address(), new Events.ModuleCompleted("no-such-org", rep, "lead-response", 1,
        0.9, true, List.of("empathy"), at));
    Events.ModuleCompleted passed = new Events.ModuleCompleted(orgId, rep, "lead-response", 1, 0.9, true,
        List.of("empathy", "product-knowledge"), at);
    bus.publish(Catalogue.MODULE_COMPLETED.address(), new Events.ModuleCompleted(orgId, rep, "follow-up-cadence", 1,
        0.3, false, List.of("execution"), at));
    bus.publish(Catalogue.MODULE_COMPLETED.address(), passed);
    bus.publish(Catalogue.MODULE_COMPLETED.address(), passed);
    for (int i = 0; i < 4; i++) {
      Events.PraiseGiven praise = new Events.PraiseGiven(orgId, "p6-praise-" + i, giver, rep, "ownership", "Thanks!",
          at.plusSeconds(i));
      bus.publish(Catalogue.PRAISE_GIVEN.address(), praise);
      bus.publish(Catalogue.PRAISE_GIVEN.address(), praise);
    }
    eventually(() -> platform.node().database().collection("points_ledger")
        .countDocuments(new Document("userId", rep)) == 5);
    assertEquals(0, platform.node().database().collection("points_ledger").countDocuments(new Document("userId", "nobody")),
        "no credit for a person the organisation does not have");
    assertEquals(0, platform.node().database().collection("points_ledger")
        .countDocuments(new Document("orgId", "no-such-org")), "no credit in an organisation that does not exist");
    JsonObject p = points(leader, rep, "en");
    assertEquals(20 + 9, p.getLong("total"), p.encodePrettily());
    assertEquals(20 + 9, p.getJsonObject("areas").getLong("EQ"), "praise and an empathy module");
    assertEquals(20, p.getJsonObject("areas").getLong("IQ"));
    assertEquals(0, p.getJsonObject("areas").getLong("BQ"), "a failed module earns nothing");
    assertTrue(p.getJsonArray("entries").stream().map(o -> ((JsonObject) o).getString("reason"))
        .anyMatch("Training module \"lead-response\" passed: 20 points"::equals), p.encodePrettily());
    assertTrue(p.getJsonArray("entries").stream().map(o -> ((JsonObject) o).getString("reason"))
        .anyMatch("Praise received for Ownership: 0 points (daily cap reached)"::equals), p.encodePrettily());
    // the praised value is named in the reader's language, not by its key ("pochwała za honesty")
    JsonObject pl = points(leader, rep, "pl");
    assertTrue(pl.getJsonArray("entries").stream().map(o -> ((JsonObject) o).getString("reason"))
        .anyMatch(r -> r.startsWith("Otrzymana pochwała za Odpowiedzialność")), pl.encodePrettily());
    eventually(() -> awarded.stream().filter(a -> a.userId().equals(rep)).count() == 4);
    assertEquals(4, awarded.stream().filter(a -> a.userId().equals(rep)).map(Events.PointsAwarded::sourceId)
        .distinct().count(), "one event per entry with points; none for the capped one");
  }

  @Test
  @Order(7)
  void afterRandomActivityTheLedgerEqualsARecomputationFromTheLog() throws Exception {
    CLOCK.set(Instant.parse("2026-03-10T12:00:00Z"));
    Random random = new Random(20260310L);
    List<User> people = List.of(user("rep7"), user("rep8"), user("mentor1"));
    Map<String, String> tokens = new HashMap<>();
    for (User u : people) {
      tokens.put(u.id(), platform.token(u.email()));
    }
    String[] kinds = {"call", "email", "meeting", "follow-up", "opportunity-opened", "won", "lost", "lead-received"};
    List<JsonObject> sent = new ArrayList<>();
    for (int round = 0; round < 12; round++) {
      List<JsonObject> batch = new ArrayList<>();
      int size = 1 + random.nextInt(40);
      for (int i = 0; i < size; i++) {
        if (!sent.isEmpty() && random.nextInt(10) == 0) {
          batch.add(sent.get(random.nextInt(sent.size())));
          continue;
        }
        User u = people.get(random.nextInt(people.size()));
        String kind = kinds[random.nextInt(kinds.length)];
        JsonObject a = activity("p7-" + sent.size(), u.id(), kind,
            CLOCK.instant().minusSeconds(random.nextInt(4 * 86_400)).toString());
        if (kind.equals("won") || kind.equals("lost")) {
          a.put("value", random.nextInt(5_000));
        }
        a.put("self", random.nextBoolean());
        sent.add(a);
        batch.add(a);
      }
      // Self-reported activities go through the rep's own token, the rest through the leader's.
      for (boolean self : new boolean[] {true, false}) {
        JsonObject[] part = batch.stream().filter(a -> a.getBoolean("self") == self)
            .map(a -> withoutSelf(a.copy())).toArray(JsonObject[]::new);
        for (JsonObject a : part) {
          postBatch(self ? tokens.get(a.getString("userId")) : leader, a);
        }
      }
      if (random.nextBoolean()) {
        sync();
      }
    }
    sync();

    Map<String, Long> ledger = new TreeMap<>();
    for (LedgerEntry e : platform.node().points().ledger().all(orgId)) {
      ledger.put(e.id(), e.points());
    }
    Map<String, Long> recomputed = new TreeMap<>();
    for (LedgerEntry e : await(platform.node().points().recompute(orgId))) {
      recomputed.put(e.id(), e.points());
    }
    assertEquals(recomputed, ledger, "ledger == recomputation from the activity log");

    // And a naive, independent count for these people: fixed points, self half (rounded half up),
    // follow-ups capped at 40 a Warsaw day.
    Map<String, Integer> base = Map.of("call", 1, "email", 1, "meeting", 5, "follow-up", 2,
        "opportunity-opened", 5, "won", 25, "lost", 1, "lead-received", 0);
    for (User u : people) {
      long expected = 0;
      Map<LocalDate, Long> followUps = new HashMap<>();
      List<Document> log = platform.node().database().collection("activities")
          .find(new Document("userId", u.id())).sort(new Document("seq", 1)).into(new ArrayList<>());
      for (Document d : log) {
        String kind = d.getString("kind");
        long pts = base.get(kind);
        if ("self".equals(d.getString("source")) && !kind.equals("lost")) {
          pts = Math.round(pts * 0.5);
        }
        if (kind.equals("follow-up")) {
          LocalDate day = LocalDate.ofInstant(d.getDate("occurredAt").toInstant(), ZoneId.of("Europe/Warsaw"));
          long before = followUps.getOrDefault(day, 0L);
          pts = Math.max(0, Math.min(pts, 40 - before));
          followUps.put(day, before + pts);
        }
        expected += pts;
      }
      assertEquals(expected, points(leader, u.id(), "en").getLong("total"), u.email());
    }

    await(platform.node().points().rebuild(orgId));
    Map<String, Long> rebuilt = new TreeMap<>();
    for (LedgerEntry e : platform.node().points().ledger().all(orgId)) {
      rebuilt.put(e.id(), e.points());
    }
    assertEquals(ledger, rebuilt, "a rebuild gives the same ledger");
  }

  @Test
  @Order(8)
  void onlyLeadersSeeOthersPointsAndNothingCrossesOrganisations() {
    String rep1 = platform.token("rep1@acme.example");
    String rep2Id = user("rep2").id();
    assertEquals(403, platform.get("/api/points?user=" + rep2Id, rep1).statusCode());
    assertEquals(200, platform.get("/api/points?user=" + rep2Id, leader).statusCode());
    assertEquals(401, platform.send(platform.request("/api/points").GET().build()).statusCode());
    assertEquals(404, platform.get("/api/points?user=nobody-here", leader).statusCode());
    String outsider = otherOrganisationLeader();
    HttpResponse<String> across = platform.get("/api/points?user=" + rep2Id, outsider);
    assertEquals(404, across.statusCode(), "another organisation's person is unknown");
    assertEquals(0, new JsonObject(platform.get("/api/points", outsider).body()).getLong("total"));
    String rules = new JsonObject().put("rules", new JsonObject(platform.get("/api/points/rules", leader).body())
        .getJsonArray("rules")).encode();
    assertEquals(403, platform.json("PUT", "/api/points/rules", rep1, rules).statusCode());
    assertEquals(403, platform.json("POST", "/api/points/rules/preview", rep1, rules).statusCode());
    assertEquals(200, platform.get("/api/points/rules", rep1).statusCode(), "everyone may read the rules");
  }

  @Test
  @Order(9)
  void badRulesAreRefusedNamingTheRule() throws Exception {
    JsonObject current = new JsonObject(platform.get("/api/points/rules", leader).body());
    JsonArray rules = current.getJsonArray("rules").copy();
    rules.getJsonObject(0).put("points", -1);
    HttpResponse<String> bad = platform.json("PUT", "/api/points/rules", leader,
        new JsonObject().put("rules", rules).encode());
    assertEquals(400, bad.statusCode(), bad.body());
    assertTrue(bad.body().contains("rule \\\"call\\\""), bad.body());
    rules = current.getJsonArray("rules").copy();
    rules.getJsonObject(1).getJsonObject("reason").remove("pl");
    assertEquals(400, platform.json("PUT", "/api/points/rules", leader, new JsonObject().put("rules", rules).encode())
        .statusCode());
    assertEquals(current.getInteger("version"),
        new JsonObject(platform.get("/api/points/rules", leader).body()).getInteger("version"), "nothing stored");

    // The default file is checked the same way at start: a bad one stops the platform, naming the rule.
    Path dir = Files.createTempDirectory(data, "rules");
    Files.createDirectories(dir.resolve("content/points"));
    Files.writeString(dir.resolve("content/points/rules.json"),
        "{\"rules\":[{\"id\":\"call\",\"on\":\"activity\",\"kind\":\"phone\",\"points\":1,\"area\":\"BQ\","
            + "\"reason\":{\"en\":\"x\",\"pl\":\"y\"}}]}");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      RuleSet.Invalid e = assertThrows(RuleSet.Invalid.class, () -> RuleSet.defaults(loader));
      assertTrue(e.getMessage().contains("rule \"call\""), e.getMessage());
      assertTrue(e.getMessage().contains("kind"), e.getMessage());
    }
    assertEquals(11, RuleSet.defaults(PointsTest.class.getClassLoader()).rules().size());
  }

  @Test
  @Order(10)
  void aLeaderEditsTheRulesAsANewVersionForNewActivityOnly() {
    CLOCK.set(Instant.parse("2026-03-11T09:00:00Z"));
    String rep = user("mentor2").id();
    postBatch(leader, activity("p10-before", rep, "call", "2026-03-11T08:00:00Z"));
    sync();
    String firstPage = platform.get("/points/rules", leader).body();
    assertTrue(firstPage.contains("from the start") || firstPage.contains("od początku"), firstPage);
    assertFalse(firstPage.contains("1970"), "the product's rules are in force from the start, not since 1970");
    JsonObject current = new JsonObject(platform.get("/api/points/rules", leader).body());
    JsonArray rules = current.getJsonArray("rules").copy();
    rules.getJsonObject(0).put("points", 7);

    HttpResponse<String> preview = platform.json("POST", "/api/points/rules/preview", leader,
        new JsonObject().put("rules", rules).encode());
    assertEquals(200, preview.statusCode(), preview.body());
    JsonObject mine = new JsonObject(preview.body()).getJsonArray("people").stream().map(o -> (JsonObject) o)
        .filter(o -> o.getString("userId").equals(rep)).findFirst().orElseThrow();
    assertEquals(1, mine.getLong("current"), preview.body());
    assertEquals(7, mine.getLong("candidate"));
    assertEquals(6, mine.getLong("change"));

    CLOCK.advance(Duration.ofSeconds(1));
    HttpResponse<String> edited = platform.json("PUT", "/api/points/rules", leader,
        new JsonObject().put("rules", rules).encode());
    assertEquals(201, edited.statusCode(), edited.body());
    int version = new JsonObject(edited.body()).getInteger("version");
    assertEquals(current.getInteger("version") + 1, version);
    assertEquals(version, new JsonObject(platform.get("/api/points/rules", leader).body()).getInteger("version"));

    CLOCK.advance(Duration.ofSeconds(1));
    postBatch(leader, activity("p10-after", rep, "call", "2026-03-11T08:30:00Z"));
    sync();
    JsonObject p = points(leader, rep, "en");
    assertEquals(1, entry(p, "p10-before").getLong("points"), "recorded before the edit: the old rules");
    assertEquals(1, entry(p, "p10-before").getInteger("ruleVersion"));
    assertEquals(7, entry(p, "p10-after").getLong("points"));
    assertEquals(version, entry(p, "p10-after").getInteger("ruleVersion"));

    await(platform.node().points().rebuild(orgId));
    assertEquals(8, points(leader, rep, "en").getLong("total"), "a rebuild keeps each activity's version");

    // The rules page: everyone reads it, leaders change the rules through its form.
    String rep1 = platform.token("rep1@acme.example");
    HttpResponse<String> repPage = platform.get("/points/rules", rep1);
    assertEquals(200, repPage.statusCode(), repPage.body());
    assertTrue(repPage.body().contains("follow-up"), repPage.body());
    assertTrue(repPage.body().contains("2026") && !repPage.body().contains("1970"),
        "a leader's version is in force since the day it was saved: " + repPage.body());
    assertFalse(repPage.body().contains("<textarea"), "only leaders get the form");
    HttpResponse<String> leaderPage = platform.get("/points/rules", leader);
    assertTrue(leaderPage.body().contains("<textarea"), leaderPage.body());
    rules.getJsonObject(0).put("points", 2);
    String form = "rules=" + java.net.URLEncoder.encode(new JsonObject().put("rules", rules).encode(),
        java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(403, postForm("/points/rules", rep1, form).statusCode());
    assertEquals(400, postForm("/points/rules", leader, "rules=%7B%7D").statusCode());
    HttpResponse<String> saved = postForm("/points/rules", leader, form);
    assertEquals(303, saved.statusCode(), saved.body());
    assertEquals(version + 1, new JsonObject(platform.get("/api/points/rules", leader).body()).getInteger("version"));
  }

  private static HttpResponse<String> postForm(String path, String token, String form) {
    return platform.send(platform.request(path).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build());
  }

  @Test
  @Order(15)
  void thePointsPageShowsFiftyEntriesAndLinksToOlderOnesInTheLedgersOrder() {
    CLOCK.set(Instant.parse("2026-03-27T17:00:00Z"));
    String rep = user("rep7").id();
    // 130 facts, ten at one moment and won deals (each several entries of one fact, sharing its moment)
    JsonObject[] items = new JsonObject[130];
    for (int i = 0; i < items.length; i++) {
      String at = i < 10 ? "2026-03-20T10:00:00Z" : Instant.parse("2026-03-20T10:00:00Z").plusSeconds(60L * i).toString();
      items[i] = i % 13 == 0 ? activity("pg-" + i, rep, "won", at).put("value", 1000 + i)
          : activity("pg-" + i, rep, i % 2 == 0 ? "call" : "meeting", at);
    }
    postBatch(leader, items);
    sync();
    List<JsonObject> ledger = points(leader, rep, "en").getJsonArray("entries").stream().map(o -> (JsonObject) o)
        .toList();
    List<String> ledgerOrder = ledger.stream().map(e -> e.getString("id")).toList();
    assertEquals(dev.quotient.server.points.PointsRoutes.MAX_ENTRIES, ledgerOrder.size(), "the API's newest entries");

    List<String> shown = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    for (String page : pointsPages(rep)) {
      java.util.regex.Matcher entry = ENTRY.matcher(page);
      int n = 0;
      while (entry.find()) {
        shown.add(entry.group(1));
        n++;
      }
      sizes.add(n);
    }
    long stored = platform.node().database().collection("points_ledger")
        .countDocuments(new org.bson.Document("orgId", orgId).append("userId", rep));
    assertEquals(stored, shown.size(), "every entry once");
    assertEquals(stored, new java.util.HashSet<>(shown).size(), "every entry once");
    assertEquals(ledgerOrder, shown.subList(0, ledgerOrder.size()), "newest first, in the ledger's order");
    assertEquals((shown.size() + 49) / 50, sizes.size(), "pages: " + sizes);
    assertTrue(sizes.subList(0, sizes.size() - 1).stream().allMatch(n -> n == 50), "pages: " + sizes);

    // Taken back on the second page: that page no longer offers to take it back.
    java.util.regex.Matcher link = OLDER.matcher(platform.get("/points?user=" + rep, leader).body());
    assertTrue(link.find());
    assertTrue(link.group(0).endsWith(">Older entries</a>") || link.group(0).endsWith(">Starsze wpisy</a>"),
        link.group(0));
    String second = unescape(link.group(1));
    String onSecond = ledger.stream().skip(50).limit(50).filter(e -> e.getLong("points") > 0)
        .map(e -> e.getString("id")).findFirst().orElseThrow();
    assertTrue(platform.get(second, leader).body().contains("/points/entries/" + onSecond + "/reversal"));
    HttpResponse<String> reversal = platform.json("POST", "/api/points/entries/" + onSecond + "/reversal", leader,
        new JsonObject().put("reason", "Logged twice").encode());
    assertEquals(201, reversal.statusCode(), reversal.body());
    assertFalse(platform.get(second, leader).body().contains("/points/entries/" + onSecond + "/reversal"),
        "an entry taken back is not offered again");

    // A damaged link: a readable page that says so, in the reader's language.
    for (String bad : List.of("garbage!", "", "bm90IGEgY3Vyc29y", "MTIzfGFiY3w")) {
      HttpResponse<String> r = platform.send(platform.request("/points?before=" + bad)
          .header("Authorization", "Bearer " + leader).header("Accept-Language", "pl").GET().build());
      assertEquals(400, r.statusCode(), bad);
      assertTrue(r.body().contains("Ten link do starszych wpisów punktów jest uszkodzony"), r.body());
    }
  }

  private static final java.util.regex.Pattern ENTRY = java.util.regex.Pattern.compile("<li data-entry=\"([^\"]+)\"");
  private static final java.util.regex.Pattern OLDER = java.util.regex.Pattern.compile(
      "href=\"(/points\\?[^\"]*before[^\"]+)\" rel=\"next\">[^<]*</a>");

  /** Every page of someone's points as a leader reads them, from the newest, following "Older entries". */
  private static List<String> pointsPages(String userId) {
    List<String> pages = new ArrayList<>();
    String path = "/points?user=" + userId;
    while (path != null) {
      HttpResponse<String> page = platform.get(path, leader);
      assertEquals(200, page.statusCode(), page.body());
      pages.add(page.body());
      java.util.regex.Matcher older = OLDER.matcher(page.body());
      path = older.find() ? unescape(older.group(1)) : null;
    }
    return pages;
  }

  /** A link as the page's HTML escapes it, as a browser follows it. */
  private static String unescape(String href) {
    return href.replace("&#x3D;", "=").replace("&amp;", "&");
  }

  // ---------------------------------------------------------------------------------------------

  private static JsonObject withoutSelf(JsonObject a) {
    a.remove("self");
    return a;
  }

  private static User user(String name) {
    return new AccountStore(platform.node().database()).userByEmail(name + "@acme.example").orElseThrow();
  }

  private static JsonObject activity(String id, String userId, String kind, String occurredAt) {
    return new JsonObject().put("id", id).put("userId", userId).put("kind", kind).put("occurredAt", occurredAt);
  }

  private static void postBatch(String token, JsonObject... items) {
    JsonArray array = new JsonArray();
    for (JsonObject item : items) {
      array.add(item);
    }
    HttpResponse<String> r = platform.json("POST", "/api/activities/batch", token,
        new JsonObject().put("activities", array).encode());
    assertTrue(r.statusCode() == 200 || r.statusCode() == 201, r.body());
  }

  @Test
  @Order(11)
  void activityStoredButNotScoredBeforeACrashIsScoredByTheCatchUpFromItsLogPosition() throws Exception {
    CLOCK.set(Instant.parse("2026-03-20T09:00:00Z"));
    String rep = user("rep3").id();
    postBatch(leader, activity("c11-call", rep, "call", "2026-03-20T08:00:00Z"));
    sync();
    long before = points(leader, rep, "en").getLong("total");
    var positions = new dev.quotient.server.projection.LogPositions(platform.node().database());
    assertTrue(platform.node().points().ledger().scored(orgId).pos() > 0, "the checkpoint knows its log position");
    // Stored as the API stores them, and never handed to the scorer: a crash between the two.
    var store = new dev.quotient.server.activity.ActivityStore(platform.node().database(), positions);
    await(platform.node().database().call(() -> store.record(orgId, List.of(
        new dev.quotient.server.activity.Activity("c11-meeting", rep, dev.quotient.server.activity.ActivityKind.MEETING,
            Instant.parse("2026-03-20T08:10:00Z"), null, null, null, null, 60, null, null),
        new dev.quotient.server.activity.Activity("c11-follow", rep, dev.quotient.server.activity.ActivityKind.FOLLOW_UP,
            Instant.parse("2026-03-20T08:20:00Z"), null, null, "lead-1", null, 5, null, null)),
        dev.quotient.server.activity.Source.CRM, Instant.parse("2026-03-20T08:30:00Z"))));
    sync();
    assertEquals(before + 5 + 2, points(leader, rep, "en").getLong("total"), "the meeting and the follow-up scored");
    // the checkpoint moves to the head it read: the next start reads only what comes after it
    assertEquals(positions.head(dev.quotient.server.projection.LogPositions.ACTIVITIES),
        platform.node().points().ledger().scored(orgId).pos());
    sync();
    assertEquals(before + 5 + 2, points(leader, rep, "en").getLong("total"), "and only once");
  }

  @Test
  @Order(12)
  void theDailyCapCountsWhatWasEarnedBeforeARestartWithoutATotalsCollection() {
    CLOCK.set(Instant.parse("2026-03-23T15:00:00Z"));
    String rep = user("rep2").id();
    List<JsonObject> morning = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      morning.add(activity("c12-a" + i, rep, "follow-up", Instant.parse("2026-03-23T08:00:00Z").plusSeconds(60L * i).toString()));
    }
    postBatch(leader, morning.toArray(JsonObject[]::new));
    sync();
    long before = points(leader, rep, "en").getLong("total");
    // the totals caps are checked against are a projection of the ledger, not a document per fact
    assertFalse(platform.node().database().db().listCollectionNames().into(new ArrayList<>()).contains("points_daily"));

    platform.close();
    platform = TestPlatform.start(data, TestPlatform.distributionPlugins(), Map.of(), CLOCK);
    List<JsonObject> afternoon = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      afternoon.add(activity("c12-b" + i, rep, "follow-up", Instant.parse("2026-03-23T13:00:00Z").plusSeconds(60L * i).toString()));
    }
    postBatch(leader, afternoon.toArray(JsonObject[]::new));
    sync();
    JsonObject p = points(leader, rep, "en");
    assertEquals(before + 5 * 2, p.getLong("total"), "20 follow-ups reach the cap of 40 a day: 5 more after the restart");
    assertTrue(entry(p, "c12-b5").getBoolean("capped"), p.encodePrettily());
    assertFalse(entry(p, "c12-b4").getBoolean("capped"));
  }

  @Test
  @Order(13)
  void selfReportedActivityHasADailyCapAndALeaderTakesBackAnEntryWithAReason() {
    CLOCK.set(Instant.parse("2026-03-25T17:00:00Z"));
    String rep = user("rep5").id();
    String own = platform.token("rep5@acme.example");
    long before = points(leader, rep, "en").getLong("total");
    // 60 meetings reported by the rep in one request: 3 points each, 9 a day at most
    List<JsonObject> meetings = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      meetings.add(activity("f13-" + i, rep, "meeting", Instant.parse("2026-03-25T08:00:00Z").plusSeconds(400L * i).toString()));
    }
    postBatch(own, meetings.toArray(JsonObject[]::new));
    sync();
    JsonObject p = points(own, null, "en");
    assertEquals(before + 9, p.getLong("total"), "self-reported meetings stop at the daily cap of 9 points");
    assertEquals(3, entry(p, "f13-2").getLong("points"));
    assertTrue(entry(p, "f13-2").getBoolean("selfReported"));
    assertEquals(0, entry(p, "f13-3").getLong("points"));
    assertTrue(entry(p, "f13-3").getBoolean("capped"), "the rep sees why the fourth earned nothing");
    // meetings from the organisation's systems are not held to the self-reported cap
    postBatch(leader, activity("f13-crm", rep, "meeting", "2026-03-25T16:30:00Z"));
    sync();
    JsonObject crm = entry(points(leader, rep, "en"), "f13-crm");
    assertEquals(5, crm.getLong("points"));

    // a rule set giving self-reported calls points without a cap is refused, naming the rule
    JsonArray rules = new JsonObject(platform.get("/api/points/rules", leader).body()).getJsonArray("rules").copy();
    rules.getJsonObject(0).remove("selfDailyCap");
    HttpResponse<String> uncapped = platform.json("PUT", "/api/points/rules", leader,
        new JsonObject().put("rules", rules).encode());
    assertEquals(400, uncapped.statusCode(), uncapped.body());
    assertTrue(uncapped.body().contains("call") && uncapped.body().contains("selfDailyCap"), uncapped.body());

    // a leader takes the CRM meeting back, with a reason the rep reads
    String path = "/api/points/entries/" + crm.getString("id") + "/reversal";
    assertEquals(403, platform.json("POST", path, own, "{\"reason\":\"My own mistake\"}").statusCode());
    HttpResponse<String> noReason = platform.json("POST", path, leader, "{\"reason\":\" \"}");
    assertEquals(400, noReason.statusCode());
    assertTrue(noReason.body().contains("reason"), noReason.body());
    assertEquals(404, platform.json("POST", "/api/points/entries/nope/reversal", leader,
        "{\"reason\":\"Not a real entry\"}").statusCode());
    long beforeReversal = points(leader, rep, "en").getLong("total");
    // (the platform restarted at order 12: listen on this one)
    List<Events.PointsAwarded> published = new CopyOnWriteArrayList<>();
    try {
      platform.node().vertx().eventBus().<Events.PointsAwarded>consumer(Catalogue.POINTS_AWARDED.address(),
          m -> published.add(m.body())).completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    HttpResponse<String> reversed = platform.json("POST", path, leader,
        "{\"reason\":\"Entered twice by the CRM sync\"}");
    assertEquals(201, reversed.statusCode(), reversed.body());
    assertEquals(-5, new JsonObject(reversed.body()).getLong("points"));
    assertEquals(409, platform.json("POST", path, leader, "{\"reason\":\"Once more\"}").statusCode(),
        "an entry is taken back once");
    JsonObject after = points(own, null, "en");
    assertEquals(beforeReversal - 5, after.getLong("total"));
    JsonObject reversal = after.getJsonArray("entries").stream().map(o -> (JsonObject) o)
        .filter(e -> "reversal".equals(e.getString("source"))).findFirst().orElseThrow();
    assertTrue(reversal.getString("reason").contains("Entered twice by the CRM sync"), reversal.encode());
    assertEquals(List.of("BQ"), reversal.getJsonArray("areas").getList(), "the skill ladder falls back too");
    eventually(() -> published.stream().anyMatch(a -> a.points() == -5 && a.userId().equals(rep)));
    String page = platform.send(platform.request("/points").header("Authorization", "Bearer " + own)
        .header("Accept-Language", "en").GET().build()).body();
    assertTrue(page.contains("Entered twice by the CRM sync") && page.contains("-5"), page);
    assertFalse(page.contains("/reversal"), "a rep cannot take back points");
    // (the newest page holds the day's capped calls; points to take back are on older pages)
    assertTrue(pointsPages(rep).stream().anyMatch(html -> html.contains("/points/entries/")),
        "the leader's view of the rep offers to take points back");
    String audit = platform.get("/api/audit", platform.token("admin@acme.example")).body();
    assertTrue(audit.contains("points.reversed") && audit.contains("Entered twice by the CRM sync"), audit);
  }

  @Test
  @Order(14)
  void aBurstOfSelfReportedActivityIsHeldForALeadersReview() {
    CLOCK.set(Instant.parse("2026-03-26T17:00:00Z"));
    String rep = user("rep6").id();
    String own = platform.token("rep6@acme.example");
    long before = points(leader, rep, "en").getLong("total");
    List<JsonObject> calls = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      calls.add(activity("b14-" + i, rep, "call", Instant.parse("2026-03-26T08:00:00Z").plusSeconds(1_800L * i).toString()));
    }
    postBatch(own, calls.toArray(JsonObject[]::new));
    sync();
    JsonObject p = points(own, null, "en");
    assertEquals(before + 9, p.getLong("total"), "nine calls score; from the tenth within ten minutes they wait");
    JsonObject held = entry(p, "b14-9");
    assertTrue(held.getBoolean("held"), held.encode());
    assertEquals(0, held.getLong("points"));
    assertTrue(held.getString("reason").contains("review"), held.getString("reason"));
    assertFalse(entry(p, "b14-8").getBoolean("held"));

    // the leader's queue: the three held calls; reps do not see it
    assertEquals(403, platform.get("/api/points/review", own).statusCode());
    JsonArray queue = new JsonObject(platform.get("/api/points/review", leader).body()).getJsonArray("held");
    List<String> heldIds = queue.stream().map(o -> (JsonObject) o).filter(h -> rep.equals(h.getString("userId")))
        .map(h -> h.getString("id")).toList();
    assertEquals(3, heldIds.size(), queue.encode());
    assertTrue(heldIds.contains(held.getString("id")));

    // count one, refuse one with a reason; a refusal needs one; a decision is made once
    String approve = "/api/points/review/" + heldIds.get(0);
    String refuse = "/api/points/review/" + heldIds.get(1);
    assertEquals(403, platform.json("POST", approve, own, "{\"decision\":\"approve\"}").statusCode());
    HttpResponse<String> noReason = platform.json("POST", refuse, leader, "{\"decision\":\"refuse\"}");
    assertEquals(400, noReason.statusCode(), noReason.body());
    assertTrue(noReason.body().contains("reason"), noReason.body());
    HttpResponse<String> counted = platform.json("POST", approve, leader, "{\"decision\":\"approve\"}");
    assertEquals(201, counted.statusCode(), counted.body());
    assertEquals(1, new JsonObject(counted.body()).getLong("points"));
    assertEquals(201, platform.json("POST", refuse, leader,
        "{\"decision\":\"refuse\",\"reason\":\"Logged twice from the dialer\"}").statusCode());
    assertEquals(409, platform.json("POST", approve, leader, "{\"decision\":\"approve\"}").statusCode());
    assertEquals(409, platform.json("POST", "/api/points/review/" + entry(p, "b14-0").getString("id"), leader,
        "{\"decision\":\"approve\"}").statusCode(), "only held entries are reviewed");

    JsonObject after = points(own, null, "en");
    assertEquals(before + 10, after.getLong("total"));
    assertTrue(after.getJsonArray("entries").stream().map(o -> (JsonObject) o)
        .anyMatch(e -> "review".equals(e.getString("source")) && e.getString("reason").contains("Logged twice from the dialer")),
        "the rep reads why it was not counted");
    JsonArray left = new JsonObject(platform.get("/api/points/review", leader).body()).getJsonArray("held");
    assertEquals(List.of(heldIds.get(2)), left.stream().map(o -> ((JsonObject) o).getString("id"))
        .filter(heldIds::contains).toList(), "decided entries leave the queue");
    String page = platform.send(platform.request("/points/review").header("Authorization", "Bearer " + leader)
        .header("Accept-Language", "en").GET().build()).body();
    assertTrue(page.contains("/points/review/" + heldIds.get(2)), page);
    String audit = platform.get("/api/audit", platform.token("admin@acme.example")).body();
    assertTrue(audit.contains("points.approved") && audit.contains("points.refused"), audit);
  }

  private static void sync() {
    await(platform.node().points().catchUp(orgId));
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonObject points(String token, String userId, String language) {
    HttpRequest request = platform.request("/api/points" + (userId == null ? "" : "?user=" + userId))
        .header("Authorization", "Bearer " + token).header("Accept-Language", language).GET().build();
    HttpResponse<String> r = platform.send(request);
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }

  /** The entry scored from the activity with this client id, or by this rule. */
  private static JsonObject entry(JsonObject points, String clientIdOrRule) {
    String sourceId = dev.quotient.server.activity.Activity.activityId(orgId, clientIdOrRule);
    return points.getJsonArray("entries").stream().map(o -> (JsonObject) o)
        .filter(e -> e.getString("sourceId").equals(sourceId) || e.getString("ruleId").equals(clientIdOrRule))
        .findFirst().orElseThrow(() -> new AssertionError(clientIdOrRule + " not in " + points.encodePrettily()));
  }

  private static void eventually(BooleanSupplier condition) {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("condition not met in time");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static String otherOrganisationLeader() {
    AccountStore store = new AccountStore(platform.node().database());
    Organisation org = store.createOrganisation(new Organisation(AccountStore.newId(), "Initech Points",
        ZoneId.of("UTC"), Locale.ENGLISH, List.of()));
    store.createUser(new User(AccountStore.newId(), org.id(), "leader@initech-points.example", "Initech Leader",
        Set.of(Role.LEADER), null, null, Passwords.hash(TestPlatform.DEMO_PASSWORD)));
    return platform.token("leader@initech-points.example");
  }
}
