package dev.quotient.server.mongo;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * Index keys ordered by MongoDB's order of values and stored as BSON. The backend's default key type
 * cannot compare a {@code KeyValue} (it is not {@code Comparable}), so it serialized both keys with
 * {@code ObjectOutputStream} on every comparison of every index lookup and insert.
 *
 * <p>Keys compare by their values in turn (MongoDB's order, without the special handling of arrays
 * that queries use), then by their number of values. Stored as {@link CompactKeys} when every value is
 * a plain one, else as {@link TaggedBson}; a key BSON cannot hold is written the old way.
 */
final class KeyValueType extends BasicDataType<KeyValue> {

  private static final ValueComparator ORDER = ValueComparator.ascWithoutListHandling();

  private static final double INT_RANGE = 2147483648.0;

  private final ObjectDataType legacy = new ObjectDataType();

  @Override
  public int compare(KeyValue a, KeyValue b) {
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      int c = compareValues(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  /**
   * MongoDB's order of two values. Two strings, two dates or two small doubles compare as the backend's comparator would
   * after its type checks, so they skip them: every lookup and insert compares a key with about ten
   * others on its way down each index.
   */
  static int compareValues(Object a, Object b) {
    if (a instanceof String s && b instanceof String t) {
      return s.compareTo(t);
    }
    if (a instanceof java.time.Instant s && b instanceof java.time.Instant t) {
      return s.compareTo(t);
    }
    // Stored numbers are doubles (the backend's normalisation). Within the int range it compares them
    // as their values, with -0.0 equal to 0.0; past it, its order of longs and doubles has its own ties.
    if (a instanceof Double x && b instanceof Double y && Math.abs(x) < INT_RANGE && Math.abs(y) < INT_RANGE) {
      return x.doubleValue() == y.doubleValue() ? 0 : Double.compare(x, y);
    }
    return ORDER.compare(a, b);
  }

  @Override
  public int getMemory(KeyValue key) {
    int n = 48;
    for (Object v : key) {
      n += v instanceof String s ? 48 + s.length() : 32;
    }
    return n;
  }

  @Override
  public void write(WriteBuffer buff, KeyValue key) {
    if (CompactKeys.write(buff, key)) {
      return;
    }
    List<Object> values = new ArrayList<>(key.size());
    key.forEach(values::add);
    if (!TaggedBson.write(buff, new Document("k", values))) {
      legacy.write(buff, key);
    }
  }

  @Override
  public KeyValue read(ByteBuffer buff) {
    if (CompactKeys.at(buff)) {
      return CompactKeys.read(buff);
    }
    return TaggedBson.at(buff) ? new KeyValue((List<?>) TaggedBson.read(buff).get("k")) : (KeyValue) legacy.read(buff);
  }

  @Override
  public KeyValue[] createStorage(int size) {
    return new KeyValue[size];
  }
}
