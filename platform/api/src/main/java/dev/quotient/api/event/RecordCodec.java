package dev.quotient.api.event;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Codec of one catalogue record: the record itself within a JVM (records are immutable, so no
 * copy), JSON between cluster nodes. Registered by the platform for every catalogue type.
 */
public final class RecordCodec<T extends Record> implements MessageCodec<T, T> {

  private final Class<T> type;

  public RecordCodec(Class<T> type) {
    this.type = Objects.requireNonNull(type, "type");
  }

  @Override
  public void encodeToWire(Buffer buffer, T value) {
    Buffer json = JsonObject.mapFrom(value).toBuffer();
    buffer.appendInt(json.length()).appendBuffer(json);
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    Buffer json = buffer.getBuffer(pos + 4, pos + 4 + length);
    return new JsonObject(json).mapTo(type);
  }

  @Override
  public T transform(T value) {
    return value;
  }

  @Override
  public String name() {
    return "quotient." + type.getName();
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
