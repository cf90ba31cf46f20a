package dev.quotient.server.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.api.ClientError;
import dev.quotient.server.mongo.Database;
import dev.quotient.server.mongo.EmbeddedMongo;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin content store's additions on the embedded server: sorted find, compare-and-set, upsert. */
class MongoContentStoreTest {

  @TempDir
  static Path data;
  private static Vertx vertx;
  private static EmbeddedMongo mongo;
  private static Database database;
  private static MongoContentStore store;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    mongo = EmbeddedMongo.start(data);
    database = new Database(vertx, mongo.connectionString(), "store_test");
    store = new MongoContentStore(database, "some-plugin");
  }

  @AfterAll
  static void stop() {
    database.close();
    mongo.close();
    vertx.close();
  }

  @Test
  void findsSortedAndLimited() throws Exception {
    for (int n : List.of(3, 1, 2)) {
      await(store.insert("sorted", new JsonObject().put("group", "g").put("n", n)));
    }
    List<JsonObject> up = await(store.find("sorted", new JsonObject().put("group", "g"), new JsonObject().put("n", 1), 10));
    assertEquals(List.of(1, 2, 3), up.stream().map(d -> d.getInteger("n")).toList());
    List<JsonObject> down = await(store.find("sorted", new JsonObject().put("group", "g"), new JsonObject().put("n", -1), 2));
    assertEquals(List.of(3, 2), down.stream().map(d -> d.getInteger("n")).toList());
  }

  @Test
  void setIfChangesOnlyWhileTheExpectedValuesHold() throws Exception {
    await(store.insert("cas", new JsonObject().put("_id", "a").put("state", "open")));
    assertTrue(await(store.setIf("cas", "a", new JsonObject().put("state", "open"), new JsonObject().put("state", "done"))));
    assertFalse(await(store.setIf("cas", "a", new JsonObject().put("state", "open"), new JsonObject().put("state", "again"))),
        "the second compare-and-set loses");
    assertEquals("done", await(store.get("cas", "a")).getString("state"));
    assertFalse(await(store.setIf("cas", "missing", new JsonObject(), new JsonObject().put("x", 1))));
    assertNull(await(store.get("cas", "missing")), "compare-and-set never creates");
    assertFalse(await(store.setIf("cas", "a", new JsonObject().put("state", new JsonObject().put("$ne", "x")),
        new JsonObject().put("state", "hacked"))), "expected values match literally, never as operators");
  }

  @Test
  void mergeCreatesOnceAndThenSetsFields() throws Exception {
    assertTrue(await(store.merge("upsert", "k", new JsonObject().put("a", 1).put("read.one", 5))));
    assertFalse(await(store.merge("upsert", "k", new JsonObject().put("b", 2))));
    JsonObject doc = await(store.get("upsert", "k"));
    assertEquals(1, doc.getInteger("a"));
    assertEquals(2, doc.getInteger("b"));
    assertEquals(5, doc.getJsonObject("read").getInteger("one"), "dotted names set nested fields");
    assertEquals(1L, await(store.count("upsert", new JsonObject())));
  }

  @Test
  void operatorFieldNamesAreRefused() {
    for (java.util.function.Supplier<Future<?>> call : List.<java.util.function.Supplier<Future<?>>>of(
        () -> store.merge("x", "k", new JsonObject().put("$set", 1)),
        () -> store.setIf("x", "k", new JsonObject().put("$where", "1"), new JsonObject().put("a", 1)),
        () -> store.setIf("x", "k", new JsonObject(), new JsonObject().put("$unset", "a")),
        () -> store.find("x", new JsonObject(), new JsonObject().put("$natural", 1), 1))) {
      Future<?> f = Future.succeededFuture().compose(v -> call.get());
      assertInstanceOf(ClientError.class, assertThrows(Exception.class, () -> await(f)));
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception x ? x : e;
    }
  }
}
