package dev.quotient.server.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

/** Plugins read stored documents exactly as the text round trip gave them, value type for value type. */
class StoredJsonTest {

  @Test
  void aStoredDocumentReadsAsItsJsonText() {
    Document d = new Document("_id", "plan-1").append("int", 7).append("smallLong", 7L).append("bigLong", 7L << 40)
        .append("double", 2.5).append("whole", 3.0).append("nan", Double.NaN).append("bool", true)
        .append("none", null).append("text", "zażółć \"quoted\"\n")
        .append("date", new Date(1_796_000_000_000L)).append("old", new Date(-86_400_000L))
        .append("id", new ObjectId("65f000000000000000000001"))
        .append("decimal", new Decimal128(new java.math.BigDecimal("12.345")))
        .append("list", Arrays.asList(1, 2L, "three", null, List.of(4.5), new Document("k", 5L)))
        .append("nested", new Document("a", new Document("b", List.of(new Document("c", 1)))));
    JsonObject expected = new JsonObject(d.toJson());
    JsonObject actual = MongoContentStore.json(d);
    assertEquals(expected, actual);
    assertEquals(expected.encode(), actual.encode(), "the same text, key order and number forms included");
    assertEquals(Integer.class, actual.getValue("smallLong").getClass());
    assertEquals(Long.class, actual.getValue("bigLong").getClass());
  }
}
