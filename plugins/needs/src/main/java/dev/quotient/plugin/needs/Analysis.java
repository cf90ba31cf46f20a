package dev.quotient.plugin.needs;

import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.event.Catalogue;
import dev.quotient.api.event.Commands;
import dev.quotient.api.materials.Skill;
import dev.quotient.plugin.needs.Ranking.Evidence;
import dev.quotient.plugin.needs.Ranking.Scored;
import dev.quotient.plugin.needs.Ranking.SkillGap;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers the evidence for the ranking: the latest audit round, the latest survey anyone answered,
 * and the reps' skill gaps asked from whichever plugin handles {@code skills.gaps}. The skill gaps
 * are optional: no handler, a failure or no answer within the timeout leaves them out with the
 * reason, and the ranking goes on with the rest.
 */
final class Analysis {

  private final PluginContext context;
  private final Catalog catalog;
  private final Audits audits;
  private final Surveys surveys;
  private final Ranking.Weights weights;
  private final long skillGapsTimeoutMs;

  Analysis(PluginContext context, Catalog catalog, Audits audits, Surveys surveys, Ranking.Weights weights,
      long skillGapsTimeoutMs) {
    this.context = context;
    this.catalog = catalog;
    this.audits = audits;
    this.surveys = surveys;
    this.weights = weights;
    this.skillGapsTimeoutMs = skillGapsTimeoutMs;
  }

  Ranking.Weights weights() {
    return weights;
  }

  /** Where the skill gaps came from: available, or the reason they are not ({@code status}). */
  record SkillsSource(String status, Map<Skill, SkillGap> gaps) {}

  /** The ranking and the evidence it rests on; {@code round} and {@code survey} may be null. */
  record Result(List<Scored> ranking, JsonObject round, JsonObject survey, int surveyResponses, SkillsSource skills) {}

  Future<Result> rank(CurrentUser u) {
    Future<List<JsonObject>> rounds = audits.rounds(u.orgId());
    Future<JsonObject[]> survey = latestAnsweredSurvey(u.orgId());
    Future<SkillsSource> skills = skillGaps(u.orgId());
    return Future.join(rounds, survey, skills).transform(ignored -> {
      if (rounds.failed() || survey.failed()) {
        return Future.failedFuture(rounds.failed() ? rounds.cause() : survey.cause());
      }
      JsonObject round = rounds.result().isEmpty() ? null : rounds.result().get(rounds.result().size() - 1);
      JsonObject[] s = survey.result();
      return surveyAggregate(u.orgId(), s == null ? null : s[0]).map(agg -> {
        SkillsSource k = skills.result();
        Evidence evidence = new Evidence(agg == null ? null : agg.needs(), round == null ? null : Audits.gaps(round),
            k.gaps());
        return new Result(Ranking.rank(catalog.topics(), catalog.questions(), evidence, weights), round,
            s == null ? null : s[0], agg == null ? 0 : agg.responses(), k);
      });
    });
  }

  private Future<Surveys.Aggregate> surveyAggregate(String orgId, JsonObject survey) {
    return survey == null ? Future.succeededFuture(null) : surveys.aggregate(orgId, survey.getString("_id"));
  }

  /** The newest survey with at least one answer (wrapped, so "none" is a value). */
  private Future<JsonObject[]> latestAnsweredSurvey(String orgId) {
    return surveys.list(orgId).compose(list -> next(orgId, list, 0));
  }

  private Future<JsonObject[]> next(String orgId, List<JsonObject> list, int i) {
    if (i >= list.size()) {
      return Future.succeededFuture(null);
    }
    JsonObject s = list.get(i);
    return context.content().count(Surveys.RESPONSES, new JsonObject().put("orgId", orgId).put("surveyId", s.getString("_id")))
        .compose(n -> n > 0 ? Future.succeededFuture(new JsonObject[] {s}) : next(orgId, list, i + 1));
  }

  /** Asks for the skill gaps; never fails: an absent or slow handler gives a status instead of gaps. */
  Future<SkillsSource> skillGaps(String orgId) {
    Promise<SkillsSource> promise = Promise.promise();
    long timer = context.setTimer(skillGapsTimeoutMs, t -> promise.tryComplete(new SkillsSource("timeout", null)));
    Future<Commands.SkillGaps> reply;
    try {
      reply = context.events().request(Catalogue.SKILL_GAPS, new Commands.SkillGapsQuery(orgId));
    } catch (RuntimeException e) {
      reply = Future.failedFuture(e);
    }
    reply.onComplete(ar -> {
      context.cancelTimer(timer);
      if (ar.failed()) {
        String status = ar.cause() instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS
            ? "noHandler" : ar.cause() instanceof ReplyException r2 && r2.failureType() == ReplyFailure.TIMEOUT
            ? "timeout" : "failed";
        if (!"noHandler".equals(status)) {
          context.log().warn("skill gaps not available for {}: {}", orgId, ar.cause().toString());
        }
        promise.tryComplete(new SkillsSource(status, null));
        return;
      }
      Map<Skill, SkillGap> gaps = new EnumMap<>(Skill.class);
      for (Commands.SkillGap g : ar.result().gaps()) {
        try {
          if (g.repsAssessed() > 0) {
            gaps.put(Skill.parse(g.skill()), new SkillGap(g.averageGap(), g.repsAssessed(), g.repsWithGap()));
          }
        } catch (IllegalArgumentException e) {
          context.log().warn("skill gaps: unknown sub-skill {} left out", g.skill());
        }
      }
      promise.tryComplete(gaps.isEmpty() ? new SkillsSource("noAssessments", null) : new SkillsSource("available", gaps));
    });
    return promise.future();
  }
}
