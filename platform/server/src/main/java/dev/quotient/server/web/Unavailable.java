package dev.quotient.server.web;

import java.util.Objects;

/**
 * The server cannot take this request now, though it is correct: answered 503 with a {@code
 * Retry-After} header and an RFC 9457 problem whose detail is the message of {@code messageKey}
 * ({@link Problems}). Nothing was changed by the refused request.
 */
public final class Unavailable extends RuntimeException {

  private final String messageKey;
  private final transient Object[] args;
  private final int retryAfterSeconds;

  public Unavailable(int retryAfterSeconds, String messageKey, Object... args) {
    super(messageKey, null, false, false);
    if (retryAfterSeconds < 1) {
      throw new IllegalArgumentException("retry after at least a second: " + retryAfterSeconds);
    }
    this.messageKey = Objects.requireNonNull(messageKey, "messageKey");
    this.args = args.clone();
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public String messageKey() {
    return messageKey;
  }

  public Object[] args() {
    return args.clone();
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
