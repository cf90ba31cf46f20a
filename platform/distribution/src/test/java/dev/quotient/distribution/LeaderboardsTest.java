package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.api.event.Catalogue;
import dev.quotient.api.event.Events;
import dev.quotient.server.account.AccountStore;
import dev.quotient.server.account.User;
import dev.quotient.testkit.TestClock;
import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leaderboards over real HTTP on one node with the embedded MongoDB and a test clock: points from
 * posted activity reach the boards; top, rank and the places around; team boards; skill ladders;
 * week and day boundaries in Warsaw on the day clocks go forward; opt-out and anonymous display;
 * the live stream; contests with a fair variant and their winners; bad input; and the boards against
 * a naive recomputation from the points ledger, before and after a restart rebuilds them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LeaderboardsTest {

  @TempDir
  static Path data;
  /** Monday 30 March 2026, 10:00 in Warsaw: clocks went forward the night before last. */
  private static final TestClock CLOCK = new TestClock(Instant.parse("2026-03-30T08:00:00Z"));
  private static TestPlatform platform;
  private static String leader;
  private static final List<Events.ContestWon> won = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    platform = TestPlatform.start(data, TestPlatform.distributionPlugins(), Map.of(), CLOCK);
    leader = platform.token("leader@acme.example");
    platform.node().vertx().eventBus().<Events.ContestWon>consumer(Catalogue.CONTEST_WON.address(),
        m -> won.add(m.body())).completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  @Order(1)
  void activityMovesTheBoardsWithRankAndThePlacesAround() {
    post(act("a1", "rep1", "meeting", "2026-03-30T07:00:00Z"), act("a2", "rep1", "call", "2026-03-30T07:05:00Z"),
        act("a3", "rep2", "meeting", "2026-03-30T07:10:00Z"), act("a4", "rep3", "won", "2026-03-30T07:20:00Z"),
        act("a5", "rep4", "call", "2026-03-30T07:30:00Z"), act("a6", "rep5", "call", "2026-03-30T07:40:00Z"));
    // rep3 25 (won), rep1 6 (meeting 5 + call 1), rep2 5, rep4 1, rep5 1
    JsonObject board = awaitBoard(token("rep2"), "period=week&top=3&around=1",
        b -> b.getInteger("size") == 5);
    assertEquals(List.of("rep3", "rep1", "rep2"), names(board.getJsonArray("top")));
    assertEquals(List.of(25L, 6L, 5L), scores(board.getJsonArray("top")));
    assertEquals(3, board.getJsonObject("me").getInteger("rank"));
    assertTrue(board.getJsonObject("me").getBoolean("you"));
    assertEquals(List.of("rep1", "rep2", "rep4"), names(board.getJsonArray("around")),
        "one place either side of rep2");
    assertEquals("2026-03-30", board.getString("start"));
    assertEquals("2026-04-05", board.getString("end"));
    assertEquals("Europe/Warsaw", board.getString("zone"));

    JsonObject tied = board(token("rep5"), "period=week&around=2");
    assertEquals(4, tied.getJsonObject("me").getInteger("rank"), "equal scores share a rank");

    // Won deals credit no skill area; calls and meetings are selling behaviour (BQ).
    JsonObject bq = board(leader, "period=week&ladder=BQ");
    assertEquals(List.of("rep1", "rep2", "rep4", "rep5"), names(bq.getJsonArray("top")));

    // Teams: Hunters (rep1-4) 37, Farmers (rep5) 1.
    JsonObject teams = board(token("rep5"), "scope=team&period=week");
    assertEquals(List.of(37L, 1L), scores(teams.getJsonArray("top")));
    assertEquals("Hunters", teams.getJsonArray("top").getJsonObject(0).getString("name"));
    assertEquals(2, teams.getJsonObject("me").getInteger("rank"), "rep5's team is second");
  }

  @Test
  @Order(2)
  void periodsFollowTheOrganisationsZoneAcrossTheClockChange() {
    // Sunday 29 March 23:30 in Warsaw (CEST, UTC+2) is last week; Monday 00:30 is this week and today.
    post(act("b1", "rep6", "meeting", "2026-03-29T21:30:00Z"), act("b2", "rep7", "meeting", "2026-03-29T22:30:00Z"));
    awaitBoard(leader, "period=week&back=1", b -> names(b.getJsonArray("top")).contains("rep6"));
    JsonObject thisWeek = board(leader, "period=week");
    assertTrue(names(thisWeek.getJsonArray("top")).contains("rep7"));
    assertFalse(names(thisWeek.getJsonArray("top")).contains("rep6"));
    JsonObject lastWeek = board(leader, "period=week&back=1");
    assertEquals("2026-03-23", lastWeek.getString("start"));
    assertEquals(List.of("rep6"), names(lastWeek.getJsonArray("top")));
    JsonObject today = board(leader, "period=day");
    assertTrue(names(today.getJsonArray("top")).contains("rep7"));
    assertFalse(names(today.getJsonArray("top")).contains("rep6"));
    assertEquals(List.of("rep6"), names(board(leader, "period=day&back=1").getJsonArray("top")));
    JsonObject month = board(leader, "period=month");
    assertEquals("2026-03-01", month.getString("start"));
    assertTrue(names(month.getJsonArray("top")).containsAll(List.of("rep6", "rep7")));
    assertEquals("2026-01-01", board(leader, "period=quarter").getString("start"));
  }

  @Test
  @Order(3)
  void repsMayOptOutOrBeAnonymousButLeadersSeeEveryone() {
    assertEquals(200, platform.json("PUT", "/api/leaderboards/visibility", token("rep3"),
        "{\"visibility\":\"hidden\"}").statusCode());
    assertEquals(200, platform.json("PUT", "/api/leaderboards/visibility", token("rep1"),
        "{\"visibility\":\"anonymous\"}").statusCode());
    JsonObject asRep = awaitBoard(token("rep2"), "period=week&top=10",
        b -> !names(b.getJsonArray("top")).contains("rep3"));
    JsonObject first = asRep.getJsonArray("top").getJsonObject(0);
    assertTrue(first.getBoolean("anonymous"), "rep1 is anonymous to other reps");
    assertNull(first.getString("name"));
    assertNull(first.getString("id"));
    assertEquals(2, first.getInteger("rank"), "the hidden rep's place still counts");
    JsonObject asLeader = board(leader, "period=week&top=10");
    assertEquals("rep3", names(asLeader.getJsonArray("top")).get(0), "leaders see the rep who opted out");
    assertFalse(asLeader.getJsonArray("top").getJsonObject(1).getBoolean("anonymous"));
    JsonObject own = board(token("rep3"), "period=week");
    assertEquals(1, own.getJsonObject("me").getInteger("rank"), "a hidden rep still sees their own place");
    assertEquals(400, platform.json("PUT", "/api/leaderboards/visibility", token("rep3"),
        "{\"visibility\":\"invisible\"}").statusCode());
    platform.json("PUT", "/api/leaderboards/visibility", token("rep3"), "{\"visibility\":\"shown\"}");
    platform.json("PUT", "/api/leaderboards/visibility", token("rep1"), "{\"visibility\":\"shown\"}");
  }

  @Test
  @Order(4)
  void theStreamSendsTheNewBoardWithinASecond() throws Exception {
    BlockingQueue<JsonObject> updates = new LinkedBlockingQueue<>();
    HttpResponse<InputStream> stream = platform.client().send(platform.request(
        "/api/leaderboards/stream?period=week&top=10").header("Authorization", "Bearer " + token("rep8")).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, stream.statusCode());
    assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (line.startsWith("data: ")) {
            updates.add(new JsonObject(line.substring(6)));
          }
        }
      } catch (Exception e) {
        // closed at the end of the test
      }
    });
    reader.setDaemon(true);
    reader.start();
    try {
      JsonObject initial = updates.poll(5, TimeUnit.SECONDS);
      assertNotNull(initial, "the current board comes first");
      assertNull(initial.getJsonObject("me"), "rep8 has no points yet");
      long posted = System.nanoTime();
      post(act("c1", "rep8", "won", "2026-03-30T07:50:00Z"), act("c2", "rep8", "won", "2026-03-30T07:51:00Z"));
      JsonObject update;
      do {
        update = updates.poll(5, TimeUnit.SECONDS);
        assertNotNull(update, "no update after the post");
      } while (update.getJsonObject("me") == null);
      long millis = (System.nanoTime() - posted) / 1_000_000;
      assertEquals(50, update.getJsonObject("me").getLong("score"));
      assertEquals(1, update.getJsonObject("me").getInteger("rank"));
      assertTrue(millis < 1_000, "the board moved " + millis + " ms after the post was acknowledged");
    } finally {
      stream.body().close();
      reader.interrupt();
    }
  }

  @Test
  @Order(5)
  void aContestScoredAsPercentOfOwnTargetAnnouncesItsWinner() {
    String rep5 = user("rep5").id();
    String rep6 = user("rep6").id();
    JsonObject body = new JsonObject().put("name", "Spring meetings").put("scope", "individual")
        .put("metric", "rule:meeting").put("variant", "target").put("defaultTarget", 20)
        .put("targets", new JsonObject().put(rep5, 5)).put("start", "2026-03-30T09:00:00Z")
        .put("end", "2026-03-30T15:00:00Z").put("prizes", new JsonArray().add("Dinner for two").add("A book"));
    assertEquals(403, platform.json("POST", "/api/leaderboards/contests", token("rep1"), body.encode()).statusCode());
    HttpResponse<String> bad = platform.json("POST", "/api/leaderboards/contests", leader,
        body.copy().put("end", "2026-03-30T08:00:00Z").encode());
    assertEquals(400, bad.statusCode());
    assertEquals("urn:quotient:problem:leaderboards.error.contest.window", new JsonObject(bad.body()).getString("type"));
    assertTrue(new JsonObject(bad.body()).getString("detail").contains("rok"), "in the organisation's language");
    assertEquals(400, platform.json("POST", "/api/leaderboards/contests", leader,
        body.copy().put("targets", new JsonObject().put("nobody", 3)).encode()).statusCode());
    assertEquals(0, contests().size(), "nothing stored for refused contests");

    HttpResponse<String> created = platform.json("POST", "/api/leaderboards/contests", leader, body.encode());
    assertEquals(201, created.statusCode(), created.body());
    String id = new JsonObject(created.body()).getString("id");
    CLOCK.set(Instant.parse("2026-03-30T10:00:00Z"));
    // rep5 reaches 10 of a target of 5 (200 %); rep6 15 of 20 (75 %); a meeting before the start does not count.
    post(act("d0", "rep6", "meeting", "2026-03-30T08:30:00Z"),
        act("d1", "rep5", "meeting", "2026-03-30T09:10:00Z"), act("d2", "rep5", "meeting", "2026-03-30T09:20:00Z"),
        act("d3", "rep6", "meeting", "2026-03-30T09:30:00Z"), act("d4", "rep6", "meeting", "2026-03-30T09:40:00Z"),
        act("d5", "rep6", "meeting", "2026-03-30T09:50:00Z"));
    JsonObject standings = await(() -> contest(id), c -> c.getJsonArray("standings").getJsonObject(0).getLong("result") > 0);
    JsonObject firstLine = standings.getJsonArray("standings").getJsonObject(0);
    assertEquals(rep5, firstLine.getString("id"));
    assertEquals(200.0, firstLine.getDouble("score"));
    JsonObject second = standings.getJsonArray("standings").getJsonObject(1);
    assertEquals(rep6, second.getString("id"));
    assertEquals(75.0, second.getDouble("score"), "rep6's meeting before the start is not counted");

    CLOCK.set(Instant.parse("2026-03-30T15:00:01Z"));
    JsonObject ended = await(() -> contest(id), c -> "ended".equals(c.getString("status")));
    assertEquals(rep5, ended.getJsonArray("winners").getJsonObject(0).getString("id"));
    assertEquals("Dinner for two", ended.getJsonArray("winners").getJsonObject(0).getString("prize"));
    await(() -> won.size(), n -> n >= 2);
    assertEquals(List.of(rep5, rep6), won.stream().map(Events.ContestWon::userId).toList());
    assertEquals(1, won.get(0).place());
    assertEquals("A book", won.get(1).prize());
    CLOCK.set(Instant.parse("2026-03-30T08:00:00Z"));
  }

  @Test
  @Order(6)
  void badBoardQueriesAreRefusedWithAMessage() {
    HttpResponse<String> r = platform.get("/api/leaderboards/board?period=fortnight", leader);
    assertEquals(400, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    assertTrue(r.body().contains("fortnight"), r.body());
    assertEquals(400, platform.get("/api/leaderboards/board?top=1000", leader).statusCode());
    assertEquals(400, platform.get("/api/leaderboards/board?ladder=XQ", leader).statusCode());
    assertEquals(401, platform.get("/api/leaderboards/board", null).statusCode());
    assertEquals(404, platform.get("/api/leaderboards/contests/nope", leader).statusCode());
  }

  /** Random activity for every rep: each board equals the sums of the ledger's entries, also after a rebuild. */
  @Test
  @Order(7)
  void boardsEqualANaiveRecomputationFromTheLedgerBeforeAndAfterARestart() {
    Random random = new Random(7);
    String[] kinds = {"call", "email", "meeting", "follow-up", "won", "opportunity-opened"};
    JsonArray batch = new JsonArray();
    for (int i = 0; i < 300; i++) {
      // Between Saturday 28 March and now: last week, across the clock change, and this week.
      Instant at = Instant.parse("2026-03-28T00:00:00Z").plusSeconds(random.nextInt(2 * 86_400 + 8 * 3_600));
      batch.add(act("p" + i, "rep" + (1 + random.nextInt(8)), kinds[random.nextInt(kinds.length)], at.toString()));
    }
    assertEquals(201, platform.json("POST", "/api/activities/batch", leader,
        new JsonObject().put("activities", batch).encode()).statusCode());
    await(() -> { platform.node().points().idle().toCompletionStage().toCompletableFuture().join(); return true; },
        x -> x);
    compareWithLedger();

    platform.close();
    platform = TestPlatform.start(data, TestPlatform.distributionPlugins(), Map.of(), CLOCK);
    leader = platform.token("leader@acme.example");
    compareWithLedger();
  }

  @Test
  @Order(8)
  void contestsTvAndWallBoardsShowPeopleAsTheyChoseWhoeverOpensThem() throws Exception {
    // The contest of order 5 ended with rep5 and rep6 as winners; rep5 now opts out.
    String ended = contests().stream().map(o -> (JsonObject) o).filter(c -> "Spring meetings".equals(c.getString("name")))
        .findFirst().orElseThrow().getString("id");
    CLOCK.set(Instant.parse("2026-03-30T09:00:00Z"));
    String rep2 = user("rep2").id();
    String rep3 = user("rep3").id();
    String rep5 = user("rep5").id();
    for (String[] choice : new String[][] {{"rep3", "hidden"}, {"rep2", "anonymous"}, {"rep5", "hidden"}}) {
      assertEquals(200, platform.json("PUT", "/api/leaderboards/visibility", token(choice[0]),
          "{\"visibility\":\"" + choice[1] + "\"}").statusCode());
    }
    try {
      HttpResponse<String> created = platform.json("POST", "/api/leaderboards/contests", leader, new JsonObject()
          .put("name", "Privacy week").put("scope", "individual").put("metric", "points").put("variant", "absolute")
          .put("start", "2026-03-30T08:00:00Z").put("end", "2026-04-02T00:00:00Z").encode());
      assertEquals(201, created.statusCode(), created.body());
      String id = new JsonObject(created.body()).getString("id");
      post(act("v1", "rep1", "call", "2026-03-30T08:10:00Z"), act("v2", "rep2", "meeting", "2026-03-30T08:20:00Z"),
          act("v3", "rep3", "won", "2026-03-30T08:30:00Z"));
      await(() -> contest(id, leader), c -> ids(c.getJsonArray("standings")).containsAll(List.of(rep2, rep3))
          && c.getJsonArray("standings").getJsonObject(0).getLong("result") > 0);

      // Another rep: the opted-out rep is left out, the anonymous one unnamed, their places kept.
      JsonObject asRep = contest(id, token("rep1"));
      JsonArray lines = asRep.getJsonArray("standings");
      assertFalse(ids(lines).contains(rep3), "rep3 opted out: " + lines.encode());
      JsonObject anonymous = lines.stream().map(o -> (JsonObject) o).filter(l -> l.getBoolean("anonymous"))
          .findFirst().orElseThrow(() -> new AssertionError("rep2's line is anonymous: " + lines.encode()));
      assertNull(anonymous.getString("name"));
      assertNull(anonymous.getString("id"));
      assertTrue(lines.stream().map(o -> (JsonObject) o).anyMatch(l -> l.getBoolean("you")
          && user("rep1").id().equals(l.getString("id"))), "the viewer's own line is marked");
      assertEquals(2, lines.getJsonObject(0).getInteger("place"), "the hidden rep's first place still counts");
      String page = platform.get("/leaderboards/contests/" + id, token("rep1")).body();
      for (String who : List.of("rep2", "rep3")) {
        assertFalse(page.contains(user(who).name()), who + " is named on another rep's contest page");
      }
      assertFalse(firstState("/api/leaderboards/stream?contest=" + id, token("rep1")).encode().contains(rep3),
          "the live standings leave the opted-out rep out");

      // Winners of an ended contest: the one who opted out is not named to others, on the list or the page.
      JsonObject endedAsRep = contest(ended, token("rep1"));
      assertFalse(endedAsRep.encode().contains(rep5), endedAsRep.encode());
      assertTrue(endedAsRep.getJsonArray("winners").getJsonObject(0).getBoolean("anonymous"));
      String list = platform.get("/api/leaderboards/contests", token("rep1")).body();
      assertFalse(list.contains(rep5), list);
      assertFalse(platform.get("/leaderboards/contests/" + ended, token("rep1")).body().contains(user("rep5").name()));

      // The leader's own views name everyone, on contests and on the board page.
      assertTrue(ids(contest(id, leader).getJsonArray("standings")).containsAll(List.of(rep2, rep3)));
      assertEquals(rep5, contest(ended, leader).getJsonArray("winners").getJsonObject(0).getString("id"));
      assertTrue(platform.get("/leaderboards?period=week", leader).body().contains(user("rep3").name()));

      // TV mode opened by the leader is a wall screen: as every rep sees it.
      String tv = platform.get("/leaderboards/tv?period=week", leader).body();
      assertTrue(org.jsoup.Jsoup.parse(tv).select("[data-live]").attr("data-live").contains("wall=true"),
          "the TV screen's live updates are the wall's too");
      for (String who : List.of("rep2", "rep3")) {
        assertFalse(tv.contains(user(who).name()), who + " is named on the TV screen");
      }
      JsonObject wall = board(leader, "period=week&top=100&wall=true");
      assertFalse(ids(wall.getJsonArray("top")).contains(rep3));
      assertFalse(wall.encode().contains(rep2), wall.encode());
      assertNull(wall.getJsonObject("me"), "nobody is 'you' on a wall screen");
      assertFalse(firstState("/api/leaderboards/stream?period=week&top=100&wall=true", leader).encode().contains(rep3));
      HttpResponse<String> bad = platform.get("/api/leaderboards/board?wall=maybe", leader);
      assertEquals(400, bad.statusCode());
      assertTrue(bad.body().contains("wall"), bad.body());
    } finally {
      for (String rep : List.of("rep2", "rep3", "rep5")) {
        platform.json("PUT", "/api/leaderboards/visibility", token(rep), "{\"visibility\":\"shown\"}");
      }
      CLOCK.set(Instant.parse("2026-03-30T08:00:00Z"));
    }
  }

  @Test
  @Order(9)
  void anImprovementContestComparesTheDaysSoFarWithAsManyDaysBeforeIt() {
    // rep4 holds two meetings a day, every day: a steady rep neither improves nor falls back.
    CLOCK.set(Instant.parse("2026-04-10T18:00:00Z"));
    try {
      List<JsonObject> meetings = new java.util.ArrayList<>();
      for (int day = 4; day <= 9; day++) {
        meetings.add(act("i" + day + "a", "rep4", "meeting", "2026-04-0" + day + "T14:00:00Z"));
        meetings.add(act("i" + day + "b", "rep4", "meeting", "2026-04-0" + day + "T15:00:00Z"));
      }
      meetings.add(act("i10a", "rep4", "meeting", "2026-04-10T08:00:00Z"));
      meetings.add(act("i10b", "rep4", "meeting", "2026-04-10T09:00:00Z"));
      post(meetings.toArray(JsonObject[]::new));
      HttpResponse<String> created = platform.json("POST", "/api/leaderboards/contests", leader, new JsonObject()
          .put("name", "Steady week").put("scope", "individual").put("metric", "rule:meeting")
          .put("variant", "improvement").put("start", "2026-04-10T00:00:00Z").put("end", "2026-04-16T00:00:00Z")
          .encode());
      assertEquals(201, created.statusCode(), created.body());
      String id = new JsonObject(created.body()).getString("id");
      String rep4 = user("rep4").id();
      JsonObject line = await(() -> contest(id, leader).getJsonArray("standings").stream().map(o -> (JsonObject) o)
          .filter(l -> rep4.equals(l.getString("id"))).findFirst().orElseThrow(), l -> l.getLong("result") == 10);
      // 18 hours in: compared with the 18 hours before the start (two meetings), not the six days (twelve)
      assertEquals(10, line.getLong("baseline"), line.encode());
      assertEquals(0.0, line.getDouble("score"), line.encode());
    } finally {
      CLOCK.set(Instant.parse("2026-03-30T08:00:00Z"));
    }
  }

  private static void compareWithLedger() {
    LocalDate monday = LocalDate.parse("2026-03-30");
    Map<String, Long> week = new HashMap<>();
    Map<String, Long> previous = new HashMap<>();
    Map<String, Long> all = new HashMap<>();
    for (int i = 1; i <= 8; i++) {
      String id = user("rep" + i).id();
      for (Object o : new JsonObject(platform.get("/api/points?user=" + id, leader).body()).getJsonArray("entries")) {
        JsonObject e = (JsonObject) o;
        long p = e.getLong("points");
        if (p == 0) {
          continue;
        }
        LocalDate day = LocalDate.parse(e.getString("day"));
        all.merge(id, p, Long::sum);
        (day.isBefore(monday) ? previous : week).merge(id, p, Long::sum);
      }
    }
    assertEquals(week, await(() -> scoresById(board(leader, "period=week&top=100")), m -> m.equals(week)));
    assertEquals(previous, await(() -> scoresById(board(leader, "period=week&back=1&top=100")),
        m -> m.equals(previous)));
    assertEquals(all, await(() -> scoresById(board(leader, "period=all&top=100")), m -> m.equals(all)));
  }

  // --- helpers ---

  private static JsonObject act(String id, String rep, String kind, String at) {
    JsonObject a = new JsonObject().put("id", id).put("userId", user(rep).id()).put("kind", kind).put("occurredAt", at);
    if (kind.equals("won") || kind.equals("lost")) {
      a.put("value", 1000);
    }
    return a;
  }

  private static void post(JsonObject... items) {
    HttpResponse<String> r = platform.json("POST", "/api/activities/batch", leader,
        new JsonObject().put("activities", new JsonArray(List.of((Object[]) items))).encode());
    assertTrue(r.statusCode() == 200 || r.statusCode() == 201, r.body());
  }

  private static JsonObject board(String token, String query) {
    HttpResponse<String> r = platform.get("/api/leaderboards/board?" + query, token);
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }

  private static JsonObject awaitBoard(String token, String query, Predicate<JsonObject> done) {
    return await(() -> board(token, query), done);
  }

  private static JsonObject contest(String id) {
    return contest(id, leader);
  }

  private static JsonObject contest(String id, String token) {
    HttpResponse<String> r = platform.get("/api/leaderboards/contests/" + id, token);
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }

  private static JsonArray contests() {
    return new JsonObject(platform.get("/api/leaderboards/contests", leader).body()).getJsonArray("contests");
  }

  private static <T> T await(java.util.function.Supplier<T> read, Predicate<T> done) {
    long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    T last = read.get();
    while (!done.test(last)) {
      if (System.nanoTime() > until) {
        throw new AssertionError("still not there: " + last);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      last = read.get();
    }
    return last;
  }

  /** Display names are "Rep One" style; the demo's e-mail local part identifies the rep in assertions. */
  private static List<String> names(JsonArray lines) {
    return lines.stream().map(o -> (JsonObject) o).map(l -> l.getString("id") == null ? "?" : local(l.getString("id")))
        .toList();
  }

  private static List<String> ids(JsonArray lines) {
    return lines.stream().map(o -> ((JsonObject) o).getString("id")).filter(java.util.Objects::nonNull).toList();
  }

  /** The first state a server-sent event stream sends. */
  private static JsonObject firstState(String path, String token) throws Exception {
    HttpResponse<InputStream> stream = platform.client().send(platform.request(path)
        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, stream.statusCode());
    try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("data: ")) {
          return new JsonObject(line.substring(6));
        }
      }
    }
    throw new AssertionError("the stream ended before its first state");
  }

  private static List<Long> scores(JsonArray lines) {
    return lines.stream().map(o -> ((JsonObject) o).getLong("score")).toList();
  }

  private static Map<String, Long> scoresById(JsonObject board) {
    Map<String, Long> out = new HashMap<>();
    board.getJsonArray("top").forEach(o -> out.put(((JsonObject) o).getString("id"), ((JsonObject) o).getLong("score")));
    return out;
  }

  private static final Map<String, String> LOCAL = new java.util.concurrent.ConcurrentHashMap<>();

  private static String local(String userId) {
    return LOCAL.computeIfAbsent(userId, id -> {
      for (int i = 1; i <= 8; i++) {
        if (user("rep" + i).id().equals(id)) {
          return "rep" + i;
        }
      }
      return id;
    });
  }

  private static User user(String name) {
    return new AccountStore(platform.node().database()).userByEmail(name + "@acme.example").orElseThrow();
  }

  private static String token(String rep) {
    return platform.token(rep + "@acme.example");
  }
}
