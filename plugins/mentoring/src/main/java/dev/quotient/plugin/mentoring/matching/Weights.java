package dev.quotient.plugin.mentoring.matching;

/**
 * How much each part of the fit counts (an organisation may change them; any non-negative integers,
 * not all zero). Gap coverage comes first by default.
 */
public record Weights(int coverage, int availability, int zone, int language) {

  public static final Weights DEFAULT = new Weights(70, 15, 10, 5);

  public Weights {
    if (coverage < 0 || availability < 0 || zone < 0 || language < 0) {
      throw new IllegalArgumentException("weights are not negative");
    }
    if (coverage + availability + zone + language == 0) {
      throw new IllegalArgumentException("at least one weight above zero");
    }
  }

  int sum() {
    return coverage + availability + zone + language;
  }
}
