package dev.quotient.plugin.mentoring;

import dev.quotient.api.PluginContext;
import dev.quotient.api.points.PointsLedger;
import dev.quotient.api.projection.Projection;
import dev.quotient.api.projection.ProjectionView;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Points per skill area and person over the last 90 days, for mentee summaries and the expert
 * directory: a projection of the points ledger, kept per UTC day so a read sums at most 90 days a
 * person instead of replaying the ledger. Days older than the window (and a margin) are dropped as
 * newer credits arrive.
 */
final class AreaPoints {

  static final Duration WINDOW = Duration.ofDays(90);
  /** Days kept past the window, so a read just after midnight still has a whole window. */
  private static final long KEPT_DAYS = WINDOW.toDays() + 2;
  private static final String[] AREAS = {"total", "IQ", "EQ", "BQ"};

  /** Organisation, person, UTC day, points per {@link #AREAS}. */
  static final class State {
    final Map<String, Map<String, NavigableMap<Long, long[]>>> orgs = new HashMap<>();
    long latestDay = Long.MIN_VALUE;
  }

  private final ProjectionView<State> view;
  private final Clock clock;

  AreaPoints(PluginContext context) {
    this.clock = context.clock();
    this.view = context.projections().open(new Fold());
  }

  /** Points per area (IQ, EQ, BQ, total) per person of one organisation over the last 90 days. */
  Future<Map<String, Map<String, Long>>> of(String orgId) {
    java.time.Instant now = clock.instant();
    long to = day(now);
    long from = day(now.minus(WINDOW));
    // caught up with what this node knows: a credit just earned is in the sums
    return view.ready().compose(v -> view.caughtUp()).map(v -> view.read(state -> {
      Map<String, Map<String, Long>> out = new HashMap<>();
      state.orgs.getOrDefault(orgId, Map.of()).forEach((userId, days) -> {
        Map<String, Long> sums = new HashMap<>();
        for (long[] day : days.subMap(from, true, to, true).values()) {
          for (int i = 0; i < AREAS.length; i++) {
            if (day[i] != 0 || i == 0) {
              sums.merge(AREAS[i], day[i], Long::sum);
            }
          }
        }
        out.put(userId, sums);
      });
      return out;
    }));
  }

  /** The UTC day of a moment, as days since the epoch. */
  private static long day(java.time.Instant at) {
    return Math.floorDiv(at.getEpochSecond(), 86_400);
  }

  private static final class Fold implements Projection<State> {
    @Override
    public String name() {
      return "area-points";
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
    public void credit(State state, PointsLedger.Entry entry) {
      long day = day(entry.occurredAt());
      long[] sums = state.orgs.computeIfAbsent(entry.orgId(), o -> new HashMap<>())
          .computeIfAbsent(entry.userId(), u -> new TreeMap<>()).computeIfAbsent(day, d -> new long[AREAS.length]);
      sums[0] += entry.points();
      for (String area : entry.areas()) {
        for (int i = 1; i < AREAS.length; i++) {
          if (AREAS[i].equals(area)) {
            sums[i] += entry.points();
          }
        }
      }
      if (day > state.latestDay) {
        state.latestDay = day;
        long oldest = day - KEPT_DAYS;
        state.orgs.values().forEach(people -> people.values().forEach(days -> days.headMap(oldest).clear()));
      }
    }

    @Override
    public JsonObject save(State state) {
      JsonObject orgs = new JsonObject();
      state.orgs.forEach((orgId, people) -> {
        JsonObject p = new JsonObject();
        people.forEach((userId, days) -> {
          JsonArray rows = new JsonArray();
          days.forEach((day, sums) -> {
            JsonArray row = new JsonArray().add(day);
            for (long s : sums) {
              row.add(s);
            }
            rows.add(row);
          });
          p.put(userId, rows);
        });
        orgs.put(orgId, p);
      });
      return new JsonObject().put("latestDay", state.latestDay).put("orgs", orgs);
    }

    @Override
    public State load(JsonObject saved) {
      State state = new State();
      state.latestDay = saved.getLong("latestDay", Long.MIN_VALUE);
      JsonObject orgs = saved.getJsonObject("orgs", new JsonObject());
      for (String orgId : orgs.fieldNames()) {
        JsonObject people = orgs.getJsonObject(orgId);
        Map<String, NavigableMap<Long, long[]>> byPerson = new HashMap<>();
        for (String userId : people.fieldNames()) {
          NavigableMap<Long, long[]> days = new TreeMap<>();
          for (Object o : people.getJsonArray(userId)) {
            JsonArray row = (JsonArray) o;
            long[] sums = new long[AREAS.length];
            for (int i = 0; i < AREAS.length; i++) {
              sums[i] = row.getLong(i + 1);
            }
            days.put(row.getLong(0), sums);
          }
          byPerson.put(userId, days);
        }
        state.orgs.put(orgId, byPerson);
      }
      return state;
    }
  }
}
