package dev.quotient.server.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.api.ClientError;
import dev.quotient.api.ContentStore;
import dev.quotient.api.ContentStore.Filter;
import dev.quotient.api.ContentStore.Index;
import dev.quotient.api.ContentStore.Key;
import dev.quotient.api.ContentStore.Page;
import dev.quotient.server.mongo.Database;
import dev.quotient.server.mongo.EmbeddedMongo;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The plugin content store's declared indexes, ranges, cursor pages and deletes, on the embedded server. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MongoContentStoreQueriesTest {

  private static final int MANY = 1234;
  private static final int WITHOUT_SCORE = 34;

  @TempDir
  static Path data;
  private static Vertx vertx;
  private static EmbeddedMongo mongo;
  private static Database database;
  private static MongoContentStore store;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    mongo = EmbeddedMongo.start(data);
    database = new Database(vertx, mongo.connectionString(), "queries_test");
    store = new MongoContentStore(database, "some-plugin");
    // 1,234 documents in group "g", scores repeating 0-6, the last few without a score; ids not in score order.
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < MANY; i++) {
      Document d = new Document("_id", String.format("d%04d", (i * 7919) % 10_000)).append("group", "g");
      if (i >= WITHOUT_SCORE) {
        d.append("score", i % 7);
      }
      docs.add(d);
    }
    docs.add(new Document("_id", "other").append("group", "h").append("score", 3));
    database.collection("some_plugin_many").insertMany(docs);
  }

  @AfterAll
  static void stop() {
    database.close();
    mongo.close();
    vertx.close();
  }

  @Test
  void pagesVisitEveryDocumentOnceInOrderWhenSortValuesRepeat() throws Exception {
    List<JsonObject> expected = await(store.find("many", new JsonObject().put("group", "g"), MANY + 1));
    assertEquals(MANY, expected.size());
    Comparator<JsonObject> byScore = Comparator.comparing((JsonObject d) -> d.getInteger("score"),
        Comparator.nullsFirst(Comparator.<Integer>naturalOrder()));
    Comparator<JsonObject> byId = Comparator.comparing(d -> d.getString("_id"));

    List<String> up = readAll(Key.asc("score"), 100);
    assertEquals(ids(expected.stream().sorted(byScore.thenComparing(byId)).toList()), up,
        "ascending: missing scores first, ties by id, every document once");

    List<String> down = readAll(Key.desc("score"), 100);
    assertEquals(ids(expected.stream().sorted(byScore.reversed().thenComparing(byId)).toList()), down,
        "descending: missing scores last, ties still by ascending id");

    assertEquals(ids(expected.stream().sorted(byId).toList()), readAll(Key.asc("_id"), 100));
    assertEquals(ids(expected.stream().sorted(byId.reversed()).toList()), readAll(Key.desc("_id"), 500));
  }

  @Test
  void forEachPageHandsOverEveryDocumentInFullPages() throws Exception {
    List<Integer> sizes = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    await(store.forEachPage("many", Filter.where(new JsonObject().put("group", "g")), Key.asc("_id"), page -> {
      sizes.add(page.size());
      seen.addAll(ids(page));
    }));
    assertEquals(List.of(500, 500, MANY - 1000), sizes);
    assertEquals(ids(await(store.find("many", new JsonObject().put("group", "g"), new JsonObject().put("_id", 1), MANY + 1))),
        seen);
  }

  @Test
  void pagesHonourTheFilterAndEndWithoutAnEmptyPage() throws Exception {
    Filter twos = Filter.where(new JsonObject().put("group", "g")).gte("score", 2).lte("score", 2);
    long count = await(store.count("many", new JsonObject().put("group", "g").put("score", 2)));
    assertTrue(count > 100, "the fixture has more than one page of twos");
    int pages = 0;
    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      Page page = await(store.page("many", twos, Key.asc("score"), 100, cursor));
      page.items().forEach(d -> assertEquals(2, d.getInteger("score")));
      page.items().forEach(d -> seen.add(d.getString("_id")));
      assertFalse(page.items().isEmpty(), "no empty trailing page");
      cursor = page.next();
      pages++;
    } while (cursor != null);
    assertEquals(count, seen.size());
    assertEquals(seen.size(), new HashSet<>(seen).size());
    assertEquals((count + 99) / 100, pages);

    Page exact = await(store.page("many", Filter.where(new JsonObject().put("group", "h")), Key.asc("score"), 1, null));
    assertEquals(1, exact.items().size());
    assertNull(exact.next(), "a page holding the last document has no next cursor");
  }

  @Test
  void pageSizesOutsideTheLimitAreRefused() throws Exception {
    Filter all = Filter.where(new JsonObject());
    for (int size : new int[] {0, -1, ContentStore.MAX_PAGE + 1}) {
      ClientError e = clientError(() -> store.page("many", all, Key.asc("score"), size, null));
      assertEquals(400, e.status());
      assertEquals("error.page.size", e.messageKey());
    }
    assertEquals(ContentStore.MAX_PAGE, await(store.page("many", all, Key.asc("score"), ContentStore.MAX_PAGE, null))
        .items().size());
  }

  @Test
  void malformedOrForeignCursorsAreBadRequests() throws Exception {
    Filter all = Filter.where(new JsonObject().put("group", "g"));
    String ascending = await(store.page("many", all, Key.asc("score"), 10, null)).next();
    assertNotNull(ascending);
    List<String> bad = List.of("not a cursor!", "", b64("{}"), b64("[\"score\",1,3]"),
        b64("[\"score\",1,{\"$gt\":1},\"x\"]"), b64("[\"score\",1,3,{\"$ne\":null}]"), b64("[\"score\",2,3,\"x\"]"));
    for (String cursor : bad) {
      ClientError e = clientError(() -> store.page("many", all, Key.asc("score"), 10, cursor));
      assertEquals(400, e.status(), cursor);
      assertEquals("error.page.cursor", e.messageKey(), cursor);
    }
    for (Key other : List.of(Key.desc("score"), Key.asc("group"))) {
      assertEquals("error.page.cursor", clientError(() -> store.page("many", all, other, 10, ascending)).messageKey(),
          "a cursor belongs to the order it was made for");
    }
    assertEquals(10, await(store.page("many", all, Key.asc("score"), 10, ascending)).items().size());
  }

  @Test
  void rangesHonourEachBound() throws Exception {
    for (int n = 1; n <= 10; n++) {
      await(store.insert("ranges", new JsonObject().put("kind", "k").put("n", n)
          .put("at", String.format("2026-01-%02dT09:00:00Z", n))));
    }
    await(store.insert("ranges", new JsonObject().put("kind", "k").put("n", "5").put("at", 5)));
    await(store.insert("ranges", new JsonObject().put("kind", "other").put("n", 4)));
    Filter k = Filter.where(new JsonObject().put("kind", "k"));
    List<Key> byN = List.of(Key.asc("n"));
    assertEquals(List.of(4, 5, 6, 7, 8, 9, 10), numbers(await(store.find("ranges", k.gt("n", 3), byN, 100))));
    assertEquals(List.of(3, 4, 5, 6, 7, 8, 9, 10), numbers(await(store.find("ranges", k.gte("n", 3), byN, 100))));
    assertEquals(List.of(1, 2), numbers(await(store.find("ranges", k.lt("n", 3), byN, 100))));
    assertEquals(List.of(1, 2, 3), numbers(await(store.find("ranges", k.lte("n", 3), byN, 100))));
    assertEquals(List.of(3, 4, 5), numbers(await(store.find("ranges", k.gte("n", 3).lt("n", 6), byN, 100))));
    assertEquals(List.of(5, 4), numbers(await(store.find("ranges", k.gte("n", 2.5).lt("n", 6L), List.of(Key.desc("n")), 2))),
        "sorted descending and limited; a number never matches the text \"5\"");
    assertEquals(List.of(2, 3, 4), numbers(await(store.find("ranges",
        k.gte("at", "2026-01-02").lt("at", "2026-01-05"), byN, 100))), "ISO dates compare as text");
    assertEquals(List.of(5, 6), numbers(await(store.find("ranges", k.gt("n", 4).gt("n", 2).lt("n", 7), byN, 2))),
        "two bounds of one kind on one field both hold");
  }

  @Test
  void operatorFieldsAndValuesAreRefused() {
    Filter all = Filter.where(new JsonObject());
    List<Supplier<Future<?>>> calls = List.of(
        () -> store.find("x", all.gt("$where", 1), List.of(), 1),
        () -> store.find("x", all.gt("n", new JsonObject().put("$ne", 1)), List.of(), 1),
        () -> store.find("x", all.gt("n", true), List.of(), 1),
        () -> store.find("x", Filter.where(new JsonObject().put("$or", new JsonArray())), List.of(), 1),
        () -> store.find("x", all, List.of(Key.asc("$natural")), 1),
        () -> store.page("x", all, Key.asc("$natural"), 1, null),
        () -> store.page("x", all.lt("", 1), Key.asc("n"), 1, null),
        () -> store.deleteAll("x", new JsonObject().put("$where", "1")),
        () -> store.index("x", Index.on(Key.asc("$natural"))));
    for (Supplier<Future<?>> call : calls) {
      ClientError e = clientError(call);
      assertEquals(400, e.status());
      assertTrue(List.of("error.field.name", "error.range.value").contains(e.messageKey()), e.messageKey());
    }
  }

  @Test
  void deletesOneByIdAndManyByFilter() throws Exception {
    for (int i = 0; i < 5; i++) {
      await(store.insert("deletes", new JsonObject().put("_id", "x" + i).put("team", i < 3 ? "a" : "b")));
    }
    assertTrue(await(store.delete("deletes", "x0")));
    assertFalse(await(store.delete("deletes", "x0")), "deleting again finds nothing");
    assertNull(await(store.get("deletes", "x0")));
    assertEquals(2L, await(store.deleteAll("deletes", new JsonObject().put("team", "a"))));
    assertEquals(0L, await(store.deleteAll("deletes", new JsonObject().put("team", new JsonObject().put("$ne", "z")))),
        "filter values match literally");
    assertEquals(List.of("x3", "x4"), ids(await(store.find("deletes", new JsonObject(), new JsonObject().put("_id", 1), 10))));
  }

  @Test
  void indexesAreIdempotentAndAUniqueIndexRefusesDuplicates() throws Exception {
    Index unique = Index.uniqueOn(Key.asc("orgId"), Key.asc("email"));
    await(store.index("people", unique));
    await(store.index("people", unique));
    Index plain = Index.on(Key.asc("orgId"), Key.desc("joinedAt"));
    await(store.index("people", plain));
    await(store.index("people", plain));
    List<String> names = database.collection("some_plugin_people").listIndexes().map(d -> d.getString("name"))
        .into(new ArrayList<>());
    assertEquals(List.of("_id_", "orgId_1_email_1", "orgId_1_joinedAt_-1"), names.stream().sorted().toList(),
        "each index once, the non-unique one recorded even where it is not used");

    await(store.insert("people", new JsonObject().put("_id", "p1").put("orgId", "o").put("email", "a@x")));
    await(store.insert("people", new JsonObject().put("_id", "p2").put("orgId", "other").put("email", "a@x")));
    ClientError insert = clientError(() -> store.insert("people",
        new JsonObject().put("_id", "p3").put("orgId", "o").put("email", "a@x")));
    assertEquals(409, insert.status());
    assertEquals("error.duplicate", insert.messageKey());
    ClientError merge = clientError(() -> store.merge("people", "p4", new JsonObject().put("orgId", "o").put("email", "a@x")));
    assertEquals(409, merge.status());
    ClientError set = clientError(() -> store.set("people", "p2", new JsonObject().put("orgId", "o")));
    assertEquals(409, set.status());
    assertEquals(2L, await(store.count("people", new JsonObject())));
  }

  @Test
  void aUniqueIndexOverExistingDuplicatesIsAConflict() throws Exception {
    await(store.insert("dupes", new JsonObject().put("code", "same")));
    await(store.insert("dupes", new JsonObject().put("code", "same")));
    ClientError e = clientError(() -> store.index("dupes", Index.uniqueOn(Key.asc("code"))));
    assertEquals(409, e.status());
    assertEquals("error.duplicate", e.messageKey());
    await(store.index("dupes", Index.on(Key.asc("code"))));
  }

  private static List<String> readAll(Key order, int size) throws Exception {
    Filter g = Filter.where(new JsonObject().put("group", "g"));
    List<String> out = new ArrayList<>();
    String cursor = null;
    do {
      Page page = await(store.page("many", g, order, size, cursor));
      assertTrue(page.items().size() <= size);
      out.addAll(ids(page.items()));
      cursor = page.next();
    } while (cursor != null);
    return out;
  }

  private static List<String> ids(List<JsonObject> docs) {
    return docs.stream().map(d -> d.getString("_id")).toList();
  }

  private static List<Integer> numbers(List<JsonObject> docs) {
    return docs.stream().map(d -> d.getInteger("n")).toList();
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static ClientError clientError(Supplier<? extends Future<?>> call) {
    Future<Object> f = Future.succeededFuture().compose(v -> call.get().map(x -> (Object) x));
    return assertInstanceOf(ClientError.class, assertThrows(Exception.class, () -> await(f)));
  }

  private static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception x ? x : e;
    }
  }

}
