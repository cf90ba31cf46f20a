package dev.quotient.plugin.development.profile;

import dev.quotient.plugin.development.kpi.Kpi;
import dev.quotient.plugin.development.kpi.KpiReader;
import io.vertx.core.Future;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * KPIs as profiles and plans read them: through the {@link KpiReader} contract, and never failing a
 * page: a reader that fails or is slow counts as "no data".
 */
public final class Kpis {

  /** Days of history a baseline and the profile's KPI evidence look at. */
  public static final int BASELINE_DAYS = 90;
  /** Days an actual is measured over (the last 30 days up to the day looked at). */
  public static final int ACTUAL_DAYS = 30;

  private final KpiReader reader;
  private final Logger log;

  public Kpis(KpiReader reader, Logger log) {
    this.reader = reader;
    this.log = log;
  }

  /** A reader with no data at all (used until a KPI source is wired). */
  public static KpiReader none() {
    return (orgId, userId, from, to) -> Future.succeededFuture(new KpiReader.KpiValues(userId, from, to, Map.of()));
  }

  /** The rep's KPIs over [from, toExclusive); empty when unavailable. */
  public Future<Map<Kpi, Double>> values(String orgId, String userId, LocalDate from, LocalDate toExclusive) {
    Future<KpiReader.KpiValues> f;
    try {
      f = reader.rep(orgId, userId, from, toExclusive);
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    return f.timeout(10, TimeUnit.SECONDS).map(KpiReader.KpiValues::values).otherwise(e -> {
      log.warn("KPIs of {} unavailable: {}", userId, e.toString());
      return Map.of();
    });
  }

  /** The 90 days before {@code today} (today excluded). */
  public Future<Map<Kpi, Double>> baseline(String orgId, String userId, LocalDate today) {
    return values(orgId, userId, today.minusDays(BASELINE_DAYS), today);
  }

  /** The 30 days up to and including {@code day}. */
  public Future<Map<Kpi, Double>> actual(String orgId, String userId, LocalDate day) {
    return values(orgId, userId, day.plusDays(1).minusDays(ACTUAL_DAYS), day.plusDays(1));
  }
}
