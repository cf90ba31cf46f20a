package dev.quotient.server.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.Test;

/** Index keys read back exactly as written, whichever of the three stored forms a key took. */
class KeyValueTypeTest {

  private final KeyValueType type = new KeyValueType();

  @Test
  void plainKeysAreWrittenCompactlyAndReadBackWithTheirTypes() {
    List<KeyValue> keys = List.of(new KeyValue("zażółć"), new KeyValue(7), new KeyValue(7L << 40), new KeyValue(-0.0),
        new KeyValue(true, false), new KeyValue(Instant.parse("2026-03-01T10:15:30.123Z")),
        new KeyValue(new ObjectId()), new KeyValue(Arrays.asList(null, "", 3, 4L, 5.5)));
    for (KeyValue key : keys) {
      ByteBuffer stored = written(key);
      assertEquals(CompactKeys.TAG, stored.get(0), key.toString());
      KeyValue read = type.read(stored);
      assertEquals(key, read);
      for (int i = 0; i < key.size(); i++) {
        Object v = key.get(i);
        assertEquals(v == null ? null : v.getClass(), read.get(i) == null ? null : read.get(i).getClass());
      }
      assertEquals(0, stored.remaining(), "reads exactly what was written");
    }
  }

  @Test
  void keysWithOtherValuesKeepTheirEarlierForms() {
    KeyValue nested = new KeyValue("a", new Document("b", 1));
    ByteBuffer bson = written(nested);
    assertEquals(TaggedBson.TAG, bson.get(0));
    assertEquals(nested, type.read(bson));

    KeyValue submillis = new KeyValue(Instant.parse("2026-03-01T10:15:30.123456Z"));
    assertEquals(TaggedBson.TAG, written(submillis).get(0));
  }

  @Test
  void keysStoredBeforeTheCompactFormStillRead() {
    KeyValue key = new KeyValue("rep-1", 42L);
    WriteBuffer buff = new WriteBuffer();
    TaggedBson.write(buff, new Document("k", new ArrayList<>(List.of("rep-1", 42L))));
    assertEquals(key, type.read(buff.getBuffer().flip()));
  }

  private ByteBuffer written(KeyValue key) {
    WriteBuffer buff = new WriteBuffer();
    type.write(buff, key);
    return buff.getBuffer().flip();
  }
}
