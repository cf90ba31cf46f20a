package dev.quotient.server.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long reads on the embedded store while other clients keep writing: whole-collection scans (a filtered
 * {@code find} read in small batches, {@code countDocuments}) must never fail and must always see every
 * document. Writers update the scanned collection between scans (its pages go stale, its chunks thin out,
 * so the store's housekeeping rewrites them), insert and update large documents in another collection
 * (many commits, chunks written and left behind), and the file is compacted meanwhile: what made a scan
 * lose the chunks of the version it was walking ("Chunk ... not found").
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LongReadsUnderWritesTest {

  private static final int DOCS = 100_000;
  private static final long RUN_MILLIS = 20_000;

  @Test
  void longScansKeepTheirVersionWhileOthersWrite(@TempDir Path data) throws Exception {
    // The store and server as EmbeddedMongo opens them, kept at hand to compact the file as it runs.
    MVStore store = EmbeddedMongo.openStore(data.resolve("quotient.mv"));
    // No retention at all: old chunks are reused as soon as the store allows, so only what the store
    // knows about running reads can keep theirs (and the race shows in every run, not one in a few).
    store.setRetentionTime(0);
    MongoServer server = new MongoServer(new DurableH2Backend(store));
    server.bind("127.0.0.1", 0);
    try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
      MongoCollection<Document> scanned = client.getDatabase("reads").getCollection("scanned");
      MongoCollection<Document> churn = client.getDatabase("reads").getCollection("churn");
      long setup = System.nanoTime();
      List<Document> batch = new ArrayList<>();
      for (int i = 0; i < DOCS; i++) {
        batch.add(new Document("_id", i).append("group", i % 10).append("note", text(40)));
        if (batch.size() == 2_000) {
          scanned.insertMany(batch);
          batch.clear();
        }
      }

      System.out.printf("long reads under writes: %d documents stored in %.1f s%n", DOCS,
          (System.nanoTime() - setup) / 1e9);
      Queue<String> failures = new ConcurrentLinkedQueue<>();
      AtomicLong scans = new AtomicLong(); // scans started
      AtomicLong writes = new AtomicLong();
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RUN_MILLIS);
      List<Thread> threads = new ArrayList<>();
      // Updates that grow and shrink documents of the scanned collection: its leaf pages are rewritten.
      threads.add(worker("updater", failures, deadline, () -> {
        scanned.updateOne(Filters.eq("_id", ThreadLocalRandom.current().nextInt(DOCS)),
            Updates.set("note", text(ThreadLocalRandom.current().nextInt(20, 400))));
        writes.incrementAndGet();
      }));
      threads.add(worker("updater-2", failures, deadline, () -> {
        scanned.updateOne(Filters.eq("_id", ThreadLocalRandom.current().nextInt(DOCS)),
            Updates.set("note", text(ThreadLocalRandom.current().nextInt(20, 400))));
        writes.incrementAndGet();
      }));
      // Large inserts and rewrites elsewhere: a commit per write, chunks filled and abandoned fast.
      threads.add(worker("churner", failures, deadline, () -> {
        long n = writes.incrementAndGet();
        churn.insertOne(new Document("_id", n).append("body", text(2_000)));
        if (n > 10) {
          churn.updateOne(Filters.eq("_id", ThreadLocalRandom.current().nextLong(1, n)),
              Updates.set("body", text(2_000)));
        }
      }));
      // Chunk compaction as the store's housekeeping does it, only more eagerly: live pages of partly
      // filled chunks older than the retention time move to new chunks, and the old chunks are freed.
      threads.add(worker("compactor", failures, deadline, () -> {
        store.compact(100, 256 << 10);
        Thread.sleep(20);
      }));
      // One reader, so the updater gets turns between scans (a scan holds the collection): a filtered find
      // read in small batches, pausing between them as a slow consumer does, then a count, then a pause.
      threads.add(worker("reader", failures, deadline, () -> {
        scans.incrementAndGet();
        long seen = 0;
        try (MongoCursor<Document> it = scanned.find(Filters.gte("group", 0)).batchSize(500).iterator()) {
          while (it.hasNext()) {
            it.next();
            if (++seen % 500 == 0) {
              Thread.sleep(1);
            }
          }
        }
        if (seen != DOCS) {
          failures.add("find saw " + seen + " documents, expected " + DOCS);
        }
        scans.incrementAndGet();
        long counted = scanned.countDocuments();
        if (counted != DOCS) {
          failures.add("countDocuments gave " + counted + ", expected " + DOCS);
        }
        Thread.sleep(300);
      }));
      threads.forEach(Thread::start);
      for (Thread t : threads) {
        t.join();
      }

      System.out.printf("long reads under writes: %d scans, %d writes, %d failures%n", scans.get(), writes.get(),
          failures.size());
      assertTrue(failures.isEmpty(), failures.size() + " reads failed, the first: " + failures.peek());
      // A busy machine may allow only a few: at least one find and one count ran under the writes.
      assertTrue(scans.get() >= 2 && writes.get() > 0, "nothing ran: " + scans.get() + " scans, " + writes + " writes");
      assertEquals(DOCS, scanned.countDocuments());
    } finally {
      server.shutdownNow();
      store.close();
    }
  }

  private interface Step {
    void run() throws Exception;
  }

  /** Repeats {@code step} until the deadline; a failure is recorded and the work goes on. */
  private static Thread worker(String name, Queue<String> failures, long deadline, Step step) {
    Thread t = new Thread(() -> {
      while (System.nanoTime() < deadline) {
        try {
          step.run();
        } catch (Exception e) {
          failures.add(name + ": " + e);
        }
      }
    }, "long-reads-" + name);
    t.setDaemon(true);
    return t;
  }

  private static String text(int length) {
    StringBuilder s = new StringBuilder(length);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < length; i++) {
      s.append((char) ('a' + random.nextInt(26)));
    }
    return s.toString();
  }
}
