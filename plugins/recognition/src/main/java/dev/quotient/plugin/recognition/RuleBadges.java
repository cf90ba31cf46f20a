package dev.quotient.plugin.recognition;

import dev.quotient.api.PluginContext;
import dev.quotient.api.event.Events;
import io.vertx.core.Future;
import dev.quotient.api.projection.ProjectionView;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Badges earned by activity, points, cadence streaks and contests, checked against the tallies the
 * platform folds from the logs ({@link ActivityLog}); awards have deterministic ids, so a check made
 * twice, or on two nodes, awards once.
 */
final class RuleBadges {

  private final PluginContext context;
  private final BadgeCatalogue badges;
  private final AwardService awards;
  private final ActivityLog log;
  private final Cadences cadences;
  private final Goals goals;
  private final Celebrations celebrations;

  RuleBadges(PluginContext context, BadgeCatalogue badges, AwardService awards, ActivityLog log, Cadences cadences,
      Goals goals, Celebrations celebrations) {
    this.context = context;
    this.badges = badges;
    this.awards = awards;
    this.log = log;
    this.cadences = cadences;
    this.goals = goals;
    this.celebrations = celebrations;
  }

  /** Who a folded batch touched: per person, the activity kinds and whether points came. */
  private record Touched(String orgId, String userId, Set<String> kinds, boolean[] points) {}

  /** People waiting for their badge checks, by organisation and person; guarded by itself. */
  private final Map<String, Touched> pending = new LinkedHashMap<>();
  private boolean checking;

  /**
   * After the tallies folded a batch: badge, goal and streak checks for everyone it touched. Checks run
   * one person at a time; batches folded meanwhile merge into the waiting set, so a burst of activity
   * costs one check per person, not one per fact. Checks are idempotent: a batch folded again after a
   * crash awards nothing twice.
   */
  void folded(ProjectionView.Folded batch) {
    synchronized (pending) {
      for (var e : batch.activities()) {
        touched(e.orgId(), e.userId()).kinds().add(e.kind());
      }
      for (var e : batch.credits()) {
        touched(e.orgId(), e.userId()).points()[0] = true;
      }
      if (checking) {
        return;
      }
      checking = true;
    }
    next();
  }

  private Touched touched(String orgId, String userId) {
    return pending.computeIfAbsent(orgId + "\n" + userId, k -> new Touched(orgId, userId, new HashSet<>(),
        new boolean[1]));
  }

  private void next() {
    Touched t;
    synchronized (pending) {
      var it = pending.values().iterator();
      if (!it.hasNext()) {
        checking = false;
        return;
      }
      t = it.next();
      it.remove();
    }
    check(t).onComplete(r -> {
      if (r.failed()) {
        context.log().warn("badges of {} not checked", t.userId(), r.cause());
      }
      next();
    });
  }

  private Future<Void> check(Touched t) {
    Future<Void> chain = Future.succeededFuture();
    for (String kind : t.kinds()) {
      chain = chain.compose(v -> activityBadges(t.orgId(), t.userId(), kind));
    }
    if (t.points()[0]) {
      chain = chain.compose(v -> pointBadges(t.orgId(), t.userId()));
    }
    if (!t.kinds().isEmpty()) {
      chain = chain.compose(v -> goals.activity(t.orgId(), t.userId(), t.kinds()));
    }
    if (t.kinds().contains(Cadences.KIND)) {
      chain = chain.compose(v -> streaks(t.orgId(), t.userId()));
    }
    return chain.compose(v -> combined(t.orgId(), t.userId()));
  }

  /** First-time and threshold badges of one activity kind; counts only when a badge needs it. */
  private Future<Void> activityBadges(String orgId, String userId, String kind) {
    if (badges.all().stream().noneMatch(b -> kind.equals(trigger(b).getString("activity")))) {
      return Future.succeededFuture();
    }
    return log.count(orgId, userId, kind).compose(count -> awardAll(orgId, userId, b ->
        switch (b.getString("kind")) {
          case "first-time" -> "activity.recorded".equals(trigger(b).getString("event"))
              && kind.equals(trigger(b).getString("activity")) && count > 0;
          case "threshold" -> kind.equals(trigger(b).getString("activity"))
              && count >= trigger(b).getLong("count") && !trigger(b).containsKey("points");
          default -> false;
        }));
  }

  /** Point threshold badges. */
  private Future<Void> pointBadges(String orgId, String userId) {
    return log.points(orgId, userId)
        .compose(total -> awardAll(orgId, userId, b -> "threshold".equals(b.getString("kind"))
            && !trigger(b).containsKey("activity") && total >= trigger(b).getLong("points")));
  }

  /** Threshold badges that need both points and an activity count. */
  private Future<Void> combined(String orgId, String userId) {
    Future<Void> chain = Future.succeededFuture();
    for (JsonObject b : badges.ofKind("threshold")) {
      JsonObject t = trigger(b);
      if (t.containsKey("points") && t.containsKey("activity")) {
        chain = chain.compose(v -> log.points(orgId, userId).compose(total -> log.count(orgId, userId, t.getString("activity"))
            .compose(count -> total >= t.getLong("points") && count >= t.getLong("count")
                ? awards.award(orgId, userId, b.getString("_id"), null, null).<Void>mapEmpty()
                : Future.<Void>succeededFuture())));
      }
    }
    return chain;
  }

  /** Streak badges for the best streak so far. */
  Future<Void> streaks(String orgId, String userId) {
    return cadences.streak(orgId, userId).compose(s -> awardAll(orgId, userId, b -> "streak".equals(b.getString("kind"))
        && s.getInteger("best") >= trigger(b).getInteger("periods")));
  }

  /** contest.won: contest-winner badges once per contest, and the winner celebrated on the feed. */
  Future<Void> contest(Events.ContestWon e) {
    Future<Void> chain = Future.succeededFuture();
    for (JsonObject b : badges.ofKind("contest-winner")) {
      if (e.place() <= trigger(b).getInteger("place")) {
        chain = chain.compose(v -> awards.award(e.orgId(), e.userId(), b.getString("_id"), null, e.contestName(),
            e.contestId()).mapEmpty());
      }
    }
    if (e.place() != 1) {
      return chain;
    }
    return chain.compose(v -> context.directory().people(e.orgId())).compose(people -> {
      // The winner's own team feed; a team contest names the team when the person has none.
      String personTeam = people.stream().filter(p -> p.id().equals(e.userId())).map(p -> p.teamId())
          .filter(t -> t != null).findFirst().orElse(e.teamId());
      return celebrations.post(new JsonObject()
          .put("_id", Ids.of(e.orgId(), Celebrations.CONTEST_WON, e.contestId(), e.userId()))
          .put("type", Celebrations.CONTEST_WON).put("orgId", e.orgId()).put("teamId", personTeam)
          .put("userId", e.userId()).put("contestId", e.contestId()).put("contestName", e.contestName())
          .put("prize", e.prize()).put("at", e.endedAt().toEpochMilli()));
    });
  }

  private Future<Void> awardAll(String orgId, String userId, Predicate<JsonObject> earned) {
    Future<Void> chain = Future.succeededFuture();
    for (JsonObject b : badges.all()) {
      if (b.getJsonObject("trigger") != null && earned.test(b)) {
        chain = chain.compose(v -> awards.award(orgId, userId, b.getString("_id"), null, null).mapEmpty());
      }
    }
    return chain;
  }

  private static JsonObject trigger(JsonObject badge) {
    return badge.getJsonObject("trigger", new JsonObject());
  }
}
