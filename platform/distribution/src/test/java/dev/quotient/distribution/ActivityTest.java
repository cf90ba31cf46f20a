package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.api.Role;
import dev.quotient.api.event.Catalogue;
import dev.quotient.api.event.Commands;
import dev.quotient.api.event.Events;
import dev.quotient.server.account.AccountStore;
import dev.quotient.server.account.Organisation;
import dev.quotient.server.account.Passwords;
import dev.quotient.server.account.User;
import dev.quotient.testkit.TestPlatform;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The activity log over real HTTP against one node with the embedded MongoDB: single and batch
 * posts, idempotent repeats and conflicts, every kind of bad input refused with nothing stored, who
 * may post and read whose activity, listing with range and paging, the event per new activity, the
 * plugins' command, and concurrent overlapping posts stored exactly once.
 */
class ActivityTest {

  @TempDir
  static Path data;
  private static TestPlatform platform;
  private static String leader;
  private static String rep1;
  private static String rep1Id;
  private static String rep2Id;
  private static String rep3Id;
  private static final List<Events.ActivityRecorded> events = new CopyOnWriteArrayList<>();
  private static MessageConsumer<Events.ActivityRecorded> consumer;

  @BeforeAll
  static void start() throws Exception {
    platform = TestPlatform.start(data);
    leader = platform.token("leader@acme.example");
    rep1 = platform.token("rep1@acme.example");
    rep1Id = me(rep1);
    rep2Id = me(platform.token("rep2@acme.example"));
    rep3Id = me(platform.token("rep3@acme.example"));
    consumer = platform.node().vertx().eventBus().consumer(Catalogue.ACTIVITY_RECORDED.address(),
        m -> events.add(m.body()));
    consumer.completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void aRepRecordsTheirOwnActivityOnceHoweverOftenItIsSent() {
    long before = stored();
    JsonObject call = activity("single-call-1", rep1Id, "call", ago(60));
    HttpResponse<String> first = post("/api/activities", rep1, call);
    assertEquals(201, first.statusCode(), first.body());
    JsonObject created = new JsonObject(first.body());
    assertEquals("single-call-1", created.getString("id"));
    assertFalse(created.getBoolean("duplicate"));

    HttpResponse<String> again = post("/api/activities", rep1, call);
    assertEquals(200, again.statusCode(), again.body());
    JsonObject repeat = new JsonObject(again.body());
    assertTrue(repeat.getBoolean("duplicate"));
    assertEquals(created.getString("activityId"), repeat.getString("activityId"));
    assertEquals(before + 1, stored());

    Document doc = platform.node().database().collection("activities")
        .find(new Document("_id", created.getString("activityId"))).first();
    assertEquals("self", doc.getString("source"), "a rep's own report");
  }

  @Test
  void aRepeatWithOtherContentIsAConflictNotAnOverwrite() {
    JsonObject email = activity("conflict-1", rep1Id, "email", ago(30));
    assertEquals(201, post("/api/activities", rep1, email).statusCode());
    long before = stored();
    HttpResponse<String> changed = post("/api/activities", rep1, email.copy().put("kind", "meeting"));
    assertProblem(changed, 409, "already stored with different content");
    assertEquals(before, stored());
    Document doc = platform.node().database().collection("activities")
        .find(new Document("clientId", "conflict-1")).first();
    assertEquals("email", doc.getString("kind"), "the stored activity is unchanged");

    // In a batch: the whole batch is refused, the conflicting item named.
    HttpResponse<String> batch = post("/api/activities/batch", leader, batch(
        activity("conflict-2", rep2Id, "call", ago(10)), email.copy().put("kind", "meeting")));
    assertProblem(batch, 409, "reuse stored ids");
    assertEquals(1, errorIndex(batch, 0));
    assertEquals(before, stored(), "nothing of the refused batch is stored");
  }

  @Test
  void aBatchAnswersEachItemInOrderWithCounts() {
    JsonObject known = activity("batch-known", rep2Id, "meeting", ago(120));
    assertEquals(201, post("/api/activities", leader, known).statusCode());
    long before = stored();
    JsonObject won = activity("batch-won", rep2Id, "won", ago(100)).put("value", 12_500.0)
        .put("opportunityId", "opp-77");
    HttpResponse<String> r = post("/api/activities/batch", leader, batch(
        activity("batch-new-1", rep1Id, "follow-up", ago(90)), known, won, won.copy()));
    assertEquals(201, r.statusCode(), r.body());
    JsonObject body = new JsonObject(r.body());
    assertEquals(2, body.getInteger("created"));
    assertEquals(2, body.getInteger("duplicates"));
    JsonArray results = body.getJsonArray("results");
    assertEquals(List.of("batch-new-1", "batch-known", "batch-won", "batch-won"),
        results.stream().map(o -> ((JsonObject) o).getString("id")).toList());
    assertEquals(List.of(false, true, false, true),
        results.stream().map(o -> ((JsonObject) o).getBoolean("duplicate")).toList());
    assertEquals(results.getJsonObject(2).getString("activityId"), results.getJsonObject(3).getString("activityId"));
    assertEquals(before + 2, stored());

    HttpResponse<String> replay = post("/api/activities/batch", leader, batch(known, won));
    assertEquals(200, replay.statusCode(), replay.body());
    assertEquals(0, new JsonObject(replay.body()).getInteger("created"));
    assertEquals(before + 2, stored());
    Document doc = platform.node().database().collection("activities").find(new Document("clientId", "batch-won"))
        .first();
    assertEquals("crm", doc.getString("source"), "a leader's token posts as the CRM");
    assertEquals(12_500.0, doc.getDouble("value"));
  }

  @Test
  void badInputIsRefusedWithAReadableMessageAndNothingStored() {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    Map<String, JsonObject> cases = new java.util.LinkedHashMap<>();
    cases.put("no user \"nobody-here\"", activity("bad-1", "nobody-here", "call", now));
    cases.put("Unknown kind \"coffee\"", activity("bad-2", rep1Id, "coffee", now));
    cases.put("from 0 to 1000000000000", activity("bad-3", rep1Id, "won", now).put("value", -5));
    cases.put("A won activity needs its value", activity("bad-4", rep1Id, "won", now));
    cases.put("A lost activity needs its value", activity("bad-4b", rep1Id, "lost", now));
    cases.put("is in the future", activity("bad-5", rep1Id, "call", Instant.now().plus(1, ChronoUnit.HOURS).toString()));
    cases.put("before the year 2000", activity("bad-6", rep1Id, "call", "1970-01-01T00:00:00Z"));
    cases.put("ISO-8601 instant", activity("bad-7", rep1Id, "call", "yesterday"));
    cases.put("An activity id is 1 to 100", activity("bad id with spaces", rep1Id, "call", now));
    cases.put("An activity id is 1 to 100 ", activity("x".repeat(101), rep1Id, "call", now));
    cases.put("needs leadReceivedAt", activity("bad-8", rep1Id, "lead-responded", now));
    cases.put("after occurredAt", activity("bad-9", rep1Id, "lead-responded", ago(60))
        .put("leadReceivedAt", now));
    cases.put("Only lead-responded", activity("bad-10", rep1Id, "call", now).put("leadReceivedAt", ago(5)));
    cases.put("opportunityId is 1 to 100", activity("bad-11", rep1Id, "call", now).put("opportunityId", "a b"));
    long before = stored();
    for (Map.Entry<String, JsonObject> c : cases.entrySet()) {
      HttpResponse<String> single = post("/api/activities", leader, c.getValue());
      assertProblem(single, 400, c.getKey().strip());
      HttpResponse<String> inBatch = post("/api/activities/batch", leader,
          batch(activity("fine-" + c.getValue().getString("id").hashCode(), rep1Id, "call", now), c.getValue()));
      assertProblem(inBatch, 400, "1 of the 2 activities are not valid");
      assertEquals(1, errorIndex(inBatch, 0), inBatch.body());
      assertTrue(new JsonObject(inBatch.body()).getJsonArray("errors").getJsonObject(0).getString("message")
          .contains(c.getKey().strip()), inBatch.body());
    }
    assertEquals(before, stored(), "nothing stored by any refused request");
  }

  @Test
  void minutesLeadSourceAndCustomerRoundTripAndReachThePluginsReplay() throws Exception {
    String at = ago(50);
    JsonObject won = activity("fields-won", rep2Id, "won", at).put("value", 900.0).put("minutes", 45)
        .put("leadSource", " Trade Show ").put("customerId", "cust-42");
    assertEquals(201, post("/api/activities", leader, won).statusCode());
    JsonObject listed = listed(rep2Id, "fields-won");
    assertEquals(45, listed.getInteger("minutes"));
    assertEquals("trade-show", listed.getString("leadSource"), "lower case, spaces as dashes");
    assertEquals("cust-42", listed.getString("customerId"));
    assertEquals(200, post("/api/activities", leader, won).statusCode(), "an identical repeat is a duplicate");
    assertProblem(post("/api/activities", leader, won.copy().put("minutes", 50)), 409, "already stored");

    // Without the new fields the fingerprint is what it was before them: stored repeats still match.
    JsonObject plain = activity("fields-plain", rep2Id, "call", at);
    assertEquals(201, post("/api/activities", leader, plain).statusCode());
    String oldFingerprint = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest(String.join("\n", rep2Id, "call", at, "", "", "", "").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertEquals(oldFingerprint, platform.node().database().collection("activities")
        .find(new Document("clientId", "fields-plain")).first().getString("fingerprint"));

    // The plugins' view of the log: the organisation's window, or one rep's.
    String orgId = platform.node().database().collection("users").find(new Document("_id", rep2Id)).first()
        .getString("orgId");
    Instant from = Instant.parse(at).minusSeconds(1);
    Instant to = Instant.parse(at).plusSeconds(1);
    List<dev.quotient.api.activity.ActivityLog.Entry> entries = new CopyOnWriteArrayList<>();
    long handed = platform.node().activities().log().replay(orgId, rep2Id, from, to, entries::add)
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(entries.size(), handed);
    var entry = entries.stream().filter(e -> e.kind().equals("won")).findFirst().orElseThrow();
    assertEquals(Integer.valueOf(45), entry.minutes());
    assertEquals("trade-show", entry.leadSource());
    assertEquals("cust-42", entry.customerId());
    assertEquals(900.0, entry.value());
    assertEquals(Instant.parse(at), entry.occurredAt());
    assertTrue(entries.stream().anyMatch(e -> e.kind().equals("call") && e.minutes() == null && e.value() == null));
    List<dev.quotient.api.activity.ActivityLog.Entry> ofRep1 = new CopyOnWriteArrayList<>();
    platform.node().activities().log().replay(orgId, rep1Id, from, to, ofRep1::add)
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertTrue(ofRep1.stream().noneMatch(e -> e.userId().equals(rep2Id)), "one rep's replay holds only theirs");

    // Bad values: refused with the item and field named, nothing stored.
    long before = stored();
    Map<String, JsonObject> cases = new java.util.LinkedHashMap<>();
    cases.put("minutes", activity("fields-bad-1", rep1Id, "call", at).put("minutes", 0));
    cases.put("minutes ", activity("fields-bad-2", rep1Id, "call", at).put("minutes", 1441));
    cases.put("minutes  ", activity("fields-bad-3", rep1Id, "call", at).put("minutes", 2.5));
    cases.put("leadSource", activity("fields-bad-4", rep1Id, "call", at).put("leadSource", "web"));
    cases.put("leadSource ", activity("fields-bad-5", rep1Id, "lead-received", at).put("leadSource", "x".repeat(41)));
    cases.put("customerId", activity("fields-bad-6", rep1Id, "opportunity-opened", at).put("customerId", "c-1"));
    for (Map.Entry<String, JsonObject> c : cases.entrySet()) {
      HttpResponse<String> r = post("/api/activities/batch", leader,
          batch(activity("fields-fine", rep1Id, "call", at).put("minutes", 1440), c.getValue()));
      assertProblem(r, 400, "1 of the 2 activities are not valid");
      JsonObject error = new JsonObject(r.body()).getJsonArray("errors").getJsonObject(0);
      assertEquals(1, error.getInteger("index"), r.body());
      assertEquals(c.getKey().strip(), error.getString("field"), r.body());
    }
    assertProblem(post("/api/activities", leader, cases.get("minutes")), 400, "1 to 1440");
    assertEquals(before, stored(), "nothing stored by any refused request");
  }

  private static JsonObject listed(String userId, String clientId) {
    HttpResponse<String> r = platform.get("/api/activities?user=" + userId + "&limit=200&from=2026-01-06T00:00:00Z",
        leader);
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body()).getJsonArray("activities").stream().map(o -> (JsonObject) o)
        .filter(a -> a.getString("id").equals(clientId)).findFirst().orElseThrow();
  }

  @Test
  void aBatchNamesEveryBadItemAndStoresNone() {
    String now = Instant.now().toString();
    long before = stored();
    HttpResponse<String> r = post("/api/activities/batch", leader, batch(
        activity("every-0", rep1Id, "call", now),
        activity("every-1", rep1Id, "coffee", now),
        activity("every-2", rep1Id, "email", now),
        activity("every-3", rep1Id, "won", now).put("value", -1),
        activity("every-2", rep1Id, "meeting", now)));
    assertProblem(r, 400, "3 of the 5 activities are not valid");
    JsonArray errors = new JsonObject(r.body()).getJsonArray("errors");
    assertEquals(List.of(1, 3, 4), errors.stream().map(o -> ((JsonObject) o).getInteger("index")).toList());
    assertEquals(List.of("kind", "value", "id"), errors.stream().map(o -> ((JsonObject) o).getString("field")).toList());
    assertTrue(errors.getJsonObject(2).getString("message").contains("more than once in this batch"), r.body());

    HttpResponse<String> polish = send(request("/api/activities/batch", leader, batch(
        activity("every-5", rep1Id, "coffee", now)), "pl"));
    assertEquals(400, polish.statusCode());
    assertTrue(new JsonObject(polish.body()).getString("detail").contains("niepoprawnych"), polish.body());
    assertTrue(polish.body().contains("Nieznany rodzaj"), polish.body());
    assertEquals(before, stored());
  }

  @Test
  void batchesCarryOneToAThousandActivities() {
    long before = stored();
    JsonArray tooMany = new JsonArray();
    for (int i = 0; i < 1_001; i++) {
      tooMany.add(activity("many-" + i, rep1Id, "call", ago(i)));
    }
    HttpResponse<String> big = post("/api/activities/batch", leader, new JsonObject().put("activities", tooMany));
    assertProblem(big, 413, "at most 1,000 activities; this one has 1,001");
    assertProblem(post("/api/activities/batch", leader, new JsonObject().put("activities", new JsonArray())), 400,
        "A batch carries 1 to 1,000");
    assertEquals(before, stored());

    tooMany.remove(1_000);
    HttpResponse<String> full = post("/api/activities/batch", leader, new JsonObject().put("activities", tooMany));
    assertEquals(201, full.statusCode(), full.body());
    assertEquals(1_000, new JsonObject(full.body()).getInteger("created"));
    assertEquals(before + 1_000, stored());
  }

  @Test
  void onlyLeadersAndAdminsRecordOrReadOtherPeoplesActivity() {
    long before = stored();
    HttpResponse<String> forOther = post("/api/activities", rep1, activity("access-1", rep2Id, "call", ago(5)));
    assertProblem(forOther, 403, "only your own activity");
    HttpResponse<String> batchForOther = post("/api/activities/batch", rep1, batch(
        activity("access-2", rep1Id, "call", ago(5)), activity("access-3", rep2Id, "call", ago(5))));
    assertProblem(batchForOther, 403, "belong to someone else");
    assertEquals(1, errorIndex(batchForOther, 0));
    assertEquals(before, stored());

    assertEquals(201, post("/api/activities", leader, activity("access-4", rep2Id, "call", ago(5))).statusCode());
    assertEquals(403, platform.get("/api/activities?user=" + rep2Id, rep1).statusCode());
    HttpResponse<String> seen = platform.get("/api/activities?user=" + rep2Id, leader);
    assertEquals(200, seen.statusCode(), seen.body());
    assertTrue(seen.body().contains("access-4"));

    String globex = otherOrganisationLeader();
    assertProblem(post("/api/activities", globex, activity("access-5", rep2Id, "call", ago(5))), 400, "no user");
    assertEquals(404, platform.get("/api/activities?user=" + rep2Id, globex).statusCode());
    // The same client id in another organisation is another activity.
    String globexId = me(globex);
    HttpResponse<String> own = post("/api/activities", globex, activity("access-4", globexId, "call", ago(5)));
    assertEquals(201, own.statusCode(), own.body());
    assertEquals(before + 2, stored());
  }

  @Test
  void listsNewestFirstWithinARangePageByPage() {
    Instant base = Instant.now().minus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    JsonArray items = new JsonArray();
    for (int i = 0; i < 7; i++) {
      items.add(activity("list-" + i, rep3Id, "call", base.plus(i, ChronoUnit.HOURS).toString()));
    }
    items.add(activity("list-lead", rep3Id, "lead-responded", base.plus(3, ChronoUnit.HOURS).toString())
        .put("leadReceivedAt", base.plus(3, ChronoUnit.HOURS).minus(4, ChronoUnit.MINUTES).toString())
        .put("leadId", "lead-9"));
    assertEquals(201, post("/api/activities/batch", leader, new JsonObject().put("activities", items)).statusCode());

    String range = "from=" + base.plus(1, ChronoUnit.HOURS) + "&to=" + base.plus(6, ChronoUnit.HOURS);
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      HttpResponse<String> r = platform.get("/api/activities?user=" + rep3Id + "&limit=2&" + range
          + (cursor == null ? "" : "&cursor=" + cursor), leader);
      assertEquals(200, r.statusCode(), r.body());
      JsonObject page = new JsonObject(r.body());
      page.getJsonArray("activities").forEach(o -> seen.add(((JsonObject) o).getString("id")));
      cursor = page.getString("next");
      pages++;
    } while (cursor != null && pages < 10);
    // Hours 1..5; the lead response at hour 3 was stored after list-3, so it comes first of the two.
    assertEquals(List.of("list-5", "list-4", "list-lead", "list-3", "list-2", "list-1"), seen);
    assertEquals(3, pages);

    HttpResponse<String> own = platform.get("/api/activities?limit=200", platform.token("rep3@acme.example"));
    JsonArray mine = new JsonObject(own.body()).getJsonArray("activities");
    assertEquals(8, mine.size());
    JsonObject lead = mine.stream().map(o -> (JsonObject) o).filter(o -> o.getString("id").equals("list-lead"))
        .findFirst().orElseThrow();
    assertEquals(240.0, lead.getDouble("responseSeconds"));
    assertNull(new JsonObject(own.body()).getString("next"));
    assertEquals(400, platform.get("/api/activities?cursor=nonsense!", leader).statusCode());
    assertEquals(400, platform.get("/api/activities?from=yesterday", leader).statusCode());
  }

  @Test
  void publishesOneEventPerNewActivityAndNoneForRepeats() throws Exception {
    JsonObject a = activity("event-1", rep1Id, "meeting", ago(15));
    JsonObject b = activity("event-2", rep1Id, "won", ago(14)).put("value", 900);
    post("/api/activities/batch", leader, batch(a, b, a));
    post("/api/activities", leader, b);
    post("/api/activities/batch", leader, batch(a, b));
    Thread.sleep(300);
    List<Events.ActivityRecorded> mine = eventsFor(Set.of("event-1", "event-2"));
    assertEquals(2, mine.size(), mine.toString());
    Events.ActivityRecorded won = mine.stream().filter(e -> e.kind().equals("won")).findFirst().orElseThrow();
    assertEquals(900.0, won.value());
    assertEquals(rep1Id, won.userId());
  }

  @Test
  void pluginsRecordActivityThroughTheCommandIdempotently() throws Exception {
    String orgId = platform.node().database().collection("users").find(new Document("_id", rep1Id)).first()
        .getString("orgId");
    Commands.RecordActivity command = new Commands.RecordActivity(orgId, "cmd-1", rep1Id, "follow-up",
        Instant.now().minusSeconds(30), 0);
    Commands.ActivityReceipt first = request(command);
    assertFalse(first.duplicate());
    Commands.ActivityReceipt second = request(command);
    assertTrue(second.duplicate());
    assertEquals(first.activityId(), second.activityId());
    Thread.sleep(200);
    assertEquals(1, eventsFor(Set.of("cmd-1")).size());
    Document doc = platform.node().database().collection("activities").find(new Document("clientId", "cmd-1")).first();
    assertEquals("plugin", doc.getString("source"));

    ExecutionException unknown = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> request(new Commands.RecordActivity(orgId, "cmd-2", "nobody", "call", Instant.now(), 0)));
    assertTrue(unknown.getCause() instanceof ReplyException);
    assertEquals(400, ((ReplyException) unknown.getCause()).failureCode());
    ExecutionException conflict = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> request(new Commands.RecordActivity(orgId, "cmd-1", rep1Id, "call", Instant.now(), 0)));
    assertEquals(409, ((ReplyException) conflict.getCause()).failureCode());
  }

  @Test
  void concurrentOverlappingPostsStoreEachIdExactlyOnce() throws Exception {
    int ids = 400;
    int threads = 8;
    long before = stored();
    Map<String, AtomicInteger> reportedNew = new ConcurrentHashMap<>();
    List<String> failures = new CopyOnWriteArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      workers.add(new Thread(() -> {
        try {
          go.await();
          for (int round = 0; round < 4; round++) {
            // Overlapping windows of 100 ids, each thread starting elsewhere, plus a few singles.
            int start = (thread * 50 + round * 37) % ids;
            JsonArray items = new JsonArray();
            for (int i = 0; i < 100; i++) {
              items.add(concurrentActivity((start + i) % ids));
            }
            record(post("/api/activities/batch", leader, new JsonObject().put("activities", items)),
                reportedNew, failures);
            for (int s = 0; s < 5; s++) {
              record(post("/api/activities", leader, concurrentActivity((start + s * 13) % ids)), reportedNew, failures);
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
          failures.add(e.toString());
        }
      }));
    }
    workers.forEach(Thread::start);
    go.countDown();
    for (Thread w : workers) {
      w.join(120_000);
    }
    assertEquals(List.of(), failures);
    long distinct = platform.node().database().collection("activities")
        .countDocuments(new Document("clientId", new Document("$regex", "^conc-")));
    Set<String> posted = reportedNew.keySet();
    assertEquals(posted.size(), distinct, "one stored activity per distinct id");
    assertEquals(before + distinct, stored());
    List<String> notOnce = reportedNew.entrySet().stream().filter(e -> e.getValue().get() != 1)
        .map(e -> e.getKey() + "=" + e.getValue()).toList();
    assertEquals(List.of(), notOnce, "each id reported new exactly once across all answers");
    assertTrue(distinct >= 300, "the windows cover most ids: " + distinct);
    List<Long> seqs = platform.node().database().collection("activities")
        .find(new Document("clientId", new Document("$regex", "^conc-")))
        .map(d -> d.get("seq", Number.class).longValue()).into(new ArrayList<>());
    assertEquals(seqs.size(), Set.copyOf(seqs).size(), "no seq is used twice");
  }

  private static void record(HttpResponse<String> r, Map<String, AtomicInteger> reportedNew, List<String> failures) {
    if (r.statusCode() != 200 && r.statusCode() != 201) {
      failures.add(r.statusCode() + " " + r.body());
      return;
    }
    JsonObject body = new JsonObject(r.body());
    JsonArray results = body.containsKey("results") ? body.getJsonArray("results") : new JsonArray().add(body);
    for (Object o : results) {
      JsonObject item = (JsonObject) o;
      AtomicInteger n = reportedNew.computeIfAbsent(item.getString("id"), k -> new AtomicInteger());
      if (!item.getBoolean("duplicate")) {
        n.incrementAndGet();
      }
    }
  }

  private static JsonObject concurrentActivity(int n) {
    return activity("conc-" + n, n % 2 == 0 ? rep1Id : rep2Id, n % 3 == 0 ? "email" : "call",
        Instant.parse("2026-01-05T09:00:00Z").plusSeconds(n * 60L).toString());
  }

  // --- helpers ---

  private static Commands.ActivityReceipt request(Commands.RecordActivity command) throws Exception {
    return platform.node().vertx().eventBus().<Commands.ActivityReceipt>request(
        Catalogue.RECORD_ACTIVITY.address(), command).map(m -> m.body())
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static List<Events.ActivityRecorded> eventsFor(Set<String> clientIds) {
    String orgId = platform.node().database().collection("users").find(new Document("_id", rep1Id)).first()
        .getString("orgId");
    Set<String> activityIds = new java.util.HashSet<>();
    clientIds.forEach(c -> activityIds.add(dev.quotient.server.activity.Activity.activityId(orgId, c)));
    return events.stream().filter(e -> activityIds.contains(e.activityId())).toList();
  }

  static JsonObject activity(String id, String userId, String kind, String occurredAt) {
    return new JsonObject().put("id", id).put("userId", userId).put("kind", kind).put("occurredAt", occurredAt);
  }

  private static JsonObject batch(JsonObject... items) {
    JsonArray array = new JsonArray();
    for (JsonObject item : items) {
      array.add(item);
    }
    return new JsonObject().put("activities", array);
  }

  private static String ago(int minutes) {
    return Instant.now().minus(minutes, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static long stored() {
    return platform.node().database().collection("activities").countDocuments();
  }

  private static HttpRequest request(String path, String token, JsonObject body, String language) {
    return platform.request(path).header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
        .header("Accept-Language", language).POST(HttpRequest.BodyPublishers.ofString(body.encode())).build();
  }

  private static HttpResponse<String> send(HttpRequest request) {
    return platform.send(request);
  }

  private static HttpResponse<String> post(String path, String token, JsonObject body) {
    return send(request(path, token, body, "en"));
  }

  private static void assertProblem(HttpResponse<String> r, int status, String detailPart) {
    assertEquals(status, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), r.body());
    JsonObject problem = new JsonObject(r.body());
    assertTrue(problem.getString("detail", "").contains(detailPart), "expected \"" + detailPart + "\" in " + r.body());
    assertNotEquals(problem.getString("detail"), problem.getString("type"));
  }

  private static int errorIndex(HttpResponse<String> r, int n) {
    return new JsonObject(r.body()).getJsonArray("errors").getJsonObject(n).getInteger("index");
  }

  private static String me(String token) {
    HttpResponse<String> r = platform.get("/api/me", token);
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body()).getString("id");
  }

  private static String otherOrganisationLeader() {
    AccountStore store = new AccountStore(platform.node().database());
    Organisation org = store.createOrganisation(new Organisation(AccountStore.newId(), "Globex Sales",
        ZoneId.of("UTC"), Locale.ENGLISH, List.of()));
    store.createUser(new User(AccountStore.newId(), org.id(), "leader@globex-sales.example", "Globex Leader",
        Set.of(Role.LEADER), null, null, Passwords.hash(TestPlatform.DEMO_PASSWORD)));
    return platform.token("leader@globex-sales.example");
  }
}
