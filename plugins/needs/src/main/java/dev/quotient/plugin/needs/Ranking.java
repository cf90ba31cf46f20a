package dev.quotient.plugin.needs;

import dev.quotient.api.materials.Skill;
import dev.quotient.plugin.needs.Catalog.Question;
import dev.quotient.plugin.needs.Catalog.Topic;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Which training topics are most urgent. Three kinds of evidence, each scaled to 0..1 per topic:
 *
 * <ul>
 *   <li><b>survey</b>: (mean need - 1) / 4 over the team's 1-5 ratings of the topic in the latest survey;
 *   <li><b>audit</b>: the largest gap (target - current, below zero counts as 0) / 4 among the audit
 *       questions of the latest round that map to the topic;
 *   <li><b>skills</b>: the mean of (average gap / 4, at most 1) over the topic's sub-skills with assessed reps.
 * </ul>
 *
 * The score is 100 x the weighted sum divided by the sum of the weights of the evidence that exists,
 * so a missing kind (no survey answered yet, no audit, skill gaps not available) neither counts as a
 * zero need nor lowers every score. Ties go to the higher survey need, then to the catalogue order.
 */
final class Ranking {

  /** The weights of survey, audit and skill evidence; any positive numbers (they are normalised). */
  record Weights(double survey, double audit, double skills) {
    static final Weights DEFAULT = new Weights(0.40, 0.35, 0.25);

    Weights {
      if (survey < 0 || audit < 0 || skills < 0 || survey + audit + skills <= 0) {
        throw new IllegalArgumentException("weights must be zero or more, and not all zero");
      }
    }
  }

  /** Mean need (1-5) and how many rated it. */
  record Need(double mean, int ratings) {}

  /** A sub-skill's gap from the development plans. */
  record SkillGap(double averageGap, int repsAssessed, int repsWithGap) {}

  /**
   * The evidence available; a null map means that kind of evidence does not exist.
   *
   * @param needs per topic id, from the latest survey with answers
   * @param gaps per question id, target - current in the latest audit round
   * @param skillGaps per sub-skill with assessed reps
   */
  record Evidence(Map<String, Need> needs, Map<String, Integer> gaps, Map<Skill, SkillGap> skillGaps) {}

  /** One question's share of a topic's audit evidence. */
  record QuestionGap(String question, int gap) {}

  /** One sub-skill's share of a topic's skill evidence. */
  record SkillPart(Skill skill, double averageGap) {}

  /**
   * A ranked topic with its evidence broken down: each part is the 0..1 value, its weight's share and
   * the points it adds to the score.
   */
  record Scored(Topic topic, double score, Need need, double surveyValue, double surveyPoints,
      List<QuestionGap> questionGaps, double auditValue, double auditPoints,
      List<SkillPart> skillParts, double skillValue, double skillPoints) {}

  private Ranking() {}

  static List<Scored> rank(List<Topic> topics, List<Question> questions, Evidence evidence, Weights w) {
    double total = (evidence.needs() != null ? w.survey() : 0) + (evidence.gaps() != null ? w.audit() : 0)
        + (evidence.skillGaps() != null ? w.skills() : 0);
    List<Scored> out = new ArrayList<>();
    for (Topic t : topics) {
      Need need = evidence.needs() == null ? null : evidence.needs().get(t.id());
      double s = need == null || need.ratings() == 0 ? 0 : clamp((need.mean() - 1) / 4);

      List<QuestionGap> qgaps = new ArrayList<>();
      double a = 0;
      if (evidence.gaps() != null) {
        for (Question q : questions) {
          Integer gap = evidence.gaps().get(q.id());
          if (gap != null && q.topics().contains(t.id())) {
            qgaps.add(new QuestionGap(q.id(), gap));
            a = Math.max(a, clamp(gap / 4.0));
          }
        }
      }

      List<SkillPart> parts = new ArrayList<>();
      double k = 0;
      if (evidence.skillGaps() != null) {
        double sum = 0;
        for (Skill skill : t.skills()) {
          SkillGap g = evidence.skillGaps().get(skill);
          if (g != null && g.repsAssessed() > 0) {
            parts.add(new SkillPart(skill, g.averageGap()));
            sum += clamp(g.averageGap() / 4);
          }
        }
        k = parts.isEmpty() ? 0 : sum / parts.size();
      }

      double sp = share(evidence.needs() != null, w.survey(), total, s);
      double ap = share(evidence.gaps() != null, w.audit(), total, a);
      double kp = share(evidence.skillGaps() != null, w.skills(), total, k);
      out.add(new Scored(t, round1(sp + ap + kp), need, s, round1(sp), qgaps, a, round1(ap), parts, k, round1(kp)));
    }
    List<String> order = topics.stream().map(Topic::id).toList();
    out.sort(Comparator.comparingDouble(Scored::score).reversed()
        .thenComparing(Comparator.comparingDouble((Scored x) -> x.need() == null ? 0 : x.need().mean()).reversed())
        .thenComparingInt(x -> order.indexOf(x.topic().id())));
    return List.copyOf(out);
  }

  private static double share(boolean present, double weight, double total, double value) {
    return present && total > 0 ? 100 * weight / total * value : 0;
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }

  static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
