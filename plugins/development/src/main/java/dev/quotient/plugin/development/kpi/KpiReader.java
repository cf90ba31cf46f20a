package dev.quotient.plugin.development.kpi;

import io.vertx.core.Future;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;

/**
 * What the rest of the plugin reads of KPIs: plans take baselines and actuals from it, profiles take
 * evidence. Days are the organisation's local days.
 */
public interface KpiReader {

  /**
   * A rep's KPIs over [{@code from}, {@code toExclusive}) in the organisation's zone. A KPI with no
   * data in the window (no leads, no opportunities) is absent from the map, never zero.
   */
  Future<KpiValues> rep(String orgId, String userId, LocalDate from, LocalDate toExclusive);

  /** KPI values of one rep over one window; absent keys had no data. */
  record KpiValues(String userId, LocalDate from, LocalDate toExclusive, Map<Kpi, Double> values) {
    public KpiValues {
      Objects.requireNonNull(userId, "userId");
      values = Map.copyOf(values);
    }

    public Double get(Kpi kpi) {
      return values.get(kpi);
    }
  }
}
