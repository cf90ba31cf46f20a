package dev.quotient.plugin.development.kpi;

import dev.quotient.api.PluginContext;
import dev.quotient.api.Role;
import dev.quotient.api.directory.Directory.Person;
import dev.quotient.api.event.Events.ActivityRecorded;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Monthly KPI snapshots per rep, so pages read precomputed tallies instead of replaying the log.
 *
 * <p>One document per organisation, rep and month of the organisation's zone (collection {@code
 * kpi_snapshots}, id {@code org/rep/YYYY-MM}) holds that month's {@link KpiTally}. A snapshot is
 * written when a month is first read, rebuilt at start for months missing in the history (and the
 * current and previous month recomputed, in case activities arrived while the plugin was stopped), and
 * recomputed after {@code activity.recorded} touches its month: events are coalesced per rep and month
 * and flushed at most every {@code kpiDebounceMillis} (default 10,000: a read on this node
 * recomputes its pending months itself, so the delay only spares the store during bulk imports), one replay per organisation
 * covering all its touched reps and months. A read of a month still waiting for its flush recomputes it first, so a reader
 * on this node sees every activity whose event arrived. A snapshot computed in another zone than the
 * organisation's current one is treated as missing.
 *
 * <p>Threading: the pending set is concurrent (events, timers and requests may run on
 * different event loops); the store and the log are called off the event loop by the platform.
 */
public final class Snapshots {

  static final String COLLECTION = "kpi_snapshots";
  static final String ORGS = "kpi_orgs";

  /** One rep's month. */
  public record Key(String orgId, String userId, YearMonth month) {
    String id() {
      return orgId + "/" + userId + "/" + month;
    }
  }

  private final PluginContext context;
  private final long debounceMillis;
  private final int historyMonths;
  private final Set<Key> pending = ConcurrentHashMap.newKeySet();
  private final Set<String> knownOrgs = ConcurrentHashMap.newKeySet();
  private final Map<String, ZoneId> zones = new ConcurrentHashMap<>();
  /** The computation in flight per organisation. */
  private final Map<String, Future<?>> lanes = new java.util.HashMap<>();
  private final java.util.concurrent.atomic.AtomicBoolean scheduled = new java.util.concurrent.atomic.AtomicBoolean();
  private Future<Void> flushing = Future.succeededFuture();

  public Snapshots(PluginContext context) {
    this.context = context;
    this.debounceMillis = Math.max(10, setting(context, "kpiDebounceMillis", 10_000));
    this.historyMonths = (int) Math.min(120, Math.max(12, setting(context, "kpiHistoryMonths", 24)));
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

  /** How many months back snapshots are kept and rebuilt (the history CLV is computed over). */
  public int historyMonths() {
    return historyMonths;
  }

  /** Subscribes to {@code activity.recorded}; completes once subscribed. */
  public Future<Void> start() {
    return context.events().subscribe(dev.quotient.api.event.Catalogue.ACTIVITY_RECORDED, this::recorded);
  }

  void recorded(ActivityRecorded e) {
    if (knownOrgs.add(e.orgId())) {
      context.content().merge(ORGS, e.orgId(), new JsonObject().put("seenAt", context.clock().instant().toString()))
          .onFailure(x -> knownOrgs.remove(e.orgId()));
    }
    zone(e.orgId()).onSuccess(zone -> {
      pending.add(new Key(e.orgId(), e.userId(), YearMonth.from(e.occurredAt().atZone(zone))));
      if (scheduled.compareAndSet(false, true)) {
        context.vertx().setTimer(debounceMillis, t -> {
          scheduled.set(false);
          flushPending();
        });
      }
    }).onFailure(x -> context.log().warn("no zone for organisation {}: KPI snapshot not marked", e.orgId(), x));
  }

  /** Recomputes every pending month now (one replay per organisation), after any flush in progress. */
  public synchronized Future<Void> flushPending() {
    flushing = flushing.transform(x -> {
      List<Key> keys = new ArrayList<>();
      for (Key k : List.copyOf(pending)) {
        if (pending.remove(k)) {
          keys.add(k);
        }
      }
      return recompute(keys);
    });
    return flushing;
  }

  /** The organisation's zone, cached for this process (organisations rarely move). */
  public Future<ZoneId> zone(String orgId) {
    ZoneId cached = zones.get(orgId);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return context.directory().organisation(orgId).compose(org -> {
      if (org == null) {
        return Future.failedFuture(dev.quotient.api.ClientError.notFound("development.error.organisation"));
      }
      zones.put(orgId, org.zone());
      return Future.succeededFuture(org.zone());
    });
  }

  /**
   * The tallies of these reps for months [{@code first}, {@code last}] (months after the current one
   * are empty), computing and storing what is missing or pending.
   */
  public Future<Map<String, Map<YearMonth, KpiTally>>> months(String orgId, Collection<String> userIds, YearMonth first,
      YearMonth last) {
    return zone(orgId).compose(zone -> {
      YearMonth now = YearMonth.from(context.clock().instant().atZone(zone));
      List<Future<Map<YearMonth, KpiTally>>> each = new ArrayList<>();
      List<String> ids = new ArrayList<>(new LinkedHashSet<>(userIds));
      for (String u : ids) {
        each.add(rep(orgId, u, first, last, now, zone));
      }
      return Future.all(each).map(all -> {
        Map<String, Map<YearMonth, KpiTally>> out = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
          out.put(ids.get(i), each.get(i).result());
        }
        return out;
      });
    });
  }

  private Future<Map<YearMonth, KpiTally>> rep(String orgId, String userId, YearMonth first, YearMonth last,
      YearMonth now, ZoneId zone) {
    return context.content().find(COLLECTION, new JsonObject().put("orgId", orgId).put("userId", userId), 10_000)
        .compose(docs -> {
          Map<YearMonth, KpiTally> found = new TreeMap<>();
          for (JsonObject d : docs) {
            YearMonth m = YearMonth.parse(d.getString("month"));
            if (!m.isBefore(first) && !m.isAfter(last) && zone.getId().equals(d.getString("zone"))) {
              found.put(m, KpiTally.fromJson(d.getJsonObject("tally")));
            }
          }
          Set<YearMonth> missing = new TreeSet<>();
          for (YearMonth m = first; !m.isAfter(last) && !m.isAfter(now); m = m.plusMonths(1)) {
            if (!found.containsKey(m) || pending.remove(new Key(orgId, userId, m))) {
              missing.add(m);
            }
          }
          Future<Map<YearMonth, KpiTally>> computed = missing.isEmpty() ? Future.succeededFuture(Map.of())
              : compute(orgId, Map.of(userId, missing), zone).map(r -> r.get(userId));
          return computed.map(c -> {
            Map<YearMonth, KpiTally> out = new TreeMap<>();
            for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
              out.put(m, c.containsKey(m) ? c.get(m) : found.getOrDefault(m, KpiTally.EMPTY));
            }
            return out;
          });
        });
  }

  /** Recomputes pending months: one replay per organisation, covering all its pending reps. */
  private Future<Void> recompute(List<Key> keys) {
    Map<String, Map<String, Set<YearMonth>>> byOrg = new LinkedHashMap<>();
    for (Key k : keys) {
      byOrg.computeIfAbsent(k.orgId(), x -> new LinkedHashMap<>()).computeIfAbsent(k.userId(), x -> new TreeSet<>())
          .add(k.month());
    }
    Future<Void> chain = Future.succeededFuture();
    for (var org : byOrg.entrySet()) {
      chain = chain.compose(x -> zone(org.getKey()).compose(zone -> compute(org.getKey(), org.getValue(), zone)))
          .transform(r -> {
            if (r.failed()) {
              context.log().warn("KPI snapshots of organisation {} not recomputed", org.getKey(), r.cause());
              org.getValue().forEach((u, months) -> months.forEach(m -> pending.add(new Key(org.getKey(), u, m))));
            }
            return Future.<Void>succeededFuture();
          });
    }
    return chain;
  }

  /**
   * Computes and stores the wanted months of each rep with one replay over their span: of the rep's
   * activities for one rep, of the organisation's for several (the embedded store scans rather than
   * seeks, so one pass beats one per rep). Computations of one organisation run one after the other,
   * so a slow replay can never overwrite the result of a later one.
   */
  private Future<Map<String, Map<YearMonth, KpiTally>>> compute(String orgId, Map<String, Set<YearMonth>> wanted,
      ZoneId zone) {
    Future<Map<String, Map<YearMonth, KpiTally>>> result;
    synchronized (lanes) {
      Future<?> previous = lanes.getOrDefault(orgId, Future.succeededFuture());
      result = previous.transform(x -> computeNow(orgId, wanted, zone));
      lanes.put(orgId, result);
    }
    result.onComplete(r -> {
      synchronized (lanes) {
        lanes.remove(orgId, result);
      }
    });
    return result;
  }

  private Future<Map<String, Map<YearMonth, KpiTally>>> computeNow(String orgId, Map<String, Set<YearMonth>> wanted,
      ZoneId zone) {
    TreeSet<YearMonth> all = new TreeSet<>();
    wanted.values().forEach(all::addAll);
    Map<String, MonthSplitter> splits = new HashMap<>();
    wanted.keySet().forEach(u -> splits.put(u, new MonthSplitter(u, all.first(), all.last(), zone)));
    String only = wanted.size() == 1 ? wanted.keySet().iterator().next() : null;
    java.util.function.Consumer<dev.quotient.api.activity.ActivityLog.Entry> sink = only != null ? splits.get(only) : e -> {
      MonthSplitter s = splits.get(e.userId());
      if (s != null) {
        s.accept(e);
      }
    };
    Instant from = start(all.first(), zone);
    Instant to = start(all.last().plusMonths(1), zone);
    return context.activities().replay(orgId, only, from, to, sink).compose(n -> {
      Map<String, Map<YearMonth, KpiTally>> out = new HashMap<>();
      List<Future<Boolean>> writes = new ArrayList<>();
      String at = context.clock().instant().toString();
      wanted.forEach((userId, months) -> {
        Map<YearMonth, KpiTally> tallies = splits.get(userId).tallies();
        Map<YearMonth, KpiTally> mine = new HashMap<>();
        for (YearMonth m : months) {
          KpiTally t = tallies.get(m);
          mine.put(m, t);
          writes.add(context.content().merge(COLLECTION, new Key(orgId, userId, m).id(), new JsonObject().put("orgId", orgId)
              .put("userId", userId).put("month", m.toString()).put("zone", zone.getId()).put("tally", t.toJson())
              .put("computedAt", at)));
        }
        out.put(userId, mine);
      });
      return Future.all(writes).map(x -> out);
    });
  }

  /**
   * Fills the history of every organisation seen so far: missing months of each rep are computed, the
   * current and previous month recomputed. Runs one rep at a time; failures are logged.
   */
  public Future<Void> rebuild() {
    return context.content().find(ORGS, new JsonObject(), 100_000).compose(orgs -> {
      Future<Void> chain = Future.succeededFuture();
      for (JsonObject o : orgs) {
        String orgId = o.getString("_id");
        knownOrgs.add(orgId);
        chain = chain.compose(x -> rebuild(orgId)).recover(e -> {
          context.log().warn("KPI snapshots of organisation {} not rebuilt", orgId, e);
          return Future.succeededFuture();
        });
      }
      return chain;
    });
  }

  private Future<Void> rebuild(String orgId) {
    return zone(orgId).compose(zone -> context.directory().people(orgId).compose(people -> {
      YearMonth now = YearMonth.from(context.clock().instant().atZone(zone));
      for (Person p : people) {
        if (p.has(Role.REP)) {
          pending.add(new Key(orgId, p.id(), now));
          pending.add(new Key(orgId, p.id(), now.minusMonths(1)));
        }
      }
      Future<Void> chain = Future.succeededFuture();
      for (Person p : people) {
        if (p.has(Role.REP)) {
          chain = chain.compose(x -> rep(orgId, p.id(), now.minusMonths(historyMonths - 1), now, now, zone).mapEmpty());
        }
      }
      return chain;
    }));
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
