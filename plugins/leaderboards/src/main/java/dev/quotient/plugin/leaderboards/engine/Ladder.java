package dev.quotient.plugin.leaderboards.engine;

import java.util.Locale;
import java.util.Optional;

/** The overall ladder and one per skill area (IQ, EQ, BQ): a credit counts on the ladders of its areas. */
public enum Ladder {
  OVERALL, IQ, EQ, BQ;

  public String key() {
    return this == OVERALL ? "overall" : name();
  }

  public static Optional<Ladder> parse(String key) {
    if (key == null) {
      return Optional.empty();
    }
    for (Ladder l : values()) {
      if (l.key().equalsIgnoreCase(key)) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }

  /** The ladder of a skill area name, if it is one. */
  public static Optional<Ladder> ofArea(String area) {
    return area == null || "overall".equalsIgnoreCase(area) ? Optional.empty() : parse(area.toUpperCase(Locale.ROOT));
  }
}
