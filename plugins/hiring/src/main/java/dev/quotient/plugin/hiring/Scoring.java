package dev.quotient.plugin.hiring;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The numbers of a comparison, kept free of storage and web so they can be checked by hand.
 *
 * <p>Per area, over the interviewers who submitted: the mean, the spread (highest minus lowest score:
 * how far the interviewers disagree) and the standard deviation. The weighted total is the
 * weight-averaged mean on the same 1-5 scale as the ideal's weighted total, so both read alike; an
 * area is a gap when its mean is below the ideal level.
 */
final class Scoring {

  private Scoring() {}

  /** One area of the ideal-candidate matrix. */
  record Ideal(int level, double weight) {
    Ideal {
      if (level < 1 || level > 5 || weight < 0 || Double.isNaN(weight)) {
        throw new IllegalArgumentException("level 1-5 and weight >= 0");
      }
    }
  }

  /** One area's statistics over the interviewers' scores. */
  record AreaStats(double mean, int spread, double sd, int min, int max, int count, double gap, boolean belowIdeal) {}

  /**
   * A candidate's result; {@code areas} is empty and the totals NaN when nobody has scored them yet.
   *
   * @param fit how much of the ideal is met, 0-100: each area's mean capped at its ideal, weight-averaged
   */
  record Result(Map<Area, AreaStats> areas, double weightedTotal, double idealTotal, double fit, int scorecards) {
    boolean scored() {
      return scorecards > 0;
    }
  }

  /**
   * Scores a candidate.
   *
   * @param scorecards each interviewer's scores, one map per scorecard (every area present, 1-5)
   */
  static Result score(Map<Area, Ideal> ideal, List<Map<Area, Integer>> scorecards) {
    double weights = ideal.values().stream().mapToDouble(Ideal::weight).sum();
    double idealTotal = weights == 0 ? Double.NaN : ideal.entrySet().stream()
        .mapToDouble(e -> e.getValue().weight() * e.getValue().level()).sum() / weights;
    if (scorecards.isEmpty()) {
      return new Result(Map.of(), Double.NaN, round(idealTotal), Double.NaN, 0);
    }
    Map<Area, AreaStats> areas = new EnumMap<>(Area.class);
    double total = 0;
    double fit = 0;
    for (Area a : Area.ALL) {
      List<Integer> scores = new ArrayList<>();
      scorecards.forEach(s -> scores.add(s.get(a)));
      int min = scores.stream().mapToInt(Integer::intValue).min().orElseThrow();
      int max = scores.stream().mapToInt(Integer::intValue).max().orElseThrow();
      double mean = scores.stream().mapToInt(Integer::intValue).average().orElseThrow();
      double variance = scores.stream().mapToDouble(s -> (s - mean) * (s - mean)).sum() / scores.size();
      Ideal i = ideal.get(a);
      areas.put(a, new AreaStats(round(mean), max - min, round(Math.sqrt(variance)), min, max, scores.size(),
          round(mean - i.level()), mean < i.level()));
      total += i.weight() * mean;
      fit += i.weight() * Math.min(mean, i.level()) / i.level();
    }
    return weights == 0
        ? new Result(areas, Double.NaN, Double.NaN, Double.NaN, scorecards.size())
        : new Result(areas, round(total / weights), round(idealTotal), round(100 * fit / weights), scorecards.size());
  }

  /** Two decimals, half up: what the page shows and the API returns. */
  static double round(double v) {
    return Double.isNaN(v) ? v : Math.round(v * 100) / 100.0;
  }
}
