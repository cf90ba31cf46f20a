package dev.quotient.plugin.recognition;

import dev.quotient.api.PluginContext;
import dev.quotient.api.activity.ActivityLog.Entry;
import dev.quotient.api.points.PointsLedger;
import dev.quotient.api.projection.Projection;
import dev.quotient.api.projection.ProjectionView;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What recognition knows of activity and points: a projection of the activity log and the ledger,
 * in memory. Per person: activities by kind, the points total, and activities per local day of each
 * kind (for goals and cadence streaks), days taken in the organisation's time zone. The platform folds
 * every fact once, restores the state from its checkpoint and follows the logs on every node, so
 * badge checks and goal progress read memory instead of counting stored documents.
 */
final class ActivityLog {

  /** The platform's activity kinds (the keys of the activity API). */
  static final List<String> KINDS = List.of("call", "email", "meeting", "follow-up", "lead-received",
      "lead-responded", "opportunity-opened", "won", "lost");

  /** One person's tallies. */
  static final class Person {
    long points;
    final long[] counts = new long[KINDS.size()];
    /** Per kind: activities per local day, from {@code firstDay[k]} on; null until the first. */
    final int[][] days = new int[KINDS.size()][];
    final long[] firstDay = new long[KINDS.size()];

    void count(int kind, long epochDay) {
      counts[kind]++;
      int[] d = days[kind];
      if (d == null) {
        days[kind] = d = new int[8];
        firstDay[kind] = epochDay;
      }
      if (epochDay < firstDay[kind]) {
        int shift = (int) (firstDay[kind] - epochDay);
        int[] grown = new int[d.length + shift];
        System.arraycopy(d, 0, grown, shift, d.length);
        days[kind] = d = grown;
        firstDay[kind] = epochDay;
      }
      int i = (int) (epochDay - firstDay[kind]);
      if (i >= d.length) {
        days[kind] = d = Arrays.copyOf(d, Math.max(i + 1, d.length + d.length / 2));
      }
      d[i]++;
    }

    int between(int kind, long fromDay, long toDay) {
      int[] d = days[kind];
      int n = 0;
      if (d != null) {
        for (long day = Math.max(fromDay, firstDay[kind]); day <= toDay && day - firstDay[kind] < d.length; day++) {
          n += d[(int) (day - firstDay[kind])];
        }
      }
      return n;
    }
  }

  /** Every organisation's people: orgId, then userId. */
  static final class State {
    final Map<String, Map<String, Person>> orgs = new HashMap<>();

    Person person(String orgId, String userId) {
      return orgs.computeIfAbsent(orgId, k -> new HashMap<>()).computeIfAbsent(userId, k -> new Person());
    }

    Person find(String orgId, String userId) {
      Map<String, Person> people = orgs.get(orgId);
      return people == null ? null : people.get(userId);
    }
  }

  private final PluginContext context;
  private final Map<String, ZoneId> zones = new ConcurrentHashMap<>();
  private final ProjectionView<State> view;

  ActivityLog(PluginContext context) {
    this.context = context;
    this.view = context.projections().open(new Tallies());
    // A new time zone counts days from now on; days already folded keep theirs.
    context.events().subscribe(dev.quotient.api.event.Catalogue.ORGANISATION_CHANGED, e -> zones.remove(e.orgId()));
  }

  ProjectionView<State> view() {
    return view;
  }

  /** The fold and the codec. */
  private final class Tallies implements Projection<State> {
    @Override
    public String name() {
      return "tallies";
    }

    @Override
    public Set<Log> logs() {
      return Set.of(Log.ACTIVITIES, Log.POINTS);
    }

    @Override
    public State initial() {
      return new State();
    }

    @Override
    public Future<Void> prepare(Set<String> orgIds) {
      List<Future<?>> loads = new ArrayList<>();
      for (String orgId : orgIds) {
        if (!zones.containsKey(orgId)) {
          loads.add(context.directory().organisation(orgId).onSuccess(org ->
              zones.put(orgId, org == null ? ZoneId.of("UTC") : org.zone())));
        }
      }
      return Future.all(loads).mapEmpty();
    }

    @Override
    public void activity(State state, Entry e) {
      int kind = KINDS.indexOf(e.kind());
      if (kind < 0) {
        throw new IllegalArgumentException("unknown activity kind " + e.kind());
      }
      ZoneId zone = zones.getOrDefault(e.orgId(), ZoneId.of("UTC"));
      state.person(e.orgId(), e.userId()).count(kind, LocalDate.ofInstant(e.occurredAt(), zone).toEpochDay());
    }

    @Override
    public void credit(State state, PointsLedger.Entry e) {
      state.person(e.orgId(), e.userId()).points += e.points();
    }

    @Override
    public JsonObject save(State state) {
      JsonObject orgs = new JsonObject();
      state.orgs.forEach((orgId, people) -> {
        JsonObject out = new JsonObject();
        people.forEach((userId, p) -> {
          JsonArray days = new JsonArray();
          for (int k = 0; k < KINDS.size(); k++) {
            if (p.days[k] == null) {
              days.addNull();
            } else {
              JsonArray d = new JsonArray().add(p.firstDay[k]);
              for (int c : p.days[k]) {
                d.add(c);
              }
              days.add(d);
            }
          }
          JsonArray counts = new JsonArray();
          for (long c : p.counts) {
            counts.add(c);
          }
          out.put(userId, new JsonObject().put("points", p.points).put("counts", counts).put("days", days));
        });
        orgs.put(orgId, out);
      });
      return new JsonObject().put("orgs", orgs);
    }

    @Override
    public State load(JsonObject saved) {
      State state = new State();
      JsonObject orgs = saved.getJsonObject("orgs");
      for (String orgId : orgs.fieldNames()) {
        JsonObject people = orgs.getJsonObject(orgId);
        for (String userId : people.fieldNames()) {
          JsonObject j = people.getJsonObject(userId);
          Person p = state.person(orgId, userId);
          p.points = j.getLong("points");
          JsonArray counts = j.getJsonArray("counts");
          JsonArray days = j.getJsonArray("days");
          for (int k = 0; k < KINDS.size(); k++) {
            p.counts[k] = counts.getLong(k);
            JsonArray d = days.getJsonArray(k);
            if (d != null) {
              p.firstDay[k] = d.getLong(0);
              p.days[k] = new int[d.size() - 1];
              for (int i = 1; i < d.size(); i++) {
                p.days[k][i - 1] = d.getInteger(i);
              }
            }
          }
        }
      }
      return state;
    }
  }

  /**
   * Completes once the tallies reflect the logs as they stood at start: reads wait for it, so badge
   * progress is right from the first request while the plugin starts without waiting.
   */
  Future<Void> ready() {
    return view.ready();
  }

  /** How many activities of the kind the person has. */
  Future<Long> count(String orgId, String userId, String kind) {
    int k = KINDS.indexOf(kind);
    return view.ready().map(v -> view.read(s -> {
      Person p = s.find(orgId, userId);
      return p == null || k < 0 ? 0L : p.counts[k];
    }));
  }

  /** The sum of the person's credits. */
  Future<Long> points(String orgId, String userId) {
    return view.ready().map(v -> view.read(s -> {
      Person p = s.find(orgId, userId);
      return p == null ? 0L : p.points;
    }));
  }

  /** The person's activities of the kind on each local day they had any, oldest first. */
  Map<LocalDate, Integer> days(String orgId, String userId, String kind) {
    int k = KINDS.indexOf(kind);
    return view.read(s -> {
      Map<LocalDate, Integer> out = new TreeMap<>();
      Person p = s.find(orgId, userId);
      if (p != null && k >= 0 && p.days[k] != null) {
        for (int i = 0; i < p.days[k].length; i++) {
          if (p.days[k][i] > 0) {
            out.put(LocalDate.ofEpochDay(p.firstDay[k] + i), p.days[k][i]);
          }
        }
      }
      return out;
    });
  }

  /** The person's activities of the kind on the local days from {@code from} to {@code to}, both included. */
  int between(String orgId, String userId, String kind, LocalDate from, LocalDate to) {
    int k = KINDS.indexOf(kind);
    return view.read(s -> {
      Person p = s.find(orgId, userId);
      return p == null || k < 0 ? 0 : p.between(k, from.toEpochDay(), to.toEpochDay());
    });
  }
}
