package dev.quotient.server.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.MongoException;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.bson.Document;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When H2 stops the store after a failed commit (the full-year benchmark at 512 MB found a commit that
 * could not allocate its write buffer), every command says so and asks for a restart, the ping of the
 * health check too, where the node went on reporting itself healthy while every command failed with
 * "This store is closed"; the node still closes, and a restart opens the file with every acknowledged
 * write.
 */
class StoreStoppedTest {

  @TempDir
  Path data;

  @Test
  void aStoppedStoreRefusesEveryCommandWithItsReasonAndARestartFindsTheAcknowledgedWrites() {
    Vertx vertx = Vertx.vertx();
    try {
      try (EmbeddedMongo mongo = EmbeddedMongo.start(data)) {
        Database database = new Database(vertx, mongo.connectionString(), "stopped_test");
        try {
          database.collection("facts").insertOne(new Document("_id", "acknowledged"));
          assertTrue(mongo.stopped().isEmpty());
          assertTrue(database.ping());

          // as a commit that fails: H2 records the error, then closes the store as the lock is released
          assertThrows(MVStoreException.class, () -> mongo.store().panic(
              DataUtils.newMVStoreException(DataUtils.ERROR_INTERNAL, "Capacity: {0}", "3145728")));

          assertTrue(mongo.stopped().orElseThrow().contains("Capacity: 3145728"), mongo.stopped().toString());
          assertFalse(database.ping(), "the health check's ping fails");
          MongoException refused = assertThrows(MongoException.class,
              () -> database.collection("facts").insertOne(new Document("_id", "after")));
          assertTrue(refused.getMessage().contains("restart the node"), refused.getMessage());
          assertThrows(MongoException.class, () -> database.collection("facts").find().first());
        } finally {
          database.close();
        }
      }
      try (EmbeddedMongo again = EmbeddedMongo.start(data)) {
        Database database = new Database(vertx, again.connectionString(), "stopped_test");
        try {
          assertTrue(again.stopped().isEmpty());
          assertEquals(1, database.collection("facts").countDocuments());
          assertEquals("acknowledged", database.collection("facts").find().first().getString("_id"));
        } finally {
          database.close();
        }
      }
    } finally {
      vertx.close();
    }
  }
}
