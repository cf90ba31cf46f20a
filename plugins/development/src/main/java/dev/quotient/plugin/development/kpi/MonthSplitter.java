package dev.quotient.plugin.development.kpi;

import dev.quotient.api.activity.ActivityLog.Entry;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Routes one rep's activities over consecutive whole months to one {@link KpiCalculator} per month of
 * the organisation's zone, so a year is read once and yields twelve monthly tallies.
 */
public final class MonthSplitter implements Consumer<Entry> {

  private final YearMonth first;
  private final KpiCalculator[] months;
  private final Instant[] starts;

  /** Months [{@code first}, {@code last}] inclusive. */
  public MonthSplitter(String userId, YearMonth first, YearMonth last, ZoneId zone) {
    if (last.isBefore(first)) {
      throw new IllegalArgumentException(first + " after " + last);
    }
    this.first = first;
    int n = (int) (first.until(last, java.time.temporal.ChronoUnit.MONTHS) + 1);
    months = new KpiCalculator[n];
    starts = new Instant[n + 1];
    for (int i = 0; i <= n; i++) {
      starts[i] = KpiCalculator.start(first.plusMonths(i).atDay(1), zone);
    }
    for (int i = 0; i < n; i++) {
      months[i] = new KpiCalculator(userId, starts[i], starts[i + 1]);
    }
  }

  public Instant from() {
    return starts[0];
  }

  public Instant to() {
    return starts[starts.length - 1];
  }

  @Override
  public void accept(Entry e) {
    Instant at = e.occurredAt();
    if (at.isBefore(starts[0]) || !at.isBefore(starts[starts.length - 1])) {
      return;
    }
    // at most a few dozen months: a binary search over the boundaries
    int lo = 0;
    int hi = months.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (at.isBefore(starts[mid])) {
        hi = mid - 1;
      } else {
        lo = mid;
      }
    }
    months[lo].accept(e);
  }

  /** Each month's tally, in order. */
  public Map<YearMonth, KpiTally> tallies() {
    Map<YearMonth, KpiTally> out = new LinkedHashMap<>();
    for (int i = 0; i < months.length; i++) {
      out.put(first.plusMonths(i), months[i].tally());
    }
    return out;
  }
}
