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

  @Test
  void stringsAreStoredByteForByteAsH2StoresThem() {
    List<String> strings = new ArrayList<>(List.of("", "rep-1", "zażółć gęślą jaźń", "日本語", "emoji \uD83D\uDE00 end",
        "\u007F\u0080\u07FF\u0800\uFFFF", "x".repeat(5_000)));
    java.util.Random random = new java.util.Random(12);
    for (int i = 0; i < 2_000; i++) {
      char[] chars = new char[random.nextInt(40)];
      for (int c = 0; c < chars.length; c++) {
        chars[c] = (char) (random.nextInt(4) == 0 ? random.nextInt(0x10000) : random.nextInt(0x80));
      }
      strings.add(new String(chars));
    }
    for (String s : strings) {
      WriteBuffer ours = new WriteBuffer();
      CompactKeys.putString(ours, s);
      WriteBuffer h2 = new WriteBuffer();
      h2.putVarInt(s.length()).putStringData(s, s.length());
      ByteBuffer written = ours.getBuffer().flip();
      assertEquals(h2.getBuffer().flip(), written, s);
      assertEquals(s, CompactKeys.readString(written, org.h2.mvstore.DataUtils.readVarInt(written)));
      assertEquals(0, written.remaining());
    }
  }

  @Test
  void comparesInTheBackendsOrder() {
    List<Object> values = Arrays.asList(null, "", "a", "ab", "b", "Z", "ż", "日", 1, 2L, 2.5, -0.0, 0.0, 0, 3.0, -1.5, 1e12, -1e12,
        2147483647.5, 2147483648.0, -2147483648.0, Double.NaN, Double.POSITIVE_INFINITY, true, false,
        Instant.parse("2026-03-01T10:15:30Z"), Instant.parse("2026-03-01T10:15:30.001Z"), Instant.EPOCH,
        new ObjectId(), new Document("a", 1));
    de.bwaldvogel.mongo.backend.ValueComparator order = de.bwaldvogel.mongo.backend.ValueComparator.ascWithoutListHandling();
    for (Object a : values) {
      for (Object b : values) {
        assertEquals(Integer.signum(order.compare(a, b)), Integer.signum(KeyValueType.compareValues(a, b)), a + " " + b);
      }
    }
  }

  @Test
  void plainDocumentsGetTheBackendsIndexKeys() {
    List<String> fields = List.of("orgId", "seq", "at", "flag");
    StockIndex stock = new StockIndex(fields);
    List<Document> documents = List.of(
        new Document("orgId", "o1").append("seq", 5L).append("at", Instant.EPOCH).append("flag", true),
        new Document("orgId", "o1").append("seq", 7).append("at", null),
        new Document("orgId", "o1").append("seq", -0.0).append("flag", false),
        new Document("orgId", new ObjectId()).append("seq", Long.MAX_VALUE - 1),
        new Document("other", 1));
    for (Document d : documents) {
      KeyValue plain = IndexWalk.plainKey(d, fields);
      assertEquals(stock.getKeyValues(d), java.util.Set.of(IndexWalk.normalized(plain)), d.toString());
    }
    // arrays, documents and dotted paths take the backend's own path
    assertEquals(null, IndexWalk.plainKey(new Document("orgId", List.of("a", "b")), fields));
    assertEquals(null, IndexWalk.plainKey(new Document("orgId", new Document("x", 1)), fields));
    assertEquals(null, IndexWalk.plainKey(new Document("a", new Document("b", 1)), List.of("a.b")));
  }

  /** The backend's own key extraction, to compare with. */
  private static final class StockIndex extends de.bwaldvogel.mongo.backend.Index<Object> {
    StockIndex(List<String> fields) {
      super("stock", fields.stream().map(f -> new de.bwaldvogel.mongo.backend.IndexKey(f, true)).toList(), false);
    }

    @Override public Object getPosition(Document document) { throw new UnsupportedOperationException(); }
    @Override public void checkAdd(Document d, de.bwaldvogel.mongo.MongoCollection<Object> c) { throw new UnsupportedOperationException(); }
    @Override public void add(Document d, Object p, de.bwaldvogel.mongo.MongoCollection<Object> c) { throw new UnsupportedOperationException(); }
    @Override public Object remove(Document document) { throw new UnsupportedOperationException(); }
    @Override public boolean canHandle(Document query) { return false; }
    @Override public Iterable<Object> getPositions(Document query) { throw new UnsupportedOperationException(); }
    @Override public long getCount() { return 0; }
    @Override public long getDataSize() { return 0; }
    @Override public void checkUpdate(Document o, Document n, de.bwaldvogel.mongo.MongoCollection<Object> c) { throw new UnsupportedOperationException(); }
    @Override public void updateInPlace(Document o, Document n, Object p, de.bwaldvogel.mongo.MongoCollection<Object> c) { throw new UnsupportedOperationException(); }
    @Override public void drop() {}
  }

  private ByteBuffer written(KeyValue key) {
    WriteBuffer buff = new WriteBuffer();
    type.write(buff, key);
    return buff.getBuffer().flip();
  }
}
