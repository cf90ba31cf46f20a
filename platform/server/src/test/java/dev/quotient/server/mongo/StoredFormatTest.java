package dev.quotient.server.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Documents stored as BSON and indexes keyed by MongoDB's order: every kind of value a client stores
 * reads back the same, a store written by the stock backend (Java serialization) opens with its
 * documents and unique indexes intact, and the indexes hold across restarts.
 */
class StoredFormatTest {

  @TempDir
  Path dir;

  @Test
  void everyValueKindReadsBackTheSameAfterARestart() {
    Document original = new Document("_id", "all").append("string", "zażółć").append("int", 7).append("long", 7L << 40)
        .append("double", 2.5).append("decimal", new Decimal128(new java.math.BigDecimal("12.345")))
        .append("bool", true).append("null", null).append("date", Date.from(Instant.parse("2026-03-01T10:15:30.123Z")))
        .append("binary", new Binary(new byte[] {1, 2, 3})).append("uuid", new Binary((byte) 4, uuidBytes()))
        .append("objectId", new org.bson.types.ObjectId()).append("list", List.of(1, "two", List.of(3.0)))
        .append("nested", new Document("a", new Document("b", List.of(new Document("c", 1)))));
    try (EmbeddedMongo mongo = EmbeddedMongo.start(dir); MongoClient client = MongoClients.create(mongo.connectionString())) {
      client.getDatabase("t").getCollection("c").insertOne(original);
    }
    try (EmbeddedMongo mongo = EmbeddedMongo.start(dir); MongoClient client = MongoClients.create(mongo.connectionString())) {
      assertEquals(original, client.getDatabase("t").getCollection("c").find(Filters.eq("_id", "all")).first());
    }
  }

  @Test
  void aStoreWrittenByTheStockBackendOpensWithItsDocumentsAndUniqueIndexes() {
    MVStore stock = EmbeddedMongo.openStore(dir.resolve("quotient.mv"));
    MongoServer server = new MongoServer(new H2Backend(stock));
    server.bind("127.0.0.1", 0);
    try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
      MongoCollection<Document> c = client.getDatabase("t").getCollection("c");
      c.createIndex(Indexes.ascending("pos"), new IndexOptions().unique(true).sparse(true));
      List<Document> docs = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        docs.add(new Document("_id", "d" + i).append("pos", (long) i).append("at", new Date(1_000L * i)));
      }
      c.insertMany(docs);
    } finally {
      server.shutdownNow();
      stock.close();
    }

    for (int start = 0; start < 2; start++) {
      try (EmbeddedMongo mongo = EmbeddedMongo.start(dir); MongoClient client = MongoClients.create(mongo.connectionString())) {
        MongoCollection<Document> c = client.getDatabase("t").getCollection("c");
        assertEquals(2_000 + start, c.countDocuments());
        assertEquals("d1234", c.find(Filters.eq("pos", 1234L)).first().getString("_id"));
        assertEquals(3, c.find(Filters.in("pos", List.of(5L, 6L, 7L))).into(new ArrayList<>()).size());
        // the unique indexes (the _id and pos) still refuse a duplicate
        MongoWriteException byId = assertThrows(MongoWriteException.class, () -> c.insertOne(new Document("_id", "d7")));
        assertEquals(ErrorCategory.DUPLICATE_KEY, byId.getError().getCategory());
        MongoWriteException byPos = assertThrows(MongoWriteException.class,
            () -> c.insertOne(new Document("_id", "other").append("pos", 7L)));
        assertEquals(ErrorCategory.DUPLICATE_KEY, byPos.getError().getCategory());
        if (start == 0) {
          c.insertOne(new Document("_id", "new").append("pos", 5_000L));
        }
        assertEquals("new", c.find(Filters.eq("pos", 5_000L)).first().getString("_id"));
      }
    }
    MVStore reopened = EmbeddedMongo.openStore(dir.resolve("quotient.mv"));
    try {
      assertFalse(reopened.hasMap("t.c._index_pos_1"), "the stock index map is gone once rebuilt");
      assertTrue(reopened.hasMap("t.c._keyed_index_pos_1"));
      assertTrue(documents(reopened, "databases.t.c").containsKey("new"), "a collection stored by _id stays so");
    } finally {
      reopened.close();
    }
  }

  @Test
  void documentsOfANewCollectionAreKeptInTheOrderAddedAcrossRestarts() {
    List<String> added = new ArrayList<>();
    for (int start = 0; start < 2; start++) {
      try (EmbeddedMongo mongo = EmbeddedMongo.start(dir); MongoClient client = MongoClients.create(mongo.connectionString())) {
        MongoCollection<Document> c = client.getDatabase("t").getCollection("log");
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
          String id = UUID.nameUUIDFromBytes((start + "-" + i).getBytes()).toString();
          added.add(id);
          docs.add(new Document("_id", id).append("n", start * 500 + i));
        }
        c.insertMany(docs);
        // natural order is the order added, as on MongoDB, not the order of the (random) ids
        assertEquals(added, c.find().map(d -> d.getString("_id")).into(new ArrayList<>()));
        assertEquals(start * 500 + 7, c.find(Filters.eq("_id", docs.get(7).getString("_id"))).first().getInteger("n"));
        MongoWriteException again = assertThrows(MongoWriteException.class, () -> c.insertOne(docs.get(3)));
        assertEquals(ErrorCategory.DUPLICATE_KEY, again.getError().getCategory());
      }
    }
    try (EmbeddedMongo mongo = EmbeddedMongo.start(dir); MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> c = client.getDatabase("t").getCollection("log");
      c.updateOne(Filters.eq("_id", added.get(10)), new Document("$set", new Document("n", -1)));
      c.deleteOne(Filters.eq("_id", added.get(11)));
      assertEquals(-1, c.find(Filters.eq("_id", added.get(10))).first().getInteger("n"));
      assertEquals(999, c.countDocuments());
      assertEquals(0, c.countDocuments(Filters.eq("_id", added.get(11))));
    }
    MVStore reopened = EmbeddedMongo.openStore(dir.resolve("quotient.mv"));
    try {
      org.h2.mvstore.MVMap<Object, de.bwaldvogel.mongo.bson.Document> data = documents(reopened, "databases.t.log");
      assertEquals(1L, data.firstKey());
      assertEquals(1_000L, data.lastKey());
    } finally {
      reopened.close();
    }
  }

  private static org.h2.mvstore.MVMap<Object, de.bwaldvogel.mongo.bson.Document> documents(MVStore store, String name) {
    return store.openMap(name, new org.h2.mvstore.MVMap.Builder<Object, de.bwaldvogel.mongo.bson.Document>()
        .valueType(new BsonDocumentType()));
  }

  private static byte[] uuidBytes() {
    UUID u = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    return java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
  }
}
