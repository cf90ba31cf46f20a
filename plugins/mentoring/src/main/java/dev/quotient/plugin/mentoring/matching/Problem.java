package dev.quotient.plugin.mentoring.matching;

/**
 * A matching round as numbers: {@code score[i][j]} is the fit of mentor j for mentee i (0 to
 * {@link Fit#MAX}), or {@link #FORBIDDEN} where the pair may not be made (same reporting line, a
 * leader's ban, a past pair, an opted-out mentor); {@code capacity[j]} is how many mentees mentor j
 * may take in this round.
 */
public record Problem(int[][] score, int[] capacity) {

  public static final int FORBIDDEN = -1;

  public Problem {
    for (int c : capacity) {
      if (c < 0) {
        throw new IllegalArgumentException("capacity below zero");
      }
    }
    for (int[] row : score) {
      if (row.length != capacity.length) {
        throw new IllegalArgumentException("one score per mentor in every row");
      }
    }
  }

  public int mentees() {
    return score.length;
  }

  public int mentors() {
    return capacity.length;
  }
}
