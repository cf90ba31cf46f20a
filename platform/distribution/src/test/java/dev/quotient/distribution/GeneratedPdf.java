package dev.quotient.distribution;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A PDF of the given size made up on the fly (header, pseudo-random bytes, trailer), hashed as it is
 * read: nothing of it is kept.
 */
public final class GeneratedPdf extends InputStream {
  private static final byte[] HEAD = "%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] TAIL = "\n%%EOF\n".getBytes(StandardCharsets.ISO_8859_1);
  private final long size;
  private final MessageDigest digest;
  private long position;
  private long state;

  public GeneratedPdf(long size, long seed) {
    this.size = size;
    this.state = seed == 0 ? 1 : seed;
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (position >= size) {
      return -1;
    }
    int n = (int) Math.min(len, size - position);
    for (int i = 0; i < n; i++) {
      long p = position + i;
      byte value;
      if (p < HEAD.length) {
        value = HEAD[(int) p];
      } else if (p >= size - TAIL.length) {
        value = TAIL[(int) (p - (size - TAIL.length))];
      } else {
        state ^= state << 13;
        state ^= state >>> 7;
        state ^= state << 17;
        value = (byte) state;
      }
      b[off + i] = value;
    }
    digest.update(b, off, n);
    position += n;
    return n;
  }

  /** SHA-256 of everything read so far. */
  public byte[] digest() {
    return digest.digest();
  }
}
