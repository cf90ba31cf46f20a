package dev.quotient.server.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.api.activity.ActivityLog;
import dev.quotient.api.projection.Projection;
import dev.quotient.api.projection.ProjectionView;
import dev.quotient.server.activity.ActivityStore;
import dev.quotient.server.mongo.Database;
import dev.quotient.server.mongo.EmbeddedMongo;
import dev.quotient.server.mongo.Migrations;
import dev.quotient.server.points.LedgerEntry;
import dev.quotient.server.points.PointsLedger;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The platform's projection runner against the embedded store: checkpoints, restarts, refused facts. */
class ProjectionHostTest {

  @TempDir
  Path data;
  private Vertx vertx;
  private EmbeddedMongo mongo;
  private Database database;
  private LogPositions positions;
  /** The positions as another node reserves them (its writes are read from the store). */
  private LogPositions otherNode;
  private ProjectionHost host;
  private int stored;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    mongo = EmbeddedMongo.start(data);
    database = new Database(vertx, mongo.connectionString(), "projection_test");
    Migrations.run(database.db());
    positions = new LogPositions(database);
    otherNode = new LogPositions(database);
    PointsLedger ledger = new PointsLedger(database, positions);
    host = new ProjectionHost(vertx, database, positions, new ActivityStore(database, positions), ledger::at);
    await(host.start());
  }

  @AfterEach
  void stop() throws Exception {
    await(host.stop());
    database.close();
    mongo.close();
    vertx.close();
  }

  /** Counts activities; a fold refuses kind "refused"; load and prepare can be made slow. */
  private final class Counter implements Projection<long[]> {
    private final long loadMillis;
    private final long prepareMillis;
    /** What each activity counts for: what a fold reads besides the fact (a rep's team). */
    volatile long weight = 1;
    /** Characters of padding each checkpoint carries: a large state takes a while to write. */
    volatile int padding;
    /** Counted down as each save takes its snapshot. */
    volatile java.util.concurrent.CountDownLatch saving = new java.util.concurrent.CountDownLatch(0);

    Counter(long loadMillis, long prepareMillis) {
      this.loadMillis = loadMillis;
      this.prepareMillis = prepareMillis;
    }

    @Override
    public String name() {
      return "counter";
    }

    @Override
    public Set<Log> logs() {
      return Set.of(Log.ACTIVITIES);
    }

    @Override
    public long[] initial() {
      return new long[1];
    }

    @Override
    public void activity(long[] state, ActivityLog.Entry e) {
      if ("refused".equals(e.kind())) {
        throw new IllegalArgumentException("refused on purpose");
      }
      state[0] += weight;
    }

    @Override
    public Future<Void> prepare(Set<String> orgIds) {
      Promise<Void> done = Promise.promise();
      vertx.setTimer(Math.max(1, prepareMillis), t -> done.complete());
      return done.future();
    }

    @Override
    public JsonObject save(long[] state) {
      saving.countDown();
      // in pieces of 1 MB, as a real state's many values are (one string is held to 20 MB when parsed)
      io.vertx.core.json.JsonArray pieces = new io.vertx.core.json.JsonArray();
      String piece = "x".repeat(Math.min(padding, 1 << 20));
      for (int left = padding; left > 0; left -= piece.length()) {
        pieces.add(piece);
      }
      return new JsonObject().put("n", state[0]).put("padding", pieces);
    }

    @Override
    public long[] load(JsonObject saved) {
      try {
        Thread.sleep(loadMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new long[] {saved.getLong("n")};
    }
  }

  @Test
  void aProjectionOpenedAgainContinuesFromItsCheckpointAndCountsNothingTwice() throws Exception {
    store(50, "call");
    ProjectionView<long[]> first = host.forPlugin("test", LoggerFactory.getLogger("test")).open(new Counter(0, 0));
    await(first.ready());
    assertEquals(50L, (long) first.read(s -> s[0]));
    await(host.close("test"));

    store(50, "call");
    // A slow checkpoint load lets the host's poll come first, and a slow prepare makes a batch read
    // before the state was restored fold after it: the restored state must take no such batch.
    ProjectionView<long[]> again = host.forPlugin("test", LoggerFactory.getLogger("test")).open(new Counter(700, 1_000));
    await(again.ready());
    await(again.caughtUp());
    assertEquals(100L, (long) again.read(s -> s[0]));
    assertEquals(50, again.status().folded(), "only the facts after the checkpoint were folded");
  }

  @Test
  void closingWaitsForACheckpointBeingWritten() throws Exception {
    store(10, "call");
    Counter counter = new Counter(0, 0);
    counter.padding = 24 * 1024 * 1024;
    counter.saving = new java.util.concurrent.CountDownLatch(1);
    ProjectionView<long[]> view = host.forPlugin("test", LoggerFactory.getLogger("test")).open(counter);
    await(view.ready());
    // the periodic save (due a few seconds after the first unsaved fact) takes its snapshot ...
    assertTrue(counter.saving.await(30, TimeUnit.SECONDS), "no checkpoint was begun");
    // ... and the node stops while it writes 24 MB (a year of KPI facts): closing must wait for that write
    await(host.close("test"));
    Checkpoints.Saved saved = new Checkpoints(database).load("test.counter");
    assertTrue(saved != null && saved.activityPosition() >= 10, "the checkpoint under way when the node stopped is stored");
  }

  @Test
  void aCheckpointLargerThanOneReplyIsRestored() throws Exception {
    store(10, "call");
    Counter counter = new Counter(0, 0);
    // past the 48 MB the driver takes in one reply: two years of a large organisation's KPI facts
    counter.padding = 60 * 1024 * 1024;
    ProjectionView<long[]> view = host.forPlugin("test", LoggerFactory.getLogger("test")).open(counter);
    await(view.ready());
    await(host.close("test"));

    ProjectionView<long[]> again = host.forPlugin("test", LoggerFactory.getLogger("test")).open(new Counter(0, 0));
    await(again.ready());
    assertEquals(10L, (long) again.read(s -> s[0]));
    assertEquals(0, again.status().folded(), "restored from the checkpoint, not folded again");
  }

  @Test
  void aRebuildFoldsTheWholeLogAgainWithWhatTheFoldReadsNowAndCarriesOn() throws Exception {
    store(30, "call");
    Counter counter = new Counter(0, 0);
    ProjectionView<long[]> view = host.forPlugin("test", LoggerFactory.getLogger("test")).open(counter);
    await(view.ready());
    assertEquals(30L, (long) view.read(s -> s[0]));
    counter.weight = 3;
    store(5, "call");
    assertEquals(45L, folded(view, 45), "without a rebuild only new facts count the new way");

    await(view.rebuild());
    assertEquals(105L, (long) view.read(s -> s[0]), "every fact folded again, none twice");
    store(5, "call");
    assertEquals(120L, folded(view, 120));
    assertEquals(0, view.status().setAside());

    // the rebuilt state is what the next start restores
    await(host.close("test"));
    Counter after = new Counter(0, 0);
    after.weight = 100;
    ProjectionView<long[]> again = host.forPlugin("test", LoggerFactory.getLogger("test")).open(after);
    await(again.ready());
    assertEquals(120L, (long) again.read(s -> s[0]), "restored from the checkpoint written after the rebuild");
  }

  /** The count once it reaches {@code n}, or as it stands after 10 s. */
  private long folded(ProjectionView<long[]> view, long n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (view.read(s -> s[0]) < n && System.nanoTime() < deadline) {
      host.nudge();
      Thread.sleep(20);
    }
    return view.read(s -> s[0]);
  }

  @Test
  void aFactTheFoldRefusesIsSetAsideAndTheRestIsFolded() throws Exception {
    store(10, "call");
    store(1, "refused");
    store(10, "call");
    ProjectionView<long[]> view = host.forPlugin("test", LoggerFactory.getLogger("test")).open(new Counter(0, 0));
    await(view.ready());
    assertEquals(20L, (long) view.read(s -> s[0]));
    assertEquals(1, view.status().setAside());
    assertEquals(1, database.collection("projection_faults").countDocuments());
  }

  @Test
  void aWriteInFlightWhenTheNodeStartsIsFoldedOnceItIsStored() throws Exception {
    store(10, "call");
    // A writer (this node's scorer catching up, another node) has reserved its positions, the node
    // starts following the log, and only then is the write stored.
    await(host.stop());
    // as large as the scorer's ledger inserts were before they were cut to 1,000 positions each
    int n = 3_000;
    long first = otherNode.reserve(LogPositions.ACTIVITIES, n) - n + 1;
    store(10, "call");
    host = new ProjectionHost(vertx, database, positions, new ActivityStore(database, positions),
        new PointsLedger(database, positions)::at);
    await(host.start());
    ProjectionView<long[]> view = host.forPlugin("test", LoggerFactory.getLogger("test")).open(new Counter(0, 0));
    Thread.sleep(1_000);
    insert(first, n, "call");
    host.nudge();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (view.read(s -> s[0]) < 20L + n && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(20L + n, (long) view.read(s -> s[0]), "every stored activity folded, the late write too");
  }

  @Test
  void positionsLeftEmptyByACrashBeforeTheNodeStartedDoNotHoldItsProjectionsWhenItRunsAlone() throws Exception {
    store(10, "call");
    await(host.stop());
    // a crash between reserving and inserting: these positions stay empty for good
    otherNode.reserve(LogPositions.ACTIVITIES, 500);
    store(10, "call");
    // what the node reads before it reserves anything, with no other node running
    long[] sealed = {positions.head(LogPositions.ACTIVITIES), positions.head(LogPositions.POINTS)};
    host = new ProjectionHost(vertx, database, positions, new ActivityStore(database, positions),
        new PointsLedger(database, positions)::at, sealed);
    await(host.start());
    long began = System.nanoTime();
    ProjectionView<long[]> view = host.forPlugin("test", LoggerFactory.getLogger("test")).open(new Counter(0, 0));
    await(view.ready());
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
    // Before the fix it waited the whole grace for the crash's gap, after every restart (and a plugin
    // waiting for its projection overran its start timeout: the node never became healthy).
    assertTrue(millis < LogTail.GRACE_MILLIS / 4, "ready after " + millis + " ms");
    assertEquals(20L, (long) view.read(s -> s[0]));
  }

  @Test
  void aPositionItsWriterReleasedIsNotWaitedFor() throws Exception {
    ProjectionView<long[]> view = host.forPlugin("test", LoggerFactory.getLogger("test")).open(new Counter(0, 0));
    await(view.ready());
    PointsLedger ledger = new PointsLedger(database, positions);
    Instant now = Instant.now();
    // the scorer scoring again what it stored before: the ordered insert stops at the duplicate
    await(database.call(() -> ledger.insertAll(List.of(credit("c2", now)), now)));
    List<LedgerEntry> again = List.of(credit("c1", now), credit("c2", now), credit("c3", now), credit("c4", now));
    long head = positions.head(LogPositions.POINTS);
    List<LedgerEntry> fresh = await(database.call(() -> ledger.insertAll(again, now)));
    assertEquals(List.of("c1", "c3", "c4"), fresh.stream().map(LedgerEntry::id).toList());
    // c2's position and the two after it were reserved and not used: released, so no follower waits
    assertEquals(Set.of(head + 2, head + 3, head + 4), positions.released(LogPositions.POINTS,
        List.of(head + 1, head + 2, head + 3, head + 4, head + 5, head + 6)));

    long began = System.nanoTime();
    store(10, "call");
    otherNode.release(LogPositions.ACTIVITIES, List.of(otherNode.reserve(LogPositions.ACTIVITIES, 1)));
    store(10, "call");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (view.read(s -> s[0]) < 20L && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
    assertEquals(20L, (long) view.read(s -> s[0]));
    assertTrue(millis < LogTail.GRACE_MILLIS / 4, "folded after " + millis + " ms");
  }

  private static LedgerEntry credit(String id, Instant at) {
    return new LedgerEntry(id, "org", "rep", "activity", id, 0, "rule", 1, 5, 5, false, List.of(), "2026-12-01", at,
        "why", "dlaczego", false, false);
  }

  /** Stores {@code n} activities of the kind at fresh log positions, as the activity store does. */
  /** Stores {@code n} activities as another node's writer does: the follower reads them from the store. */
  private void store(int n, String kind) throws Exception {
    insert(otherNode.reserve(LogPositions.ACTIVITIES, n) - n + 1, n, kind);
    host.nudge();
  }

  /** Stores {@code n} activities of the kind at positions from {@code first} on. */
  private void insert(long first, int n, String kind) throws Exception {
    await(database.call(() -> {
      long pos = first;
      List<Document> docs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        docs.add(new Document("_id", "a" + stored++).append("orgId", "org").append("userId", "rep").append("kind", kind)
            .append("occurredAt", new Date()).append("pos", pos++));
      }
      database.collection(ActivityStore.COLLECTION).insertMany(docs);
      return null;
    }));
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
