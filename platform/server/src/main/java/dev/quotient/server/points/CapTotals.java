package dev.quotient.server.points;

import dev.quotient.api.points.PointsLedger;
import dev.quotient.api.projection.Projection;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What each user earned from each rule on each day (in the organisation's time zone): the totals daily
 * caps are checked against, folded from the ledger in memory. They were a document per (user, rule, day)
 * that every scoring turn rewrote with every entry's points under its own key: a derived write per fact,
 * and a document that grew with the day (a dialer's thousand calls made each rewrite cost more than the
 * last). The ledger is the truth; these are rebuilt from it like every other projection.
 */
final class CapTotals implements Projection<CapTotals.State> {

  /** Loads an organisation's time zone (blocking: called from {@link #prepare}'s worker). */
  private final Function<String, ZoneId> zoneOf;
  private final Function<java.util.concurrent.Callable<Void>, Future<Void>> blocking;
  private final Map<String, ZoneId> zones = new java.util.concurrent.ConcurrentHashMap<>();

  CapTotals(Function<String, ZoneId> zoneOf, Function<java.util.concurrent.Callable<Void>, Future<Void>> blocking) {
    this.zoneOf = zoneOf;
    this.blocking = blocking;
  }

  /** The organisation's time zone changed: the next batch loads it again (days already folded stay). */
  void forgetZone(String orgId) {
    zones.remove(orgId);
  }

  @Override
  public String name() {
    return "caps";
  }

  /** 2: each person's totals (all points and per skill area) are kept too. */
  @Override
  public int version() {
    return 2;
  }

  @Override
  public Set<Log> logs() {
    return Set.of(Log.POINTS);
  }

  @Override
  public State initial() {
    return new State();
  }

  @Override
  public Future<Void> prepare(Set<String> orgIds) {
    if (zones.keySet().containsAll(orgIds)) {
      return Future.succeededFuture();
    }
    return blocking.apply(() -> {
      orgIds.forEach(org -> zones.computeIfAbsent(org, zoneOf));
      return null;
    });
  }

  @Override
  public void credit(State state, PointsLedger.Entry entry) {
    ZoneId zone = zones.get(entry.orgId());
    if (zone == null) {
      throw new IllegalStateException("no time zone loaded for " + entry.orgId());
    }
    LocalDate day = LocalDate.ofInstant(entry.occurredAt(), zone);
    state.add(entry.orgId(), entry.userId(), entry.ruleId(), day, entry.points());
    state.addToPerson(entry.orgId(), entry.userId(), entry.points(), entry.areas());
    if (entry.selfReported()) {
      state.add(entry.orgId(), entry.userId(), PointsEngine.selfKey(entry.ruleId()), day, entry.points());
    }
  }

  @Override
  public JsonObject save(State state) {
    JsonObject totals = new JsonObject();
    state.sums.forEach((key, days) -> {
      JsonArray a = new JsonArray().add(days.first);
      for (long s : days.sums) {
        a.add(s);
      }
      totals.put(key, a);
    });
    JsonObject people = new JsonObject();
    state.people.forEach((key, sums) -> {
      JsonArray a = new JsonArray();
      for (long v : sums) {
        a.add(v);
      }
      people.put(key, a);
    });
    return new JsonObject().put("totals", totals).put("people", people);
  }

  @Override
  public State load(JsonObject saved) {
    State state = new State();
    saved.getJsonObject("totals").forEach(e -> {
      JsonArray a = (JsonArray) e.getValue();
      Days days = new Days(a.getInteger(0), new long[a.size() - 1]);
      for (int i = 1; i < a.size(); i++) {
        days.sums[i - 1] = a.getLong(i);
      }
      state.sums.put(e.getKey(), days);
    });
    saved.getJsonObject("people", new JsonObject()).forEach(e -> {
      JsonArray a = (JsonArray) e.getValue();
      long[] sums = new long[AREAS.size() + 1];
      for (int i = 0; i < sums.length; i++) {
        sums[i] = a.getLong(i);
      }
      state.people.put(e.getKey(), sums);
    });
    return state;
  }

  /** The skill areas a person's totals are kept for, after the total of all points. */
  static final List<String> AREAS = List.of("IQ", "EQ", "BQ");

  /** The totals, by organisation, user and rule: one array of days each (a year of a rule is 3 KB). */
  static final class State {
    private final Map<String, Days> sums = new HashMap<>();
    /** By organisation and user: all points, then per {@link #AREAS}. */
    private final Map<String, long[]> people = new HashMap<>();

    /** A person's total and per-area points, all time (a copy). */
    long[] person(String orgId, String userId) {
      long[] sums = people.get(orgId + "\n" + userId);
      return sums == null ? new long[AREAS.size() + 1] : sums.clone();
    }

    void addToPerson(String orgId, String userId, long points, List<String> areas) {
      long[] sums = people.computeIfAbsent(orgId + "\n" + userId, k -> new long[AREAS.size() + 1]);
      sums[0] += points;
      for (String area : areas) {
        int i = AREAS.indexOf(area);
        if (i >= 0) {
          sums[i + 1] += points;
        }
      }
    }

    long sum(String orgId, String userId, String ruleId, LocalDate day) {
      Days days = sums.get(key(orgId, userId, ruleId));
      return days == null ? 0 : days.get((int) day.toEpochDay());
    }

    void add(String orgId, String userId, String ruleId, LocalDate day, long points) {
      sums.computeIfAbsent(key(orgId, userId, ruleId), k -> new Days((int) day.toEpochDay(), new long[1]))
          .add((int) day.toEpochDay(), points);
    }

    private static String key(String orgId, String userId, String ruleId) {
      return orgId + "\n" + userId + "\n" + ruleId;
    }
  }

  /** Totals of consecutive days from {@code first}, grown either way as days arrive. */
  private static final class Days {
    int first;
    long[] sums;

    Days(int first, long[] sums) {
      this.first = first;
      this.sums = sums;
    }

    long get(int day) {
      int i = day - first;
      return i < 0 || i >= sums.length ? 0 : sums[i];
    }

    void add(int day, long points) {
      if (day < first) {
        long[] grown = new long[sums.length + (first - day)];
        System.arraycopy(sums, 0, grown, first - day, sums.length);
        sums = grown;
        first = day;
      } else if (day - first >= sums.length) {
        // grown by half: a day at a time copied each total's whole history once a day (a year of
        // ingest in order copied every array 365 times); days past the last are zero, as they read
        sums = Arrays.copyOf(sums, Math.max(day - first + 1, sums.length + sums.length / 2));
      }
      sums[day - first] += points;
    }
  }
}
