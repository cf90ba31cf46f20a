package dev.quotient.plugin.leaderboards.engine;

import java.util.Locale;
import java.util.Optional;

/** Who is ranked: each rep, or each team by the sum of its members' points. */
public enum Scope {
  INDIVIDUAL, TEAM;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Scope> parse(String key) {
    for (Scope s : values()) {
      if (s.key().equals(key)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
