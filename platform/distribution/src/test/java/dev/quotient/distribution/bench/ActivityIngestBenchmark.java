package dev.quotient.distribution.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.client.MongoCollection;
import dev.quotient.server.activity.Activity;
import dev.quotient.server.projection.LogPositions;
import dev.quotient.testkit.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durable activity ingest over HTTP ({@code POST /api/activities/batch}, 100 activities a request,
 * four concurrent clients with a leader's bearer token) against the anchor: raw {@code insertMany} of
 * documents of the same shape, 100 a call, four concurrent threads, through the driver into the same
 * embedded store of the same node, in the same run. Both pay the store's commit before each
 * acknowledgement; the platform adds HTTP, JSON, the OpenAPI check, validation, the membership and
 * known-id queries, the seq reservation and the events.
 *
 * <p>A third anchor is the design's floor: the two durable writes each activity costs by design (its
 * log document, in a collection with the log's indexes, and one ledger entry, in a collection with
 * the ledger's indexes), as bare {@code insertMany} calls. No request path can be faster than its
 * floor, so its ratio to the raw anchor bounds the platform's. The CPU per activity by thread group
 * says where the rest goes.
 */
@Tag("bench")
class ActivityIngestBenchmark {

  private static final int THREADS = 4;
  private static final int BATCH = 100;
  private static final int BATCHES_PER_THREAD = Integer.getInteger("ingest.batches", 60);
  private static final int WARM_BATCHES_PER_THREAD = Integer.getInteger("ingest.warm", 15);

  @Test
  void batchIngestOverHttpAgainstRawInsertMany(@TempDir Path data) throws Exception {
    try (TestPlatform platform = TestPlatform.start(data)) {
      String token = platform.token("leader@acme.example");
      String repId = new JsonObject(platform.get("/api/me", platform.token("rep1@acme.example")).body())
          .getString("id");
      String orgId = platform.node().database().collection("users").find(new Document("_id", repId)).first()
          .getString("orgId");
      MongoCollection<Document> raw = platform.node().database().collection("bench_raw");
      // A second anchor: the same documents into a collection with the log's own indexes, which says how
      // much of the gap is the indexes every logged activity keeps and how much the platform's path.
      MongoCollection<Document> indexed = platform.node().database().collection("bench_indexed");
      copyIndexes(platform.node().database().collection("activities"), indexed);
      MongoCollection<Document> ledgerLike = platform.node().database().collection("bench_ledger");
      copyIndexes(platform.node().database().collection("points_ledger"), ledgerLike);
      Instant base = Instant.now().minus(Duration.ofDays(20));

      // Warm every path, then measure each twice, alternating, and keep the better run of each.
      run(THREADS, WARM_BATCHES_PER_THREAD, null, (t, b) -> raw.insertMany(rawBatch("w", orgId, repId, base, t, b)));
      run(THREADS, WARM_BATCHES_PER_THREAD, null,
          (t, b) -> indexed.insertMany(rawBatch("w", orgId, repId, base, t, b)));
      run(THREADS, WARM_BATCHES_PER_THREAD, null, (t, b) -> http(platform, token, httpBatch("w", repId, base, t, b)));
      // the ledger entries the warm-up earned are the floor's template: the real shape and size
      Document entry = platform.node().database().collection("points_ledger").find().first();
      run(THREADS, WARM_BATCHES_PER_THREAD, null, (t, b) -> floor(indexed, ledgerLike, entry, "fw", orgId, repId, base, t, b));
      double rawBest = 0;
      double indexedBest = 0;
      double floorBest = 0;
      double httpBest = 0;
      String floorCpu = "";
      String httpCpu = "";
      long floorWritten = 0;
      long httpWritten = 0;
      long items = (long) THREADS * BATCHES_PER_THREAD * BATCH;
      for (int round = 0; round < 2; round++) {
        String r = "r" + round;
        double rawRate = rate(run(THREADS, BATCHES_PER_THREAD, null,
            (t, b) -> raw.insertMany(rawBatch(r, orgId, repId, base, t, b))));
        double indexedRate = rate(run(THREADS, BATCHES_PER_THREAD, null,
            (t, b) -> indexed.insertMany(rawBatch(r, orgId, repId, base, t, b))));
        long written = bytesWritten();
        ThreadCpu cpu = ThreadCpu.start();
        double floorRate = rate(run(THREADS, BATCHES_PER_THREAD, cpu,
            (t, b) -> floor(indexed, ledgerLike, entry, "f" + r, orgId, repId, base, t, b)));
        if (floorRate > floorBest) {
          floorCpu = cpu.perItem(items);
        }
        floorWritten += bytesWritten() - written;
        written = bytesWritten();
        cpu = ThreadCpu.start();
        double httpRate = rate(run(THREADS, BATCHES_PER_THREAD, cpu,
            (t, b) -> http(platform, token, httpBatch(r, repId, base, t, b))));
        httpWritten += bytesWritten() - written;
        if (httpRate > httpBest) {
          httpCpu = cpu.perItem(items);
        }
        rawBest = Math.max(rawBest, rawRate);
        indexedBest = Math.max(indexedBest, indexedRate);
        floorBest = Math.max(floorBest, floorRate);
        httpBest = Math.max(httpBest, httpRate);
      }
      // From the last acknowledgement: every projection folds the activities, the scorer credits them
      // (behind the acknowledgements) and every projection folds the credits.
      long acknowledged = System.nanoTime();
      LogPositions positions = new LogPositions(platform.node().database());
      double activitiesFolded = caughtUp(platform, positions.head(LogPositions.ACTIVITIES), true, acknowledged);
      platform.node().points().idle().toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
      double drainSeconds = (System.nanoTime() - acknowledged) / 1e9;
      double creditsFolded = caughtUp(platform, positions.head(LogPositions.POINTS), false, acknowledged);
      long expected = (long) THREADS * (WARM_BATCHES_PER_THREAD + 2L * BATCHES_PER_THREAD) * BATCH;
      assertEquals(expected, platform.node().database().collection("activities").countDocuments());
      assertEquals(expected, raw.countDocuments());
      assertEquals(2 * expected, indexed.countDocuments());
      assertEquals(expected, ledgerLike.countDocuments());

      BenchResults results = new BenchResults("ActivityIngestBenchmark");
      results.line("%d clients x %d batches of %d, embedded store (commit before each acknowledgement), best of 2",
          THREADS, BATCHES_PER_THREAD, BATCH);
      results.line("HTTP POST /api/activities/batch        %9.0f activities/s", httpBest);
      results.line("driver insertMany of 100 (anchor)       %9.0f docs/s", rawBest);
      results.line("ratio http/raw: %.2f", httpBest / rawBest);
      results.line("driver insertMany of 100 into a collection with the log's indexes %9.0f docs/s (ratio http/that: %.2f)",
          indexedBest, httpBest / indexedBest);
      results.line("design floor, log document and ledger entry (two insertMany into collections with the log's and"
          + " the ledger's indexes) %9.0f activities/s: ratio floor/raw %.2f, http/floor %.2f", floorBest,
          floorBest / rawBest, httpBest / floorBest);
      results.line("bytes the JVM wrote per activity (the store's pages, mostly): http %d, floor %d",
          httpWritten / (2 * items), floorWritten / (2 * items));
      results.line("CPU per activity, microseconds by thread group: http %s", httpCpu);
      results.line("CPU per activity, microseconds by thread group: floor %s", floorCpu);
      results.line("after the last acknowledgement: every projection folded the activities in %.2f s, the scorer"
          + " credited them in %.2f s, every projection folded the credits in %.2f s", activitiesFolded, drainSeconds,
          creditsFolded);
      results.write();
    }
  }

  /** Bytes this JVM has written so far ({@code wchar} of {@code /proc/self/io}; 0 where there is none). */
  private static long bytesWritten() {
    try {
      for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/io"))) {
        if (line.startsWith("wchar:")) {
          return Long.parseLong(line.substring("wchar:".length()).trim());
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // not Linux: the figure reads 0
    }
    return 0;
  }

  private static void copyIndexes(MongoCollection<Document> from, MongoCollection<Document> to) {
    for (Document index : from.listIndexes()) {
      if (!"_id_".equals(index.getString("name"))) {
        to.createIndex(index.get("key", Document.class), new com.mongodb.client.model.IndexOptions()
            .unique(index.getBoolean("unique", false)).sparse(index.getBoolean("sparse", false)));
      }
    }
  }

  private static final java.util.concurrent.atomic.AtomicLong FLOOR_POSITIONS = new java.util.concurrent.atomic.AtomicLong();

  /** One batch at the design's floor: the activities' log documents, then one ledger entry for each. */
  private static void floor(MongoCollection<Document> log, MongoCollection<Document> ledger, Document entry,
      String run, String orgId, String repId, Instant base, int thread, int batch) {
    List<Document> activities = rawBatch(run, orgId, repId, base, thread, batch);
    // the ids the platform gives them: where in the indexes each one lands is most of the store's work
    activities.forEach(a -> a.append("pos", FLOOR_POSITIONS.incrementAndGet())
        .append("_id", Activity.activityId(orgId, a.getString("clientId"))));
    log.insertMany(activities);
    List<Document> entries = new ArrayList<>(activities.size());
    for (Document a : activities) {
      Document e = new Document(entry);
      e.put("_id", "activity:" + orgId + ":" + a.getString("_id") + ":" + entry.getString("ruleId"));
      e.put("sourceId", a.getString("_id"));
      e.put("pos", a.getLong("pos"));
      e.put("at", a.getDate("occurredAt"));
      entries.add(e);
    }
    ledger.insertMany(entries);
  }

  /**
   * Waits until every projection of the node that follows the log has folded it up to {@code head};
   * returns the seconds since {@code since}.
   */
  private static double caughtUp(TestPlatform platform, long head, boolean activities, long since)
      throws InterruptedException {
    while (platform.node().projections().statuses().stream().anyMatch(s -> {
      long at = activities ? s.activityPosition() : s.pointsPosition();
      return at > 0 && at < head;
    })) {
      Thread.sleep(5);
    }
    return (System.nanoTime() - since) / 1e9;
  }

  @FunctionalInterface
  private interface Work {
    void batch(int thread, int batch) throws Exception;
  }

  /**
   * Runs {@code batches} of work on each of {@code threads} threads; returns the elapsed nanoseconds.
   * Each thread's CPU goes to {@code cpu} (when given) as the clients'.
   */
  private static long[] run(int threads, int batches, ThreadCpu cpu, Work work) throws Exception {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      workers.add(new Thread(() -> {
        try {
          for (int b = 0; b < batches; b++) {
            work.batch(thread, b);
          }
          if (cpu != null) {
            cpu.add("benchmark clients", java.lang.management.ManagementFactory.getThreadMXBean()
                .getCurrentThreadCpuTime());
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }));
    }
    long began = System.nanoTime();
    workers.forEach(Thread::start);
    for (Thread w : workers) {
      w.join();
    }
    long elapsed = System.nanoTime() - began;
    if (failure.get() != null) {
      throw new AssertionError("a client failed", failure.get());
    }
    return new long[] {elapsed, (long) threads * batches * BATCH};
  }

  private static double rate(long[] run) {
    return run[1] / (run[0] / 1e9);
  }

  private static final ThreadLocal<HttpClient> CLIENTS = ThreadLocal.withInitial(() -> HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build());

  private static void http(TestPlatform platform, String token, String body) throws Exception {
    HttpRequest post = HttpRequest.newBuilder(platform.uri("/api/activities/batch")).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    HttpResponse<String> r = CLIENTS.get().send(post, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException(r.statusCode() + " " + r.body());
    }
  }

  private static String httpBatch(String run, String repId, Instant base, int thread, int batch) {
    JsonArray items = new JsonArray();
    for (int i = 0; i < BATCH; i++) {
      items.add(new JsonObject().put("id", id(run, thread, batch, i)).put("userId", repId)
          .put("kind", i % 2 == 0 ? "call" : "email").put("occurredAt", at(base, thread, batch, i).toString()));
    }
    return new JsonObject().put("activities", items).encode();
  }

  private static List<Document> rawBatch(String run, String orgId, String repId, Instant base, int thread, int batch) {
    List<Document> docs = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      String id = id(run, thread, batch, i);
      docs.add(new Document("_id", orgId.substring(0, 8) + id).append("orgId", orgId)
          .append("seq", (long) (thread * 1_000_000 + batch * BATCH + i)).append("clientId", id)
          .append("userId", repId).append("kind", i % 2 == 0 ? "call" : "email")
          .append("occurredAt", Date.from(at(base, thread, batch, i))).append("source", "crm")
          .append("recordedAt", new Date()).append("fingerprint", Integer.toHexString(id.hashCode()).repeat(8)));
    }
    return docs;
  }

  private static String id(String run, int thread, int batch, int i) {
    return "bench-" + run + "-" + thread + "-" + batch + "-" + i;
  }

  private static Instant at(Instant base, int thread, int batch, int i) {
    return base.plusMillis(((long) thread * 10_000_000L) + (long) batch * BATCH * 1000 + i * 1000L);
  }
}
