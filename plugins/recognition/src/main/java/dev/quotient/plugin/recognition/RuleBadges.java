package dev.quotient.plugin.recognition;

import dev.quotient.api.PluginContext;
import dev.quotient.api.event.Events;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.function.Predicate;

/**
 * Badges earned by activity, points, cadence streaks and contests. Every handler first stores the
 * fact once (by the event's own id) and then re-counts from what is stored, so an event seen twice,
 * or on two nodes, neither counts twice nor awards twice (awards have deterministic ids).
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

  /** activity.recorded: first-time and activity threshold badges, goals, and streaks for follow-ups. */
  Future<Void> activity(Events.ActivityRecorded e) {
    return log.record(e)
        .compose(v -> activityBadges(e))
        .compose(v -> goals.activity(e))
        .compose(v -> Cadences.KIND.equals(e.kind()) ? streaks(e.orgId(), e.userId()) : Future.<Void>succeededFuture());
  }

  /** First-time and threshold badges of the activity's kind; counts only when a badge needs it. */
  private Future<Void> activityBadges(Events.ActivityRecorded e) {
    if (badges.all().stream().noneMatch(b -> e.kind().equals(trigger(b).getString("activity")))) {
      return Future.succeededFuture();
    }
    return log.count(e.orgId(), e.userId(), e.kind()).compose(count -> awardAll(e.orgId(), e.userId(), b ->
        switch (b.getString("kind")) {
          case "first-time" -> "activity.recorded".equals(trigger(b).getString("event"))
              && e.kind().equals(trigger(b).getString("activity"));
          case "threshold" -> e.kind().equals(trigger(b).getString("activity"))
              && count >= trigger(b).getLong("count") && !trigger(b).containsKey("points");
          default -> false;
        }))
        .compose(v -> combined(e.orgId(), e.userId()));
  }

  /** points.awarded: point threshold badges, each ledger entry counted once. */
  Future<Void> points(Events.PointsAwarded e) {
    return log.record(e).compose(v -> log.points(e.orgId(), e.userId()))
        .compose(total -> awardAll(e.orgId(), e.userId(), b -> "threshold".equals(b.getString("kind"))
            && !trigger(b).containsKey("activity") && total >= trigger(b).getLong("points")))
        .compose(v -> combined(e.orgId(), e.userId()));
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
