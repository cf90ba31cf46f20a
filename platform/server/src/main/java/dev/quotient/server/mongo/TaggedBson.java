package dev.quotient.server.mongo;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.h2.mvstore.WriteBuffer;

/**
 * A stored value as BSON behind a tag byte no {@code ObjectDataType} value starts with (its last tag
 * is 119), so values written the old way still read through the old type.
 */
final class TaggedBson {

  static final byte TAG = 0x7E;

  private TaggedBson() {}

  /** Writes the document as tagged BSON; false (nothing written) when BSON cannot hold a value of it. */
  static boolean write(WriteBuffer buff, Document document) {
    ByteBuf bson = Unpooled.buffer(256);
    try {
      BsonEncoder.encodeDocument(document, bson);
    } catch (RuntimeException e) {
      return false;
    }
    buff.put(TAG).put(bson.array(), bson.arrayOffset() + bson.readerIndex(), bson.readableBytes());
    return true;
  }

  /** True when the value at the buffer's position was written by {@link #write}. */
  static boolean at(ByteBuffer buff) {
    return buff.get(buff.position()) == TAG;
  }

  /** Reads a value {@link #at} the buffer's position and moves past it. */
  static Document read(ByteBuffer buff) {
    int at = buff.position();
    int length = buff.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(at + 1);
    ByteBuffer bson = buff.duplicate();
    bson.position(at + 1).limit(at + 1 + length);
    Document document = BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
    buff.position(at + 1 + length);
    return document;
  }
}
