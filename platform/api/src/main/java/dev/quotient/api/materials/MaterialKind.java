package dev.quotient.api.materials;

import java.util.Locale;

/** What an item of the library is for. */
public enum MaterialKind {
  WORKSHEET,
  COACHING_SHEET,
  RECORDED_SESSION,
  REINFORCEMENT,
  OTHER;

  /** The lower-case, dashed name used in the API and in URLs: {@code coaching-sheet}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses a {@link #key()}; throws {@link IllegalArgumentException} for anything else. */
  public static MaterialKind parse(String key) {
    return valueOf(key.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
