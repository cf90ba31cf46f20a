package dev.quotient.server.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.mongodb.client.MongoDatabase;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * New collections created while other commands list and scan collections. The suite once hung for good:
 * a scan of the collection list, holding that collection's lock, counted itself under the database's
 * lock, while a new collection, holding the database's lock, waited to add itself to that list.
 */
class CollectionsUnderScansTest {

  @TempDir
  Path data;

  @Test
  void collectionsAreCreatedWhileOthersListAndScanThem() throws InterruptedException {
    Vertx vertx = Vertx.vertx();
    EmbeddedMongo mongo = EmbeddedMongo.start(data);
    Database database = new Database(vertx, mongo.connectionString(), "scans_test");
    MongoDatabase db = database.db();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      int writer = t;
      threads.add(new Thread(() -> {
        try {
          for (int i = 0; i < 300; i++) {
            database.collection("c" + writer + "_" + i).insertOne(new Document("_id", i));
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }));
      threads.add(new Thread(() -> {
        try {
          for (int i = 0; i < 600; i++) {
            db.listCollectionNames().into(new ArrayList<>());
            database.collection("c" + writer + "_" + (i / 2)).find(new Document("x", i)).first();
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }));
    }
    threads.forEach(thread -> {
      thread.setDaemon(true);
      thread.start();
    });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    for (Thread thread : threads) {
      thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (thread.isAlive()) {
        // deadlocked: the store cannot be closed either, so it is left to the JVM's end
        fail("the store stopped answering: " + Arrays.toString(thread.getStackTrace()));
      }
    }
    try {
      assertEquals(null, failure.get());
      assertEquals(600, db.listCollectionNames().into(new ArrayList<>()).stream().filter(n -> n.startsWith("c")).count());
    } finally {
      database.close();
      mongo.close();
      vertx.close();
    }
  }
}
