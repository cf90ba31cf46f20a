package dev.quotient.server.mongo;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
 * that queries use), then by their number of values. A key BSON cannot hold is written the old way
 * behind another tag.
 */
final class KeyValueType extends BasicDataType<KeyValue> {

  private static final ValueComparator ORDER = ValueComparator.ascWithoutListHandling();

  private final ObjectDataType legacy = new ObjectDataType();

  @Override
  public int compare(KeyValue a, KeyValue b) {
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      int c = ORDER.compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
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
    ByteBuf bson = Unpooled.buffer(64);
    try {
      List<Object> values = new ArrayList<>(key.size());
      key.forEach(values::add);
      BsonEncoder.encodeDocument(new Document("k", values), bson);
    } catch (RuntimeException e) {
      legacy.write(buff, key);
      return;
    }
    buff.put(BsonDocumentType.TAG).put(bson.array(), bson.arrayOffset() + bson.readerIndex(), bson.readableBytes());
  }

  @Override
  public KeyValue read(ByteBuffer buff) {
    int at = buff.position();
    if (buff.get(at) != BsonDocumentType.TAG) {
      return (KeyValue) legacy.read(buff);
    }
    int length = buff.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(at + 1);
    ByteBuffer bson = buff.duplicate();
    bson.position(at + 1).limit(at + 1 + length);
    Document document = BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
    buff.position(at + 1 + length);
    return new KeyValue((List<?>) document.get("k"));
  }

  @Override
  public KeyValue[] createStorage(int size) {
    return new KeyValue[size];
  }
}
