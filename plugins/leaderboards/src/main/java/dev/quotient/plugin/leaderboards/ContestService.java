package dev.quotient.plugin.leaderboards;

import dev.quotient.api.ClientError;
import dev.quotient.api.ContentStore;
import dev.quotient.api.PluginContext;
import dev.quotient.api.Role;
import dev.quotient.api.directory.Directory;
import dev.quotient.api.event.Catalogue;
import dev.quotient.api.event.Events;
import dev.quotient.plugin.leaderboards.engine.Credit;
import dev.quotient.plugin.leaderboards.engine.Scope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Contests: created by leaders, tallied in memory from the points ledger and live credits (each ledger
 * entry counted once), finished by whichever node first sees the end pass. Finishing is a
 * compare-and-set on the stored contest, so in a cluster the winners are announced once:
 * {@code contest.won} for each winning person, which recognition turns into badges and a celebration.
 */
final class ContestService {

  static final String COLLECTION = "contests";
  private static final long CHECK_MILLIS = 1_000;

  /** One competitor's line. */
  record Line(String id, String name, long result, long baseline, long target, double score, int place) {}

  /** What a contest shows: its definition, status and standings (best first). */
  record Standings(Contest contest, String status, List<Line> lines, JsonArray winners) {}

  /** A contest's running totals on this node. */
  private static final class Tally {
    final Contest contest;
    final Set<String> counted = ConcurrentHashMap.newKeySet();
    final Map<String, Long> result = new ConcurrentHashMap<>();
    /** Each competitor's baseline points by the moment they were earned, to compare like with like. */
    final Map<String, java.util.NavigableMap<Long, Long>> baseline = new ConcurrentHashMap<>();
    final Future<Void> built;

    void addBaseline(String id, Instant at, long points) {
      baseline.computeIfAbsent(id, k -> new java.util.concurrent.ConcurrentSkipListMap<>())
          .merge(at.toEpochMilli(), points, Long::sum);
    }

    /** Baseline points in the {@code elapsed} just before the start: as long as the contest has run. */
    long baseline(String id, Duration elapsed) {
      java.util.NavigableMap<Long, Long> points = baseline.get(id);
      if (points == null) {
        return 0;
      }
      long from = contest.start().minus(elapsed).toEpochMilli();
      return points.tailMap(from, true).values().stream().mapToLong(Long::longValue).sum();
    }

    Tally(Contest contest, Future<Void> built) {
      this.contest = contest;
      this.built = built;
    }
  }

  private final PluginContext context;
  private final ContentStore store;
  private final LiveBoards boards;
  private final Map<String, Tally> tallies = new ConcurrentHashMap<>();
  private final List<Consumer<String>> changes = new ArrayList<>();

  ContestService(PluginContext context, LiveBoards boards) {
    this.context = context;
    this.store = context.content();
    this.boards = boards;
  }

  /** Starts tallying running contests and checking for ends. */
  Future<Void> start() {
    boards.onCredit(this::credit);
    context.setPeriodic(CHECK_MILLIS, id -> finishDue());
    return store.find(COLLECTION, new JsonObject().put("status", "running"), 10_000).map(docs -> {
      docs.forEach(d -> tally(Contest.from(d)));
      return null;
    });
  }

  /** Called with a contest id whenever its standings may have changed. */
  void onChange(Consumer<String> listener) {
    changes.add(listener);
  }

  Future<Contest> create(String orgId, String userId, JsonObject body) {
    return competitors(orgId).compose(c -> {
      Contest contest = Contest.parse(UUID.randomUUID().toString(), orgId, userId, body, context.clock().instant(),
          c.people().keySet(), c.teams().keySet());
      return store.insert(COLLECTION, contest.toDocument().put("status", "running").put("createdAt",
          context.clock().millis())).map(id -> {
            tally(contest);
            return contest;
          });
    });
  }

  Future<List<JsonObject>> list(String orgId) {
    return store.find(COLLECTION, new JsonObject().put("orgId", orgId), new JsonObject().put("createdAt", -1), 200);
  }

  /** The contest's standings; 404 for another organisation's or an unknown contest. */
  Future<Standings> standings(String orgId, String contestId) {
    return store.get(COLLECTION, contestId).compose(doc -> {
      if (doc == null || !orgId.equals(doc.getString("orgId"))) {
        return Future.failedFuture(ClientError.notFound("leaderboards.error.contest.unknown", contestId));
      }
      Contest contest = Contest.from(doc);
      String status = doc.getString("status");
      if ("ended".equals(status)) {
        List<Line> lines = new ArrayList<>();
        for (Object o : doc.getJsonArray("results", new JsonArray())) {
          JsonObject l = (JsonObject) o;
          lines.add(new Line(l.getString("id"), l.getString("name"), l.getLong("result"), l.getLong("baseline"),
              l.getLong("target"), l.getDouble("score"), l.getInteger("place")));
        }
        return Future.succeededFuture(new Standings(contest, status, lines, doc.getJsonArray("winners")));
      }
      Tally t = tally(contest);
      return t.built.compose(v -> lines(t)).map(lines -> new Standings(contest,
          context.clock().instant().isBefore(contest.start()) ? "scheduled" : "running", lines, new JsonArray()));
    });
  }

  private Tally tally(Contest contest) {
    return tallies.computeIfAbsent(contest.id(), id -> {
      // Live credits are counted from now on; the replay fills in the past. Both skip an entry
      // already counted, so the order between them does not matter.
      io.vertx.core.Promise<Void> built = io.vertx.core.Promise.promise();
      Tally t = new Tally(contest, built.future());
      context.points().replay(contest.baselineStart(), contest.end(), e -> {
        if (e.orgId().equals(contest.orgId())) {
          add(t, e.entryId(), e.userId(), e.ruleId(), e.points(), e.areas(), e.occurredAt(), null);
        }
      }).onComplete(r -> {
        if (r.failed()) {
          tallies.remove(id, t);
          built.fail(r.cause());
        } else {
          built.complete();
        }
      });
      return t;
    });
  }

  private void credit(String orgId, Credit c) {
    for (Tally t : tallies.values()) {
      if (t.contest.orgId().equals(orgId)
          && add(t, c.entryId(), c.userId(), c.ruleId(), c.points(), c.areas(), c.occurredAt(), c.teams())) {
        changes.forEach(l -> l.accept(t.contest.id()));
      }
    }
  }

  /** Counts one credit on the tally (once per entry); true when it counted. */
  private boolean add(Tally t, String entryId, String userId, String ruleId, long points, List<String> areas,
      Instant at, List<String> teams) {
    Contest contest = t.contest;
    if (!contest.counts(ruleId, areas) || at.isBefore(contest.baselineStart()) || !at.isBefore(contest.end())) {
      return false;
    }
    if (!t.counted.add(entryId)) {
      return false;
    }
    boolean before = at.isBefore(contest.start());
    Consumer<String> into = id -> {
      if (before) {
        t.addBaseline(id, at, points);
      } else {
        t.result.merge(id, points, Long::sum);
      }
    };
    if (contest.scope() == Scope.INDIVIDUAL) {
      into.accept(userId);
    } else if (teams != null) {
      teams.forEach(into);
    } else {
      // Replayed credit: the team is the person's team as the boards know it now.
      boards.org(contest.orgId()).onSuccess(org -> {
        String team = org.teamOf().get(userId);
        if (team != null) {
          into.accept(team);
        }
      });
    }
    return true;
  }

  private record Competitors(Map<String, String> people, Map<String, String> teams) {}

  /** Who may compete: reps by id and name, and teams. */
  private Future<Competitors> competitors(String orgId) {
    return context.directory().people(orgId).compose(people -> context.directory().teams(orgId).map(teams -> {
      Map<String, String> reps = new HashMap<>();
      for (Directory.Person p : people) {
        if (p.has(Role.REP)) {
          reps.put(p.id(), p.name());
        }
      }
      Map<String, String> t = new HashMap<>();
      for (Directory.Team team : teams) {
        t.put(team.id(), team.name());
      }
      return new Competitors(reps, t);
    }));
  }

  private Future<List<Line>> lines(Tally t) {
    Contest c = t.contest;
    // While a contest runs, its baseline is the same length of time just before the start as it has
    // run so far: two days of a week-long contest are compared with the two days before it.
    Instant now = context.clock().instant();
    Duration length = Duration.between(c.start(), c.end());
    Duration elapsed = now.isBefore(c.start()) ? Duration.ZERO
        : now.isBefore(c.end()) ? Duration.between(c.start(), now) : length;
    return competitors(c.orgId()).map(comp -> {
      Map<String, String> names = c.scope() == Scope.TEAM ? comp.teams() : comp.people();
      List<Line> lines = new ArrayList<>();
      for (var e : names.entrySet()) {
        String id = e.getKey();
        long result = t.result.getOrDefault(id, 0L);
        long baseline = t.baseline(id, elapsed);
        long target = c.variant() == Contest.Variant.TARGET ? c.target(id) : 0;
        double score = switch (c.variant()) {
          case ABSOLUTE -> result;
          case TARGET -> Math.round(1000.0 * result / target) / 10.0;
          case IMPROVEMENT -> Math.round(1000.0 * (result - baseline) / Math.max(1, baseline)) / 10.0;
        };
        lines.add(new Line(id, e.getValue(), result, baseline, target, score, 0));
      }
      lines.sort(Comparator.comparingDouble(Line::score).reversed().thenComparing(Line::name));
      List<Line> placed = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        Line l = lines.get(i);
        int place = i > 0 && placed.get(i - 1).score() == l.score() ? placed.get(i - 1).place() : i + 1;
        placed.add(new Line(l.id(), l.name(), l.result(), l.baseline(), l.target(), l.score(), place));
      }
      return placed;
    });
  }

  /** Finishes every contest on this node whose end has passed. */
  private void finishDue() {
    Instant now = context.clock().instant();
    for (Tally t : List.copyOf(tallies.values())) {
      if (!now.isBefore(t.contest.end()) && t.built.succeeded()) {
        tallies.remove(t.contest.id(), t);
        finish(t).onFailure(e -> context.log().warn("finishing contest {} failed", t.contest.id(), e));
      }
    }
  }

  private Future<Void> finish(Tally t) {
    Contest c = t.contest;
    return lines(t).compose(lines -> {
      JsonArray results = new JsonArray();
      JsonArray winners = new JsonArray();
      for (Line l : lines) {
        results.add(new JsonObject().put("id", l.id()).put("name", l.name()).put("result", l.result())
            .put("baseline", l.baseline()).put("target", l.target()).put("score", l.score()).put("place", l.place()));
        // A place wins a prize only with something to show for it.
        if (l.place() <= c.prizes().size() && l.result() > 0) {
          winners.add(new JsonObject().put("id", l.id()).put("name", l.name()).put("place", l.place())
              .put("prize", c.prizes().get(l.place() - 1)));
        }
      }
      return store.setIf(COLLECTION, c.id(), new JsonObject().put("status", "running"), new JsonObject()
          .put("status", "ended").put("results", results).put("winners", winners)
          .put("endedAt", context.clock().millis())).compose(won -> won ? announce(c, winners) : Future.succeededFuture());
    }).onSuccess(v -> changes.forEach(l -> l.accept(c.id())));
  }

  /** Publishes {@code contest.won} for each winning person (each member of a winning team). */
  private Future<Void> announce(Contest c, JsonArray winners) {
    return context.directory().people(c.orgId()).map(people -> {
      for (Object o : winners) {
        JsonObject w = (JsonObject) o;
        String prize = w.getString("prize");
        List<String> persons = new ArrayList<>();
        if (c.scope() == Scope.TEAM) {
          people.stream().filter(p -> w.getString("id").equals(p.teamId())).forEach(p -> persons.add(p.id()));
        } else {
          persons.add(w.getString("id"));
        }
        for (String userId : persons) {
          context.events().publish(Catalogue.CONTEST_WON, new Events.ContestWon(c.orgId(), c.id(), c.name(), userId,
              c.scope() == Scope.TEAM ? w.getString("id") : null, w.getInteger("place"),
              prize == null || prize.isEmpty() ? null : prize, c.end()));
        }
      }
      return null;
    });
  }

  /** The standings as JSON, everyone named (for the leader who created the contest). */
  static JsonObject view(Standings s) {
    return view(s, new Visibility.Audience(null, true, Map.of()));
  }

  /**
   * The standings as JSON as this audience may see them: people who opted out are left out and
   * anonymous ones unnamed (their places still count), on standings and winners alike.
   */
  static JsonObject view(Standings s, Visibility.Audience audience) {
    Contest c = s.contest();
    boolean individual = c.scope() == Scope.INDIVIDUAL;
    JsonArray lines = new JsonArray();
    for (Line l : s.lines()) {
      if (individual && audience.hides(l.id())) {
        continue;
      }
      JsonObject line = person(new JsonObject().put("place", l.place()), l.id(), l.name(), individual, audience)
          .put("result", l.result()).put("baseline", l.baseline()).put("target", l.target()).put("score", l.score());
      lines.add(line);
    }
    return new JsonObject().put("id", c.id()).put("name", c.name()).put("scope", c.scope().key())
        .put("metric", c.metric()).put("variant", c.variant().key()).put("start", c.start().toString())
        .put("end", c.end().toString()).put("prizes", new JsonArray(c.prizes())).put("status", s.status())
        .put("standings", lines).put("winners", winners(s.winners(), individual, audience));
  }

  /** Winners as the audience may see them: a winner who opted out or is anonymous is unnamed. */
  static JsonArray winners(JsonArray winners, boolean individual, Visibility.Audience audience) {
    JsonArray out = new JsonArray();
    if (winners == null) {
      return out;
    }
    for (Object o : winners) {
      JsonObject w = (JsonObject) o;
      String id = w.getString("id");
      boolean unnamed = individual && (audience.hides(id) || audience.anonymises(id));
      JsonObject line = new JsonObject().put("place", w.getInteger("place")).put("prize", w.getString("prize"))
          .put("anonymous", unnamed).put("you", individual && audience.isViewer(id));
      if (!unnamed) {
        line.put("id", id).put("name", w.getString("name"));
      }
      out.add(line);
    }
    return out;
  }

  private static JsonObject person(JsonObject line, String id, String name, boolean individual,
      Visibility.Audience audience) {
    boolean anonymous = individual && audience.anonymises(id);
    line.put("you", individual && audience.isViewer(id)).put("anonymous", anonymous);
    if (!anonymous) {
      line.put("id", id).put("name", name);
    }
    return line;
  }
}
