package dev.quotient.plugin.development.kpi;

import dev.quotient.api.ClientError;
import dev.quotient.api.PluginContext;
import dev.quotient.api.RecentReads;
import io.vertx.core.Future;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * The plugin's {@link KpiReader}: a rep's KPIs over a window of the organisation's local days, from
 * the in-memory {@link KpiLog}, every window computed over itself (month pages read the same months
 * through {@link KpiMonths}).
 */
public class KpiService implements KpiReader {

  private final KpiLog log;
  private final KpiMonths months;
  /** Windows other than whole months, as counted lately (plan pages ask for the same 30 days again and again). */
  private final RecentReads<KpiTally> windows = new RecentReads<>(java.time.Duration.ofMinutes(1));

  public KpiService(PluginContext context) {
    Objects.requireNonNull(context, "context");
    this.log = new KpiLog(context);
    this.months = new KpiMonths(context, log);
  }

  /**
   * Completes at once: the KPI projection folds the log in the background, and every read waits for
   * what was stored before it ({@link KpiLog#caughtUp}), so the plugin's start does not wait for a
   * rebuild (after a crash, gaps at the log's end are waited for 10 s).
   */
  public Future<Void> start() {
    return Future.succeededFuture();
  }

  public KpiMonths months() {
    return months;
  }

  public KpiLog log() {
    return log;
  }

  @Override
  public Future<KpiValues> rep(String orgId, String userId, LocalDate from, LocalDate toExclusive) {
    return tally(orgId, userId, from, toExclusive).map(t -> new KpiValues(userId, from, toExclusive, t.values()));
  }

  /**
   * The raw counts of one rep's window, counted over the window itself whatever its length: one
   * definition for a month, a quarter and a plan's 90 days (a sum of months would count a lead worked
   * in two months twice and cut a meeting's follow-ups at each month's end).
   */
  public Future<KpiTally> tally(String orgId, String userId, LocalDate from, LocalDate toExclusive) {
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(userId, "userId");
    if (!from.isBefore(toExclusive)) {
      return Future.failedFuture(ClientError.badRequest("development.error.window"));
    }
    return months.settings(orgId).compose(org -> log.caughtUp().compose(caught -> {
      List<java.time.Instant> bounds = List.of(KpiCalculator.start(from, org.zone()),
          KpiCalculator.start(toExclusive, org.zone()));
      var targets = months.targetsOf(org, bounds);
      // kept by everything it is counted from: the same window again is read, not counted, until a fact is folded
      String key = orgId + "|" + userId + "|" + bounds + "|" + targets + "|" + log.version();
      return windows.get(key, () -> log.tallies(orgId, List.of(userId), bounds, targets).map(t -> t.get(userId).get(0)));
    }));
  }

  /** The organisation's zone (404 for an unknown organisation). */
  public Future<java.time.ZoneId> zone(String orgId) {
    return months.zone(orgId);
  }
}
