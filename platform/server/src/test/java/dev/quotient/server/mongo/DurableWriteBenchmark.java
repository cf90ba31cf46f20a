package dev.quotient.server.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What crash-safe acknowledgements cost: single inserts and batches of 100 through the real driver
 * into the embedded server, with the commit-per-write backend against the stock H2 backend (the
 * anchor, measured in the same run on the same kind of file). Prints ratios; asserts only that
 * every write arrived.
 */
@Tag("bench")
class DurableWriteBenchmark {

  private static final int SINGLE = 3_000;
  private static final int BATCHES = 100;
  private static final int BATCH = 100;

  @Test
  void durableBackendCostAgainstStockH2(@TempDir Path dir) {
    // Warm the JVM once on each so JIT does not favour the second.
    run(dir.resolve("warm-stock"), store -> new H2Backend(store), 500, 5);
    run(dir.resolve("warm-durable"), DurableH2Backend::new, 500, 5);
    double[] stock = run(dir.resolve("stock"), store -> new H2Backend(store), SINGLE, BATCHES);
    double[] durable = run(dir.resolve("durable"), DurableH2Backend::new, SINGLE, BATCHES);
    System.out.printf("embedded store, single insertOne: stock H2 %.0f/s, durable %.0f/s, ratio %.2f%n",
        stock[0], durable[0], durable[0] / stock[0]);
    System.out.printf("embedded store, insertMany of %d: stock H2 %.0f docs/s, durable %.0f docs/s, ratio %.2f%n",
        BATCH, stock[1], durable[1], durable[1] / stock[1]);
  }

  /**
   * Group commit: 1, 4 and 16 writers each inserting single documents for a few seconds. Reports writes
   * and commits a second; the anchor is the stock backend's single writer in the same run.
   */
  @Test
  void groupCommitSharesCommitsAmongConcurrentWriters(@TempDir Path dir) throws Exception {
    concurrent(dir.resolve("warm"), DurableH2Backend::new, 4, 1_000);
    double anchor = concurrent(dir.resolve("stock"), store -> new H2Backend(store), 1, 3_000)[0];
    StringBuilder out = new StringBuilder();
    for (int writers : new int[] {1, 4, 16}) {
      double[] r = concurrent(dir.resolve("durable-" + writers), DurableH2Backend::new, writers, 3_000);
      out.append(String.format("group commit, %d writer(s): %.0f writes/s, %.0f commits/s, %.1f writes a commit,"
          + " %.2f of the stock backend's single writer (%.0f/s)%n", writers, r[0], r[1], r[0] / Math.max(1, r[1]),
          r[0] / anchor, anchor));
    }
    System.out.print(out);
    java.nio.file.Files.writeString(Path.of("target", "bench-results.txt"), out, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }

  /** Writers inserting single documents for {@code millis}: writes and commits a second. */
  private static double[] concurrent(Path dir, Function<MVStore, MongoBackend> backend, int writers, long millis)
      throws Exception {
    dir.toFile().mkdirs();
    MVStore store = EmbeddedMongo.openStore(dir.resolve("bench.mv"));
    MongoBackend b = backend.apply(store);
    MongoServer server = new MongoServer(b);
    server.bind("127.0.0.1", 0);
    try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
      MongoCollection<Document> c = client.getDatabase("bench").getCollection("docs");
      c.insertOne(new Document("_id", "first"));
      long commitsBefore = b instanceof DurableH2Backend d ? d.commits() : 0;
      java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
      long deadline = System.nanoTime() + millis * 1_000_000;
      List<Thread> threads = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        Thread t = new Thread(() -> {
          for (int i = 0; System.nanoTime() < deadline; i++) {
            c.insertOne(new Document("_id", writer + "-" + i).append("points", i));
            written.incrementAndGet();
          }
        });
        threads.add(t);
        t.start();
      }
      for (Thread t : threads) {
        t.join();
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertEquals(written.get() + 1, c.countDocuments());
      long commits = b instanceof DurableH2Backend d ? d.commits() - commitsBefore : 0;
      return new double[] {written.get() / seconds, commits / seconds};
    } finally {
      server.shutdownNow();
      store.close();
    }
  }

  private static double[] run(Path dir, Function<MVStore, MongoBackend> backend, int singles, int batches) {
    dir.toFile().mkdirs();
    MVStore store = EmbeddedMongo.openStore(dir.resolve("bench.mv"));
    MongoServer server = new MongoServer(backend.apply(store));
    server.bind("127.0.0.1", 0);
    try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
      MongoCollection<Document> c = client.getDatabase("bench").getCollection("docs");
      long t0 = System.nanoTime();
      for (int i = 0; i < singles; i++) {
        c.insertOne(new Document("_id", "s" + i).append("rep", "rep" + (i % 8)).append("points", i));
      }
      long t1 = System.nanoTime();
      for (int b = 0; b < batches; b++) {
        List<Document> docs = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
          docs.add(new Document("_id", "b" + b + "-" + i).append("rep", "rep" + (i % 8)).append("points", i));
        }
        c.insertMany(docs);
      }
      long t2 = System.nanoTime();
      assertEquals(singles + (long) batches * BATCH, c.countDocuments());
      return new double[] {singles / ((t1 - t0) / 1e9), batches * BATCH / ((t2 - t1) / 1e9)};
    } finally {
      server.shutdownNow();
      store.close();
    }
  }
}
