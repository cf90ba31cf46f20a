package dev.quotient.plugin.development.kpi;

import dev.quotient.api.PluginContext;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Monthly KPI tallies per rep, for pages that show months: each month of the organisation's zone is a
 * window of the in-memory {@link KpiLog}, computed when first read and kept until a fact of that rep
 * is folded. Nothing is stored: the log is the truth.
 */
public final class KpiMonths {

  private final PluginContext context;
  private final KpiLog log;
  private final int historyMonths;
  private final Map<String, dev.quotient.api.directory.Directory.Organisation> settings = new ConcurrentHashMap<>();

  public KpiMonths(PluginContext context, KpiLog log) {
    this.context = context;
    this.log = log;
    this.historyMonths = (int) Math.min(120, Math.max(12, setting(context, "kpiHistoryMonths", 24)));
    context.events().subscribe(dev.quotient.api.event.Catalogue.ORGANISATION_CHANGED, e -> settings.remove(e.orgId()));
  }

  /** A number from the plugin's configuration ({@code QUOTIENT_PLUGIN_DEVELOPMENT_KPI_*}, text or number). */
  public static long setting(PluginContext context, String key, long fallback) {
    Object v = context.config().getValue(key);
    try {
      return v instanceof Number n ? n.longValue() : v == null ? fallback : Long.parseLong(v.toString().trim());
    } catch (NumberFormatException e) {
      context.log().warn("ignoring {}={}: not a number", key, v);
      return fallback;
    }
  }

  /** How many months back the organisation figures (CLV) look. */
  public int historyMonths() {
    return historyMonths;
  }

  /** The organisation's zone, kept until an admin changes it ({@code organisation.changed}). */
  public Future<ZoneId> zone(String orgId) {
    return settings(orgId).map(dev.quotient.api.directory.Directory.Organisation::zone);
  }

  /** The organisation's settings, kept until an admin changes them ({@code organisation.changed}). */
  public Future<dev.quotient.api.directory.Directory.Organisation> settings(String orgId) {
    dev.quotient.api.directory.Directory.Organisation cached = settings.get(orgId);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return context.directory().organisation(orgId).compose(org -> {
      if (org == null) {
        return Future.failedFuture(dev.quotient.api.ClientError.notFound("development.error.organisation"));
      }
      settings.put(orgId, org);
      return Future.succeededFuture(org);
    });
  }

  /**
   * The tallies of these reps for months [{@code first}, {@code last}] of the organisation's zone
   * (months after the current one are empty), reflecting every activity stored before the call.
   */
  public Future<Map<String, Map<YearMonth, KpiTally>>> months(String orgId, Collection<String> userIds, YearMonth first,
      YearMonth last) {
    return settings(orgId).compose(settings -> {
      ZoneId zone = settings.zone();
      YearMonth now = YearMonth.from(context.clock().instant().atZone(zone));
      List<Instant> bounds = new ArrayList<>();
      for (YearMonth m = first; !m.isAfter(last) && !m.isAfter(now); m = m.plusMonths(1)) {
        bounds.add(start(m, zone));
      }
      if (!bounds.isEmpty()) {
        bounds.add(start(YearMonth.from(bounds.get(bounds.size() - 1).atZone(zone)).plusMonths(1), zone));
      }
      List<String> ids = new ArrayList<>(new LinkedHashSet<>(userIds));
      Future<Map<String, List<KpiTally>>> read = bounds.isEmpty() ? Future.succeededFuture(Map.of())
          : log.tallies(orgId, ids, bounds, targetsOf(settings, bounds));
      return read.map(tallies -> {
        Map<String, Map<YearMonth, KpiTally>> out = new LinkedHashMap<>();
        for (String u : ids) {
          List<KpiTally> each = tallies.getOrDefault(u, List.of());
          Map<YearMonth, KpiTally> months = new TreeMap<>();
          int i = 0;
          for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1), i++) {
            months.put(m, i < each.size() ? each.get(i) : KpiTally.EMPTY);
          }
          out.put(u, months);
        }
        return out;
      });
    });
  }

  /**
   * The targets each window between {@code bounds} counts against: those in force on its last day,
   * or today for the month under way, so a month closed before a change keeps its figures.
   */
  List<dev.quotient.api.directory.Directory.Targets> targetsOf(dev.quotient.api.directory.Directory.Organisation org,
      List<Instant> bounds) {
    java.time.LocalDate today = java.time.LocalDate.ofInstant(context.clock().instant(), org.zone());
    List<dev.quotient.api.directory.Directory.Targets> out = new ArrayList<>();
    for (int i = 0; i + 1 < bounds.size(); i++) {
      java.time.LocalDate last = java.time.LocalDate.ofInstant(bounds.get(i + 1).minusMillis(1), org.zone());
      out.add(org.targetsOn(last.isAfter(today) ? today : last));
    }
    return out;
  }

  /** The first instant of a month in a zone. */
  static Instant start(YearMonth m, ZoneId zone) {
    return KpiCalculator.start(m.atDay(1), zone);
  }

  /** True when [from, toExclusive) is whole months. */
  static boolean wholeMonths(LocalDate from, LocalDate toExclusive) {
    return from.getDayOfMonth() == 1 && toExclusive.getDayOfMonth() == 1 && from.isBefore(toExclusive);
  }
}
