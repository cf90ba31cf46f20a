package dev.quotient.api;

import java.util.Locale;

/** What a user may do in an organisation. A user may hold several roles. */
public enum Role {
  REP,
  MENTOR,
  TRAINER,
  LEADER,
  ADMIN;

  /** Parses {@code "leader"} or {@code "LEADER"}; throws {@link IllegalArgumentException} otherwise. */
  public static Role parse(String value) {
    return valueOf(value.trim().toUpperCase(Locale.ROOT));
  }

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
