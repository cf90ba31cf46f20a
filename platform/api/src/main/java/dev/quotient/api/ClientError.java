package dev.quotient.api;

import java.util.Objects;

/**
 * A request the caller must change: answered with its HTTP status (4xx) and an RFC 9457 problem
 * document whose detail is the message looked up with {@code messageKey} in the caller's language.
 * System failures are any other exception and answer 500 without details.
 */
public class ClientError extends RuntimeException {

  private final int status;
  private final String messageKey;
  private final transient Object[] args;

  public ClientError(int status, String messageKey, Object... args) {
    super(messageKey, null, false, false);
    if (status < 400 || status > 499) {
      throw new IllegalArgumentException("a client error has a 4xx status: " + status);
    }
    this.status = status;
    this.messageKey = Objects.requireNonNull(messageKey, "messageKey");
    this.args = args.clone();
  }

  public int status() {
    return status;
  }

  /** Key of the message bundle entry that explains the problem. */
  public String messageKey() {
    return messageKey;
  }

  public Object[] args() {
    return args.clone();
  }

  public static ClientError badRequest(String messageKey, Object... args) {
    return new ClientError(400, messageKey, args);
  }

  public static ClientError notFound(String messageKey, Object... args) {
    return new ClientError(404, messageKey, args);
  }

  public static ClientError forbidden(String messageKey, Object... args) {
    return new ClientError(403, messageKey, args);
  }

  public static ClientError conflict(String messageKey, Object... args) {
    return new ClientError(409, messageKey, args);
  }
}
