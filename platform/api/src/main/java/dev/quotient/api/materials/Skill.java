package dev.quotient.api.materials;

import java.util.Locale;

/**
 * A sub-skill of the IQ/EQ/BQ benchmark an item serves. Each belongs to exactly one {@link Area}, so
 * the sub-skill alone names both.
 */
public enum Skill {
  PRODUCT_KNOWLEDGE(Area.IQ),
  INDUSTRY_KNOWLEDGE(Area.IQ),
  SELF_AWARENESS(Area.EQ),
  EMPATHY(Area.EQ),
  ASSERTIVENESS(Area.EQ),
  MINDSET(Area.BQ),
  READINESS(Area.BQ),
  EXECUTION(Area.BQ);

  /** The three benchmark areas: knowledge (IQ), emotional skills (EQ), behaviour (BQ). */
  public enum Area {
    IQ, EQ, BQ;

    /** Parses {@code iq} or {@code IQ}; throws {@link IllegalArgumentException} otherwise. */
    public static Area parse(String value) {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
  }

  private final Area area;

  Skill(Area area) {
    this.area = area;
  }

  public Area area() {
    return area;
  }

  /** The lower-case, dashed name used in the API: {@code product-knowledge}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses a {@link #key()}; throws {@link IllegalArgumentException} for anything else. */
  public static Skill parse(String key) {
    return valueOf(key.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
