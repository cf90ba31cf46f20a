package dev.quotient.plugin.development.profile;

import dev.quotient.api.ClientError;
import dev.quotient.api.ContentStore;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.Role;
import dev.quotient.api.event.Commands;
import dev.quotient.api.event.Events;
import dev.quotient.api.materials.Skill;
import dev.quotient.plugin.development.kpi.Kpi;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * IQ/EQ/BQ profiles: one document per rep ({@code profiles}, id from organisation and user) with the
 * leader's assessment (score and note per sub-skill), the rep's self-assessment, targets and, for a
 * new hire, the scores seeded from the RPAC scorecard. Evidence (quiz results, KPIs) is read when the
 * profile is shown. Every write is a compare-and-set on {@code revision}: a stale one is 409.
 */
public final class Profiles {

  static final String COLLECTION = "profiles";
  static final int MAX_NOTE = 1000;

  private final ContentStore store;
  private final QuizResults quizzes;
  private final Kpis kpis;
  private final Clock clock;

  public Profiles(ContentStore store, QuizResults quizzes, Kpis kpis, Clock clock) {
    this.store = store;
    this.quizzes = quizzes;
    this.kpis = kpis;
    this.clock = clock;
  }

  /** A profile as shown: the stored assessments, the evidence and each sub-skill's score and gap. */
  public record Profile(String orgId, String userId, JsonObject doc, Map<Skill, Scoring.Result> results,
      Map<Skill, List<Evidence.Item>> evidence, Map<Kpi, Double> kpis) {

    public int revision() {
      return doc.getInteger("revision", 0);
    }

    /** Scored sub-skills with a gap, largest first. */
    public List<Scoring.Result> gaps() {
      return results.values().stream().filter(r -> r.gap() != null && r.gap() > 0)
          .sorted((a, b) -> Double.compare(b.gap(), a.gap())).toList();
    }
  }

  public static String id(String orgId, String userId) {
    return Ids.of(orgId, "profile", userId);
  }

  /** The stored document, or an empty one at revision 0. */
  public Future<JsonObject> doc(String orgId, String userId) {
    return store.get(COLLECTION, id(orgId, userId)).map(d -> d != null ? d
        : new JsonObject().put("orgId", orgId).put("userId", userId).put("revision", 0));
  }

  /** Builds the profile with evidence up to {@code today} (the organisation's day). */
  public Future<Profile> profile(String orgId, String userId, LocalDate today) {
    return doc(orgId, userId).compose(doc -> quizzes.of(orgId, userId).compose(results ->
        kpis.baseline(orgId, userId, today).map(k -> {
          List<Evidence.Item> items = new ArrayList<>(QuizResults.evidence(results));
          items.addAll(Evidence.fromKpis(k, Kpis.BASELINE_DAYS));
          Map<Skill, List<Evidence.Item>> bySkill = Evidence.bySkill(items);
          Map<Skill, Scoring.Inputs> inputs = new EnumMap<>(Skill.class);
          Map<Skill, Integer> targets = new EnumMap<>(Skill.class);
          JsonObject leader = doc.getJsonObject("leader", new JsonObject());
          JsonObject self = doc.getJsonObject("self", new JsonObject());
          JsonObject hire = doc.getJsonObject("hire", new JsonObject()).getJsonObject("scores", new JsonObject());
          JsonObject t = doc.getJsonObject("targets", new JsonObject());
          for (Skill s : Skill.values()) {
            JsonObject l = leader.getJsonObject(s.key());
            inputs.put(s, new Scoring.Inputs(l == null ? null : l.getInteger("score"), self.getInteger(s.key()),
                hire.getDouble(s.key()), bySkill.getOrDefault(s, List.of())));
            targets.put(s, t.getInteger(s.key(), Scoring.DEFAULT_TARGET));
          }
          return new Profile(orgId, userId, doc, Scoring.all(inputs, targets), bySkill, k);
        })));
  }

  /**
   * A leader's assessment: {@code {revision, assessment: {skill: {score, note}}, targets: {skill: n}}}.
   * 400 naming the field for a bad score, note or target; 409 for a stale revision; nothing changed then.
   */
  public Future<Void> assess(CurrentUser leader, String userId, JsonObject body) {
    if (!leader.has(Role.LEADER)) {
      return Future.failedFuture(ClientError.forbidden("development.error.profile.leader"));
    }
    JsonObject changes = new JsonObject();
    Integer revision;
    try {
      revision = Fields.revision(body.getValue("revision"), "revision");
      JsonObject assessment = Fields.object(body, "assessment", false);
      JsonObject targets = Fields.object(body, "targets", false);
      long now = clock.millis();
      if (assessment != null) {
        for (String key : assessment.fieldNames()) {
          Skill s = Fields.skill(key, "assessment." + key);
          Object entry = assessment.getValue(key);
          if (!(entry instanceof JsonObject e)) {
            throw ClientError.badRequest("development.error.object", "assessment." + key);
          }
          int score = Fields.score(e.getValue("score"), "assessment." + key + ".score");
          String note = Fields.text(e.getValue("note"), "assessment." + key + ".note", MAX_NOTE, false);
          changes.put("leader." + s.key(), new JsonObject().put("score", score).put("note", note)
              .put("by", leader.userId()).put("at", now));
        }
      }
      if (targets != null) {
        for (String key : targets.fieldNames()) {
          Skill s = Fields.skill(key, "targets." + key);
          changes.put("targets." + s.key(), Fields.score(targets.getValue(key), "targets." + key));
        }
      }
    } catch (ClientError e) {
      return Future.failedFuture(e);
    }
    return write(leader.orgId(), userId, revision, changes);
  }

  /** The rep's own self-assessment: {@code {revision, self: {skill: score}}}; only for oneself (403). */
  public Future<Void> selfAssess(CurrentUser rep, String userId, JsonObject body) {
    if (!rep.userId().equals(userId)) {
      return Future.failedFuture(ClientError.forbidden("development.error.profile.self"));
    }
    JsonObject changes = new JsonObject();
    Integer revision;
    try {
      revision = Fields.revision(body.getValue("revision"), "revision");
      JsonObject self = Fields.object(body, "self", true);
      for (String key : self.fieldNames()) {
        Skill s = Fields.skill(key, "self." + key);
        changes.put("self." + s.key(), Fields.score(self.getValue(key), "self." + key));
      }
      changes.put("selfAt", clock.millis());
    } catch (ClientError e) {
      return Future.failedFuture(e);
    }
    return write(rep.orgId(), userId, revision, changes);
  }

  /** Applies dotted changes to the profile in one compare-and-set on its revision. */
  private Future<Void> write(String orgId, String userId, Integer expected, JsonObject changes) {
    String id = id(orgId, userId);
    return doc(orgId, userId).compose(doc -> {
      int current = doc.getInteger("revision", 0);
      if (expected != null && expected != current) {
        return Future.failedFuture(ClientError.conflict("development.error.stale", "revision"));
      }
      JsonObject next = doc.copy();
      for (String path : changes.fieldNames()) {
        String[] parts = path.split("\\.", 2);
        if (parts.length == 2) {
          JsonObject sub = next.getJsonObject(parts[0], new JsonObject()).copy();
          sub.put(parts[1], changes.getValue(path));
          next.put(parts[0], sub);
        } else {
          next.put(path, changes.getValue(path));
        }
      }
      next.put("revision", current + 1).put("updatedAt", clock.millis());
      next.remove("_id");
      if (current == 0 && !doc.containsKey("_id")) {
        next.put("_id", id);
        return store.insert(COLLECTION, next).<Void>mapEmpty().recover(e -> Future.failedFuture(
            e instanceof ClientError c && c.status() == 409 ? ClientError.conflict("development.error.stale", "revision") : e));
      }
      return store.setIf(COLLECTION, id, new JsonObject().put("revision", current), next).compose(won -> won
          ? Future.<Void>succeededFuture() : Future.failedFuture(ClientError.conflict("development.error.stale", "revision")));
    });
  }

  /**
   * Seeds a new hire's profile from the RPAC scorecard: acumen to the IQ skills, culture fit to the EQ
   * skills, role fit to readiness, proven achievement to execution, their mean to mindset. Idempotent:
   * a repeated event finds the seed already there.
   */
  public Future<Void> seed(Events.CandidateHired e) {
    JsonObject scores = new JsonObject();
    double acumen = clampScore(e.acumen());
    double culture = clampScore(e.cultureFit());
    double role = clampScore(e.roleFit());
    double proven = clampScore(e.provenAchievement());
    scores.put(Skill.PRODUCT_KNOWLEDGE.key(), acumen).put(Skill.INDUSTRY_KNOWLEDGE.key(), acumen);
    scores.put(Skill.SELF_AWARENESS.key(), culture).put(Skill.EMPATHY.key(), culture).put(Skill.ASSERTIVENESS.key(), culture);
    scores.put(Skill.READINESS.key(), role).put(Skill.EXECUTION.key(), proven)
        .put(Skill.MINDSET.key(), Evidence.round((role + proven) / 2));
    JsonObject hire = new JsonObject().put("candidateId", e.candidateId()).put("roleName", e.roleName())
        .put("scores", scores).put("evidence", new JsonArray(e.evidence())).put("hiredAt", e.hiredAt().toEpochMilli());
    return doc(e.orgId(), e.userId()).compose(doc -> doc.containsKey("hire") ? Future.succeededFuture()
        : write(e.orgId(), e.userId(), null, new JsonObject().put("hire", hire))
            .recover(x -> x instanceof ClientError c && c.status() == 409 ? seed(e) : Future.failedFuture(x)));
  }

  private static double clampScore(double v) {
    return Double.isFinite(v) ? Math.max(1, Math.min(5, v)) : 1;
  }

  /** The organisation's mean gap per sub-skill over the reps with a scored profile ({@code skills.gaps}). */
  public Future<Commands.SkillGaps> gaps(String orgId, List<String> repIds, LocalDate today) {
    // Reps are read in parallel: a trainer brief waits for this answer with a short timeout.
    List<Future<Profile>> reads = repIds.stream().map(rep -> store.get(COLLECTION, id(orgId, rep))
        .compose(d -> d == null ? Future.<Profile>succeededFuture(null) : profile(orgId, rep, today))).toList();
    return Future.all(reads).map(done -> reads.stream().map(Future::result).filter(java.util.Objects::nonNull).toList())
        .map(profiles -> {
      List<Commands.SkillGap> gaps = new ArrayList<>();
      for (Skill s : Skill.values()) {
        var scored = profiles.stream().map(p -> p.results().get(s)).filter(r -> r.gap() != null).toList();
        double mean = scored.isEmpty() ? 0 : Evidence.round(scored.stream().mapToDouble(Scoring.Result::gap).average().orElse(0));
        int withGap = (int) scored.stream().filter(r -> r.gap() >= Scoring.HIGHLIGHT).count();
        gaps.add(new Commands.SkillGap(s.key(), s.area().name(), mean, scored.size(), withGap));
      }
      return new Commands.SkillGaps(gaps);
    });
  }
}
