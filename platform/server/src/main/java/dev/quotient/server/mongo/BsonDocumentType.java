package dev.quotient.server.mongo;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collection;
import java.util.Map;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * Stored documents as BSON instead of Java serialization. The H2 backend's default value type writes
 * each document with {@code ObjectOutputStream}, which took most of the embedded store's CPU (profiles of
 * ingest: four fifths of the samples in serialization and deserialization). BSON is what the documents
 * arrived as over the wire, so every value a client can store survives it.
 *
 * <p>Each value starts with a tag byte no {@link ObjectDataType} value starts with (its last tag is
 * 119), so pages written before this type existed still read through the old type, and a value BSON
 * cannot hold (none a client can send) is written the old way.
 */
final class BsonDocumentType extends BasicDataType<Document> {

  static final byte TAG = 0x7E;

  private final ObjectDataType legacy = new ObjectDataType();

  @Override
  public int getMemory(Document document) {
    return estimate(document, 0);
  }

  @Override
  public void write(WriteBuffer buff, Document document) {
    ByteBuf bson = Unpooled.buffer(256);
    try {
      BsonEncoder.encodeDocument(document, bson);
    } catch (RuntimeException e) {
      legacy.write(buff, document);
      return;
    }
    buff.put(TAG).put(bson.array(), bson.arrayOffset() + bson.readerIndex(), bson.readableBytes());
  }

  @Override
  public Document read(ByteBuffer buff) {
    int at = buff.position();
    if (buff.get(at) != TAG) {
      return (Document) legacy.read(buff);
    }
    int length = buff.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(at + 1);
    ByteBuffer bson = buff.duplicate();
    bson.position(at + 1).limit(at + 1 + length);
    Document document = BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
    buff.position(at + 1 + length);
    return document;
  }

  @Override
  public Document[] createStorage(int size) {
    return new Document[size];
  }

  /**
   * A cheap estimate of the bytes a document holds in memory: the store splits pages and commits by it,
   * so it must not miss anything large.
   */
  private static int estimate(Object value, int depth) {
    if (depth > 20) {
      return 16;
    }
    if (value instanceof Map<?, ?> map) {
      int n = 48;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        n += 40 + 2 * String.valueOf(e.getKey()).length() + estimate(e.getValue(), depth + 1);
      }
      return n;
    }
    if (value instanceof Collection<?> items) {
      int n = 40;
      for (Object item : items) {
        n += 8 + estimate(item, depth + 1);
      }
      return n;
    }
    if (value instanceof String s) {
      return 40 + s.length();
    }
    // Uploaded files' chunks: an estimate that missed their bytes let a page gather hundreds of them
    // before the store wrote it (one write buffer of their sum, on a small heap).
    if (value instanceof de.bwaldvogel.mongo.bson.BinData bin) {
      return 32 + bin.getData().length;
    }
    if (value instanceof byte[] bytes) {
      return 16 + bytes.length;
    }
    return 24;
  }
}
