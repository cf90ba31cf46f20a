package dev.quotient.plugin.development.kpi;

import dev.quotient.api.ClientError;
import dev.quotient.api.PluginContext;
import dev.quotient.api.event.Catalogue;
import io.vertx.core.Future;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The plugin's {@link KpiReader}: a rep's KPIs over a window of the organisation's local days. Windows
 * of whole months are summed from the monthly {@link Snapshots}; any other window replays that rep's
 * activities in the window once, and is kept until an activity of that rep is recorded (pages ask for the
 * same rolling windows on every view: the plan's goal actuals, the profile's evidence).
 */
public class KpiService implements KpiReader {

  /** More kept windows than this: start again rather than grow without bound. */
  private static final int MAX_WINDOWS = 20_000;

  private final PluginContext context;
  private final Snapshots snapshots;
  /** Per organisation and rep, how many of their activities were recorded since start: part of each key. */
  private final Map<String, Long> generations = new ConcurrentHashMap<>();
  private final Map<String, Future<KpiTally>> windows = new ConcurrentHashMap<>();

  public KpiService(PluginContext context) {
    this.context = Objects.requireNonNull(context, "context");
    this.snapshots = new Snapshots(context);
  }

  /** Subscribes to new activities and rebuilds missing snapshots in the background. */
  public Future<Void> start() {
    Future<Void> fresh = context.events().subscribe(Catalogue.ACTIVITY_RECORDED,
        e -> generations.merge(e.orgId() + "|" + e.userId(), 1L, Long::sum));
    return Future.all(fresh, snapshots.start()).<Void>mapEmpty().onSuccess(x -> snapshots.rebuild()
        .onFailure(e -> context.log().warn("KPI snapshots not rebuilt", e)));
  }

  public Snapshots snapshots() {
    return snapshots;
  }

  @Override
  public Future<KpiValues> rep(String orgId, String userId, LocalDate from, LocalDate toExclusive) {
    return tally(orgId, userId, from, toExclusive).map(t -> new KpiValues(userId, from, toExclusive, t.values()));
  }

  /** The raw counts of one rep's window: from snapshots for whole months, else by replay. */
  public Future<KpiTally> tally(String orgId, String userId, LocalDate from, LocalDate toExclusive) {
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(userId, "userId");
    if (!from.isBefore(toExclusive)) {
      return Future.failedFuture(ClientError.badRequest("development.error.window"));
    }
    if (Snapshots.wholeMonths(from, toExclusive)) {
      return snapshots.months(orgId, List.of(userId), YearMonth.from(from), YearMonth.from(toExclusive).minusMonths(1))
          .map(all -> all.get(userId).values().stream().reduce(KpiTally.EMPTY, KpiTally::plus));
    }
    String rep = orgId + "|" + userId;
    String key = rep + "|" + generations.getOrDefault(rep, 0L) + "|" + from + "|" + toExclusive;
    Future<KpiTally> kept = windows.get(key);
    if (kept != null && kept.succeeded()) {
      // A fresh future: callbacks then run on the caller's context, not the one that replayed.
      return Future.succeededFuture(kept.result());
    }
    if (windows.size() >= MAX_WINDOWS) {
      windows.clear();
    }
    Future<KpiTally> replayed = zone(orgId).compose(zone -> replay(orgId, userId, from, toExclusive, zone));
    windows.put(key, replayed);
    return replayed;
  }

  /** The raw counts of one rep's window, by replaying the activity log. */
  public Future<KpiTally> replay(String orgId, String userId, LocalDate from, LocalDate toExclusive, ZoneId zone) {
    KpiCalculator calc = KpiCalculator.forDays(userId, from, toExclusive, zone);
    return context.activities()
        .replay(orgId, userId, KpiCalculator.start(from, zone), KpiCalculator.start(toExclusive, zone), calc)
        .map(n -> calc.tally());
  }

  /** The organisation's zone (404 for an unknown organisation). */
  public Future<ZoneId> zone(String orgId) {
    return snapshots.zone(orgId);
  }
}
