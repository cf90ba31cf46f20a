package dev.quotient.server.mongo;

import de.bwaldvogel.mongo.bson.Document;
import java.nio.ByteBuffer;
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
 * <p>Values are {@link TaggedBson}, so pages written before this type existed still read through the
 * old type, and a value BSON cannot hold (none a client can send) is written the old way.
 */
final class BsonDocumentType extends BasicDataType<Document> {

  private final ObjectDataType legacy = new ObjectDataType();

  @Override
  public int getMemory(Document document) {
    return estimate(document, 0);
  }

  @Override
  public void write(WriteBuffer buff, Document document) {
    if (!TaggedBson.write(buff, document)) {
      legacy.write(buff, document);
    }
  }

  @Override
  public Document read(ByteBuffer buff) {
    return TaggedBson.at(buff) ? TaggedBson.read(buff) : (Document) legacy.read(buff);
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
