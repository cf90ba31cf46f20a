package dev.quotient.server.mongo;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;

/**
 * Index keys of plain values (strings, numbers, booleans, dates, object ids, null) written straight into
 * the page buffer behind their own tag. Every commit writes every key of every index page it touched, and
 * through a BSON document each key cost a map, a growing buffer and a copy: profiles of durable ingest
 * spent most of the store's serialization thread there. Values keep their exact types when read back.
 */
final class CompactKeys {

  /** Below {@link TaggedBson#TAG} and above every tag of {@code ObjectDataType} (its last is 119). */
  static final byte TAG = 0x7D;

  private static final byte NULL = 0;
  private static final byte STRING = 1;
  private static final byte INT = 2;
  private static final byte LONG = 3;
  private static final byte DOUBLE = 4;
  private static final byte TRUE = 5;
  private static final byte FALSE = 6;
  private static final byte DATE = 7;
  private static final byte OBJECT_ID = 8;

  private CompactKeys() {}

  /** Writes the key; false (nothing written) when one of its values is not a plain one. */
  static boolean write(WriteBuffer buff, KeyValue key) {
    for (Object v : key) {
      if (!(v == null || v instanceof String || v instanceof Integer || v instanceof Long || v instanceof Double
          || v instanceof Boolean || v instanceof Instant t && t.getNano() % 1_000_000 == 0 || v instanceof ObjectId)) {
        return false;
      }
    }
    buff.put(TAG).putVarInt(key.size());
    for (Object v : key) {
      if (v == null) {
        buff.put(NULL);
      } else if (v instanceof String s) {
        putString(buff.put(STRING), s);
      } else if (v instanceof Integer i) {
        buff.put(INT).putInt(i);
      } else if (v instanceof Long l) {
        buff.put(LONG).putLong(l);
      } else if (v instanceof Double d) {
        buff.put(DOUBLE).putDouble(d);
      } else if (v instanceof Boolean b) {
        buff.put(b ? TRUE : FALSE);
      } else if (v instanceof Instant t) {
        buff.put(DATE).putLong(t.toEpochMilli());
      } else {
        buff.put(OBJECT_ID).put(((ObjectId) v).toByteArray());
      }
    }
    return true;
  }

  /**
   * Writes a string as H2's {@code putStringData} does (its length in chars, then each char below 0x80 as
   * one byte, others as two or three): an ASCII string is its bytes, copied at once. H2 writes char by
   * char, and that loop was a tenth of durable ingest, since every commit rewrites each touched index page.
   */
  static void putString(WriteBuffer buff, String s) {
    int length = s.length();
    buff.putVarInt(length);
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    if (utf8.length == length && !replaced(utf8, s)) {
      buff.put(utf8);
    } else {
      buff.putStringData(s, length);
    }
  }

  /** True when the encoder put '?' for a char it could not encode (a lone surrogate), not for a '?'. */
  private static boolean replaced(byte[] utf8, String s) {
    for (int i = 0; i < utf8.length; i++) {
      if (utf8[i] == '?' && s.charAt(i) != '?') {
        return true;
      }
    }
    return false;
  }

  /** Reads what {@link #putString} wrote after the length: ASCII bytes at once, else H2's own reader. */
  static String readString(ByteBuffer buff, int length) {
    if (buff.hasArray() && buff.remaining() >= length) {
      byte[] array = buff.array();
      int from = buff.arrayOffset() + buff.position();
      boolean ascii = true;
      for (int i = from; i < from + length; i++) {
        if (array[i] < 0) {
          ascii = false;
          break;
        }
      }
      if (ascii) {
        buff.position(buff.position() + length);
        return new String(array, from, length, StandardCharsets.ISO_8859_1);
      }
    }
    return DataUtils.readString(buff, length);
  }

  /** True when the value at the buffer's position was written by {@link #write}. */
  static boolean at(ByteBuffer buff) {
    return buff.get(buff.position()) == TAG;
  }

  /** Reads a key {@link #at} the buffer's position and moves past it. */
  static KeyValue read(ByteBuffer buff) {
    buff.get();
    int n = DataUtils.readVarInt(buff);
    List<Object> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte type = buff.get();
      values.add(switch (type) {
        case NULL -> null;
        case STRING -> readString(buff, DataUtils.readVarInt(buff));
        case INT -> buff.getInt();
        case LONG -> buff.getLong();
        case DOUBLE -> buff.getDouble();
        case TRUE -> Boolean.TRUE;
        case FALSE -> Boolean.FALSE;
        case DATE -> Instant.ofEpochMilli(buff.getLong());
        case OBJECT_ID -> {
          byte[] id = new byte[12];
          buff.get(id);
          yield new ObjectId(id);
        }
        default -> throw new IllegalStateException("unknown key value type " + type);
      });
    }
    return new KeyValue(values);
  }
}
