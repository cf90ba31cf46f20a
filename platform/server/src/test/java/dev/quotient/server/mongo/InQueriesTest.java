package dev.quotient.server.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code $in} reads an index answers (log positions, ids) are taken from the index without matching each
 * document against the list again: they must find exactly what MongoDB finds.
 */
class InQueriesTest {

  @TempDir
  Path dir;

  @Test
  void anIndexedInFindsExactlyTheDocumentsWithThoseValuesAcrossNumberTypes() {
    try (EmbeddedMongo mongo = EmbeddedMongo.start(dir); MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> c = client.getDatabase("t").getCollection("log");
      c.createIndex(Indexes.ascending("pos"), new IndexOptions().unique(true).sparse(true));
      List<Document> docs = new ArrayList<>();
      for (long p = 1; p <= 3_000; p++) {
        docs.add(new Document("_id", "a" + p).append("pos", p).append("kind", p % 2 == 0 ? "call" : "email"));
      }
      docs.add(new Document("_id", "no-position"));
      c.insertMany(docs);

      List<Object> wanted = new ArrayList<>();
      for (long p = 1_000; p < 3_000; p++) {
        wanted.add(p);
      }
      wanted.add(4_000L);
      List<Long> found = c.find(Filters.in("pos", wanted)).map(d -> d.getLong("pos")).into(new ArrayList<>());
      assertEquals(2_000, found.size());
      assertTrue(found.stream().allMatch(p -> p >= 1_000 && p < 3_000));
      // an int, a long and a double naming the same number find it, once
      assertEquals(List.of(7L), c.find(Filters.in("pos", Arrays.asList(7, 7L, 7.0))).map(d -> d.getLong("pos"))
          .into(new ArrayList<>()));
      assertEquals(List.of("a5", "a6"), c.find(Filters.in("_id", List.of("a6", "a5", "missing")))
          .sort(Sorts.ascending("_id")).map(d -> d.getString("_id")).into(new ArrayList<>()));
      // other conditions are still matched: the index narrows, the match decides
      assertEquals(List.of(10L), c.find(Filters.and(Filters.in("pos", List.of(9L, 10L)), Filters.eq("kind", "call")))
          .map(d -> d.getLong("pos")).into(new ArrayList<>()));
      assertEquals(2, c.countDocuments(Filters.in("_id", List.of("a1", "no-position"))));
    }
  }

  @Test
  void aNonUniqueIndexIsKeptAcrossRestartsAndItsQueriesStillAnswer() {
    try (EmbeddedMongo mongo = EmbeddedMongo.start(dir); MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> c = client.getDatabase("t").getCollection("log");
      c.createIndex(Indexes.ascending("orgId", "seq"));
      List<Document> docs = new ArrayList<>();
      for (long s = 1; s <= 500; s++) {
        docs.add(new Document("_id", "a" + s).append("orgId", s % 2 == 0 ? "even" : "odd").append("seq", s));
      }
      c.insertMany(docs);
    }
    // Opening the collection no longer reads every document to fill the index the store does not build.
    try (EmbeddedMongo mongo = EmbeddedMongo.start(dir); MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> c = client.getDatabase("t").getCollection("log");
      List<String> names = c.listIndexes().map(i -> i.getString("name")).into(new ArrayList<>());
      assertTrue(names.contains("orgId_1_seq_1"), names.toString());
      assertEquals(List.of(496L, 498L, 500L), c.find(Filters.and(Filters.eq("orgId", "even"), Filters.gt("seq", 495L)))
          .sort(Sorts.ascending("seq")).map(d -> d.getLong("seq")).into(new ArrayList<>()));
      c.insertOne(new Document("_id", "late").append("orgId", "even").append("seq", 502L));
      assertEquals(4, c.countDocuments(Filters.and(Filters.eq("orgId", "even"), Filters.gt("seq", 495L))));
    }
  }

  @Test
  void onlyASingleFieldInOfPlainValuesIsTakenAsAnswered() {
    assertTrue(BsonH2Database.answeredExactly(new de.bwaldvogel.mongo.bson.Document("pos",
        new de.bwaldvogel.mongo.bson.Document("$in", List.of(1L, 2L)))));
    assertFalse(BsonH2Database.answeredExactly(new de.bwaldvogel.mongo.bson.Document("pos",
        new de.bwaldvogel.mongo.bson.Document("$in", Arrays.asList(1L, null)))));
    assertFalse(BsonH2Database.answeredExactly(new de.bwaldvogel.mongo.bson.Document("pos",
        new de.bwaldvogel.mongo.bson.Document("$in", List.of(1L))).append("kind", "call")));
    assertFalse(BsonH2Database.answeredExactly(new de.bwaldvogel.mongo.bson.Document("pos",
        new de.bwaldvogel.mongo.bson.Document("$gt", 1L))));
  }
}
