package dev.quotient.server.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.Writer;
import java.nio.CharBuffer;

/**
 * A writer that encodes what it is given straight into a UTF-8 buffer, for a page's body: rendered into a
 * string, a 56 kB dashboard was a growing builder, the string and then its bytes, and those copies were
 * most of what a view allocated (ten young collections a second under load).
 */
final class Utf8Writer extends Writer {

  private final ByteBuf out;
  /** A high surrogate written by itself, waiting for its low half. */
  private char high;

  Utf8Writer(int capacity) {
    this.out = Unpooled.buffer(capacity);
  }

  /** What was written, as UTF-8. */
  ByteBuf bytes() {
    flushHigh();
    return out;
  }

  @Override
  public void write(int c) {
    char ch = (char) c;
    if (Character.isHighSurrogate(ch)) {
      flushHigh();
      high = ch;
    } else if (high != 0 && Character.isLowSurrogate(ch)) {
      ByteBufUtil.writeUtf8(out, new String(new char[] {high, ch}));
      high = 0;
    } else {
      flushHigh();
      ByteBufUtil.writeUtf8(out, String.valueOf(ch));
    }
  }

  @Override
  public void write(String s) {
    flushHigh();
    ByteBufUtil.writeUtf8(out, s);
  }

  @Override
  public void write(String s, int off, int len) {
    flushHigh();
    ByteBufUtil.writeUtf8(out, s, off, off + len);
  }

  @Override
  public void write(char[] chars, int off, int len) {
    flushHigh();
    ByteBufUtil.writeUtf8(out, CharBuffer.wrap(chars, off, len));
  }

  @Override
  public Writer append(CharSequence s) {
    flushHigh();
    ByteBufUtil.writeUtf8(out, s == null ? "null" : s);
    return this;
  }

  @Override
  public Writer append(CharSequence s, int start, int end) {
    flushHigh();
    ByteBufUtil.writeUtf8(out, s == null ? "null" : s, start, end);
    return this;
  }

  @Override
  public void flush() {
    // nothing buffered outside the bytes
  }

  @Override
  public void close() {
    flushHigh();
  }

  private void flushHigh() {
    if (high != 0) {
      ByteBufUtil.writeUtf8(out, String.valueOf(high));
      high = 0;
    }
  }
}
