package dev.quotient.plugin.development.kpi;

import dev.quotient.api.ClientError;
import dev.quotient.api.PluginContext;
import io.vertx.core.Future;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The plugin's {@link KpiReader}: a rep's KPIs over a window of the organisation's local days,
 * computed by replaying that rep's activities in the window.
 */
public class KpiService implements KpiReader {

  private final PluginContext context;

  public KpiService(PluginContext context) {
    this.context = Objects.requireNonNull(context, "context");
  }

  @Override
  public Future<KpiValues> rep(String orgId, String userId, LocalDate from, LocalDate toExclusive) {
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(userId, "userId");
    if (!from.isBefore(toExclusive)) {
      return Future.failedFuture(ClientError.badRequest("development.error.window"));
    }
    return zone(orgId).compose(zone -> tally(orgId, userId, from, toExclusive, zone))
        .map(t -> new KpiValues(userId, from, toExclusive, t.values()));
  }

  /** The raw counts of one rep's window, by replaying the activity log. */
  public Future<KpiTally> tally(String orgId, String userId, LocalDate from, LocalDate toExclusive, ZoneId zone) {
    KpiCalculator calc = KpiCalculator.forDays(userId, from, toExclusive, zone);
    return context.activities()
        .replay(orgId, userId, KpiCalculator.start(from, zone), KpiCalculator.start(toExclusive, zone), calc)
        .map(n -> calc.tally());
  }

  /** The organisation's zone (404 for an unknown organisation). */
  public Future<ZoneId> zone(String orgId) {
    return context.directory().organisation(orgId).compose(org -> org == null
        ? Future.failedFuture(ClientError.notFound("development.error.organisation"))
        : Future.succeededFuture(org.zone()));
  }
}
