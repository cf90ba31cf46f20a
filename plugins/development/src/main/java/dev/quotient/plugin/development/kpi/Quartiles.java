package dev.quotient.plugin.development.kpi;

import java.util.Arrays;
import java.util.Collection;

/**
 * The five-number summary of a team's values for one KPI. Quantiles use linear interpolation between
 * closest ranks (Hyndman and Fan's type 7; the default of R, NumPy and spreadsheet {@code QUARTILE.INC}):
 * for sorted values x<sub>0</sub>..x<sub>n-1</sub> and p in [0, 1], h = (n - 1)p and
 * Q(p) = x<sub>⌊h⌋</sub> + (h - ⌊h⌋)(x<sub>⌊h⌋+1</sub> - x<sub>⌊h⌋</sub>). One value is its own
 * quartiles; an even count's median is the mean of the middle two.
 */
public record Quartiles(int n, double min, double q1, double median, double q3, double max) {

  /** The summary of at least one value; null for none. */
  public static Quartiles of(Collection<Double> values) {
    if (values.isEmpty()) {
      return null;
    }
    double[] x = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return new Quartiles(x.length, x[0], quantile(x, 0.25), quantile(x, 0.5), quantile(x, 0.75), x[x.length - 1]);
  }

  /** Type-7 quantile of ascending values. */
  public static double quantile(double[] sorted, double p) {
    if (sorted.length == 0 || p < 0 || p > 1) {
      throw new IllegalArgumentException("p=" + p + " over " + Arrays.toString(sorted));
    }
    double h = (sorted.length - 1) * p;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  /**
   * Which quarter of the team a value falls in, counted from the best: 1 is the best quarter (above
   * Q3 when higher is better, below Q1 when lower is), 4 the worst. Values on a boundary go to the
   * better side.
   */
  public int quarterFromBest(double value, boolean higherIsBetter) {
    if (higherIsBetter) {
      return value >= q3 ? 1 : value >= median ? 2 : value >= q1 ? 3 : 4;
    }
    return value <= q1 ? 1 : value <= median ? 2 : value <= q3 ? 3 : 4;
  }

  /** "better", "worse" or "equal" against the team median, in the KPI's direction. */
  public String versusMedian(double value, boolean higherIsBetter) {
    int c = Double.compare(value, median);
    if (c == 0 || Math.abs(value - median) < 1e-9) {
      return "equal";
    }
    return (c > 0) == higherIsBetter ? "better" : "worse";
  }
}
