package dev.quotient.plugin.development.profile;

import dev.quotient.api.materials.Skill;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The combined score of one sub-skill (1-5) and its gap to the target. Each source has a weight; a
 * source with nothing to say drops out and the others are scaled up, so a rep with only a leader's
 * assessment is scored by it alone:
 *
 * <ul>
 *   <li>the leader's assessment: 0.4 (the subjective analysis of tip 3, the strongest signal);</li>
 *   <li>quiz evidence (mean of the module results for the skill): 0.2;</li>
 *   <li>KPI evidence (mean of the mapped KPIs, see {@link Evidence}): 0.2;</li>
 *   <li>the rep's self-assessment: 0.1;</li>
 *   <li>the hiring scorecard (RPAC, for a new hire): 0.1.</li>
 * </ul>
 *
 * No source at all leaves the skill unscored (no gap). gap = target - score, never below 0; a gap of
 * 1 or more is highlighted.
 */
public final class Scoring {

  public static final double LEADER = 0.4;
  public static final double QUIZ = 0.2;
  public static final double KPI = 0.2;
  public static final double SELF = 0.1;
  public static final double HIRE = 0.1;
  public static final int DEFAULT_TARGET = 4;
  public static final double HIGHLIGHT = 1.0;

  private Scoring() {}

  /** What is known of one sub-skill. Null means the source said nothing. */
  public record Inputs(Integer leader, Integer self, Double hire, List<Evidence.Item> evidence) {}

  /** The combined score (null when unscored), the target and the gap. */
  public record Result(Skill skill, Double score, int target, Double gap, boolean highlighted, Double quiz, Double kpi) {}

  public static Result score(Skill skill, Inputs in, int target) {
    Double quiz = mean(in.evidence(), "quiz");
    Double kpi = mean(in.evidence(), "kpi");
    double sum = 0;
    double weights = 0;
    if (in.leader() != null) {
      sum += LEADER * in.leader();
      weights += LEADER;
    }
    if (quiz != null) {
      sum += QUIZ * quiz;
      weights += QUIZ;
    }
    if (kpi != null) {
      sum += KPI * kpi;
      weights += KPI;
    }
    if (in.self() != null) {
      sum += SELF * in.self();
      weights += SELF;
    }
    if (in.hire() != null) {
      sum += HIRE * in.hire();
      weights += HIRE;
    }
    if (weights == 0) {
      return new Result(skill, null, target, null, false, quiz, kpi);
    }
    double score = Evidence.round(sum / weights);
    double gap = Evidence.round(Math.max(0, target - score));
    return new Result(skill, score, target, gap, gap >= HIGHLIGHT, quiz, kpi);
  }

  /** Scores every sub-skill. */
  public static Map<Skill, Result> all(Map<Skill, Inputs> inputs, Map<Skill, Integer> targets) {
    Map<Skill, Result> out = new EnumMap<>(Skill.class);
    for (Skill s : Skill.values()) {
      Inputs in = inputs.getOrDefault(s, new Inputs(null, null, null, List.of()));
      out.put(s, score(s, in, targets.getOrDefault(s, DEFAULT_TARGET)));
    }
    return out;
  }

  private static Double mean(List<Evidence.Item> items, String source) {
    var stats = items.stream().filter(i -> i.source().equals(source)).mapToDouble(Evidence.Item::score).summaryStatistics();
    return stats.getCount() == 0 ? null : Evidence.round(stats.getAverage());
  }
}
