package dev.quotient.plugin.mentoring.matching;

import java.util.List;

/**
 * How well a mentor fits a mentee: {@code score} from 0 to {@value #MAX}, and the reasons.
 */
public record Fit(int score, List<Reason> reasons) {

  public static final int MAX = 1000;

  public Fit {
    if (score < 0 || score > MAX) {
      throw new IllegalArgumentException("score out of range: " + score);
    }
    reasons = List.copyOf(reasons);
  }
}
