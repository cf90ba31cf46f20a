package dev.quotient.server.activity;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/** A listing position: the last item's time and {@code seq}, opaque to callers (base64url). */
public record Cursor(Instant occurredAt, long seq) {

  public String encode() {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((occurredAt.toEpochMilli() + "." + seq).getBytes(StandardCharsets.US_ASCII));
  }

  /** Empty when the text is not a cursor this server wrote. */
  public static Optional<Cursor> decode(String text) {
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII).split("\\.");
      if (parts.length != 2) {
        return Optional.empty();
      }
      return Optional.of(new Cursor(Instant.ofEpochMilli(Long.parseLong(parts[0])), Long.parseLong(parts[1])));
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      return Optional.empty();
    }
  }
}
