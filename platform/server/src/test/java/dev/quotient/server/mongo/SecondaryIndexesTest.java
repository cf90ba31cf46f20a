package dev.quotient.server.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Non-unique indexes of the embedded store: a query they narrow finds exactly what a scan of the same
 * documents finds (random documents and queries, after updates, deletes and a restart), and reads no
 * whole collection. Before, the store only recorded such indexes and scanned for every query.
 */
class SecondaryIndexesTest {

  private static final long DAY = 86_400_000L;
  private static final long BASE = 1_767_225_600_000L; // 2026-01-01

  @TempDir
  Path dir;

  @Test
  void indexedQueriesFindWhatAScanFindsThroughUpdatesDeletesAndARestart() {
    Random random = new Random(42);
    List<Bson> queries = new ArrayList<>();
    try (EmbeddedMongo mongo = EmbeddedMongo.start(dir); MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> indexed = client.getDatabase("t").getCollection("log");
      MongoCollection<Document> plain = client.getDatabase("t").getCollection("plain");
      indexed.createIndex(Indexes.ascending("orgId", "userId", "at"));
      indexed.createIndex(Indexes.ascending("orgId", "n"));
      indexed.createIndex(Indexes.ascending("tags"));
      indexed.createIndex(Indexes.ascending("held"), new IndexOptions().sparse(true));
      List<Document> docs = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        docs.add(document(random, i));
      }
      indexed.insertMany(docs);
      plain.insertMany(docs);
      for (int i = 0; i < 200; i++) {
        queries.add(query(random));
      }
      assertSame(indexed, plain, queries);

      // updates that move documents within the indexes, and deletes
      for (int i = 0; i < 200; i++) {
        Bson which = Filters.eq("_id", "d" + random.nextInt(2_000));
        Bson change = switch (i % 4) {
          case 0 -> Updates.set("userId", "u" + random.nextInt(10));
          case 1 -> Updates.set("at", new Date(BASE + random.nextInt(60) * DAY));
          case 2 -> Updates.set("tags", List.of("t" + random.nextInt(5), "t" + random.nextInt(5)));
          default -> random.nextBoolean() ? Updates.set("held", true) : Updates.unset("held");
        };
        indexed.updateOne(which, change);
        plain.updateOne(which, change);
      }
      indexed.deleteMany(Filters.and(Filters.eq("orgId", "o1"), Filters.eq("userId", "u3")));
      plain.deleteMany(Filters.and(Filters.eq("orgId", "o1"), Filters.eq("userId", "u3")));
      indexed.deleteMany(Filters.size("tags", 0));
      plain.deleteMany(Filters.size("tags", 0));
      Document replacement = document(random, 7).append("userId", "u9");
      indexed.replaceOne(Filters.eq("_id", "d7"), replacement);
      plain.replaceOne(Filters.eq("_id", "d7"), replacement);
      assertSame(indexed, plain, queries);

      // sorted pages a walk yields in order (no sort, the limit stops it) equal the scan's sorted ones
      for (int i = 0; i < 50; i++) {
        String org = "o" + random.nextInt(3);
        Date a = new Date(BASE + random.nextInt(60) * DAY);
        Date b = new Date(a.getTime() + random.nextInt(30) * DAY);
        Bson user = Filters.and(Filters.eq("orgId", org), Filters.eq("userId", "u" + random.nextInt(10)));
        Bson q = switch (i % 3) {
          case 0 -> Filters.and(user, Filters.gte("at", a));
          case 1 -> Filters.and(user, Filters.gt("at", a), Filters.lt("at", b));
          default -> Filters.and(user, Filters.lte("at", b), Filters.or(Filters.lt("at", a), Filters.eq("kind", "call")));
        };
        int limit = 1 + random.nextInt(30);
        // orders that decide every tie (MongoDB leaves ties to the store): walked forwards, backwards, and
        // backwards for the first field only (the rest sorted from what the walk read)
        for (Bson order : List.of(Sorts.ascending("at", "_id"), Sorts.descending("at", "_id"),
            Sorts.orderBy(Sorts.descending("at"), Sorts.ascending("_id")),
            Sorts.orderBy(Sorts.descending("at"), Sorts.ascending("kind"), Sorts.descending("_id")))) {
          assertEquals(plain.find(q).sort(order).limit(limit).map(d -> d.getString("_id")).into(new ArrayList<>()),
              indexed.find(q).sort(order).limit(limit).map(d -> d.getString("_id")).into(new ArrayList<>()),
              q.toBsonDocument().toJson() + " " + order.toBsonDocument().toJson());
        }
        Bson byN = Filters.and(Filters.eq("orgId", org), Filters.gt("n", random.nextInt(40)));
        assertEquals(plain.find(byN).sort(Sorts.ascending("n", "_id")).limit(limit).map(d -> d.getString("_id"))
            .into(new ArrayList<>()), indexed.find(byN).sort(Sorts.ascending("n", "_id")).limit(limit)
            .map(d -> d.getString("_id")).into(new ArrayList<>()));
      }

      // a sparse index holds the documents with the field only
      Document stats = client.getDatabase("t").runCommand(new Document("collStats", "log"));
      assertEquals(plain.countDocuments(Filters.exists("held")),
          stats.get("indexSize", Document.class).get("held_1", Number.class).longValue());

      long scansBefore = mongo.scans().getOrDefault("log", 0L);
      indexed.find(Filters.and(Filters.eq("orgId", "o2"), Filters.eq("userId", "u1"))).sort(Sorts.descending("at"))
          .limit(20).into(new ArrayList<>());
      indexed.find(Filters.and(Filters.eq("orgId", "o0"), Filters.gte("n", 10), Filters.lt("n", 20))).into(new ArrayList<>());
      indexed.find(Filters.eq("held", true)).into(new ArrayList<>());
      assertEquals(scansBefore, mongo.scans().getOrDefault("log", 0L), "indexed reads scanned the collection");
      indexed.find(Filters.eq("kind", "call")).first();
      assertEquals(scansBefore + 1, mongo.scans().get("log"), "a read no index narrows is counted as a scan");
    }
    try (EmbeddedMongo mongo = EmbeddedMongo.start(dir); MongoClient client = MongoClients.create(mongo.connectionString())) {
      assertSame(client.getDatabase("t").getCollection("log"), client.getDatabase("t").getCollection("plain"), queries);
      assertTrue(mongo.scans().getOrDefault("log", 0L) == 0L, "the indexes were read back, not rebuilt by scans");
    }
  }

  private static void assertSame(MongoCollection<Document> indexed, MongoCollection<Document> plain, List<Bson> queries) {
    int nonEmpty = 0;
    for (Bson q : queries) {
      List<String> expected = ids(plain, q);
      List<String> found = ids(indexed, q);
      if (!expected.equals(found)) {
        List<String> missing = new ArrayList<>(expected);
        missing.removeAll(found);
        List<String> extra = new ArrayList<>(found);
        extra.removeAll(expected);
        throw new AssertionError("query " + q.toBsonDocument().toJson() + ": not found " + missing + ", found too "
            + extra);
      }
      nonEmpty += expected.isEmpty() ? 0 : 1;
    }
    assertTrue(nonEmpty > queries.size() / 3, "too few queries found anything: " + nonEmpty);
  }

  private static List<String> ids(MongoCollection<Document> c, Bson q) {
    return c.find(q).sort(Sorts.ascending("_id")).map(d -> d.getString("_id")).into(new ArrayList<>());
  }

  private static Document document(Random random, int i) {
    Document d = new Document("_id", "d" + i).append("orgId", "o" + random.nextInt(3))
        .append("userId", "u" + random.nextInt(10)).append("at", new Date(BASE + random.nextInt(60) * DAY))
        .append("kind", random.nextBoolean() ? "call" : "email");
    // numbers of three types, some missing
    switch (random.nextInt(4)) {
      case 0 -> d.append("n", random.nextInt(40));
      case 1 -> d.append("n", (long) random.nextInt(40));
      case 2 -> d.append("n", random.nextInt(40) + 0.5);
      default -> { }
    }
    // no tags, no tags in an empty array (indexed as MongoDB does, so the document can be removed), or two
    switch (random.nextInt(4)) {
      case 0 -> { }
      case 1 -> d.append("tags", List.of());
      default -> d.append("tags", List.of("t" + random.nextInt(5), "t" + random.nextInt(5)));
    }
    if (random.nextInt(10) == 0) {
      d.append("held", true);
    }
    return d;
  }

  private static Bson query(Random random) {
    String org = "o" + random.nextInt(3);
    String user = "u" + random.nextInt(10);
    Date from = new Date(BASE + random.nextInt(60) * DAY);
    Date to = new Date(from.getTime() + random.nextInt(20) * DAY);
    return switch (random.nextInt(11)) {
      case 0 -> Filters.eq("orgId", org);
      case 1 -> Filters.and(Filters.eq("orgId", org), Filters.eq("userId", user));
      case 2 -> Filters.and(Filters.eq("orgId", org), Filters.eq("userId", user), Filters.gte("at", from),
          Filters.lt("at", to));
      case 3 -> Filters.and(Filters.eq("orgId", org), Filters.eq("userId", user), Filters.gt("at", from),
          Filters.eq("kind", "call"));
      case 4 -> Filters.and(Filters.eq("orgId", org), Filters.lte("n", random.nextInt(40)));
      case 5 -> Filters.and(Filters.eq("orgId", org), Filters.eq("n", random.nextInt(40)));
      case 6 -> Filters.eq("tags", "t" + random.nextInt(5));
      case 7 -> Filters.and(Filters.eq("held", true), Filters.eq("orgId", org));
      // an array field's range: one value above the lower bound and another below the upper one match
      case 8 -> Filters.and(Filters.gt("tags", "t" + random.nextInt(3)), Filters.lt("tags", "t" + (2 + random.nextInt(3))));
      // a range of the unique _id index
      case 9 -> Filters.and(Filters.gte("_id", "d" + random.nextInt(2_000)), Filters.lt("_id", "d" + random.nextInt(2_000)));
      default -> Filters.and(Filters.eq("orgId", org), Filters.eq("userId", user), Filters.lte("at", to),
          Filters.gte("at", from));
    };
  }
}
