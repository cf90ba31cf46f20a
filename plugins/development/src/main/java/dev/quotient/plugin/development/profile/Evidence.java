package dev.quotient.plugin.development.profile;

import dev.quotient.api.materials.Skill;
import dev.quotient.plugin.development.kpi.Kpi;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How measured results become evidence on the 1-5 scale of a sub-skill. Documented in the plugin
 * README ("Development plans"); the values are the domain's own yardsticks (tips 10 and 12).
 *
 * <table>
 *   <tr><th>KPI (last 90 days)</th><th>sub-skill</th><th>5 at</th></tr>
 *   <tr><td>win rate</td><td>product knowledge</td><td>40% or more (linear from 0)</td></tr>
 *   <tr><td>leads answered within 5 minutes</td><td>readiness</td><td>100% (linear)</td></tr>
 *   <tr><td>median response minutes</td><td>readiness</td><td>5 minutes or less; 1 at 120 or more</td></tr>
 *   <tr><td>follow-ups per lead</td><td>execution</td><td>5 or more (linear)</td></tr>
 *   <tr><td>meetings with 5+ follow-ups</td><td>execution</td><td>80% or more (linear)</td></tr>
 *   <tr><td>selling hours a week</td><td>mindset</td><td>20 hours or more (linear)</td></tr>
 * </table>
 *
 * A quiz result is evidence for every sub-skill its module trains: score 0-100 becomes 1 + 4 x score/100.
 */
public final class Evidence {

  private Evidence() {}

  /** One piece of evidence for a sub-skill, already on the 1-5 scale. */
  public record Item(Skill skill, String source, String what, double value, double score) {}

  /** Evidence from a rep's KPIs over a window of {@code days}. */
  public static List<Item> fromKpis(Map<Kpi, Double> kpis, int days) {
    List<Item> out = new ArrayList<>();
    add(out, kpis, Kpi.WIN_RATE, Skill.PRODUCT_KNOWLEDGE, v -> 1 + 4 * clamp(v / 0.4));
    add(out, kpis, Kpi.RESPONSE_WITHIN_5_SHARE, Skill.READINESS, v -> 1 + 4 * clamp(v));
    add(out, kpis, Kpi.RESPONSE_MEDIAN_MINUTES, Skill.READINESS, v -> 5 - 4 * clamp((v - 5) / 115));
    add(out, kpis, Kpi.FOLLOW_UPS_PER_LEAD, Skill.EXECUTION, v -> 1 + 4 * clamp(v / 5));
    add(out, kpis, Kpi.FIVE_FOLLOW_UP_SHARE, Skill.EXECUTION, v -> 1 + 4 * clamp(v / 0.8));
    add(out, kpis, Kpi.SELLING_HOURS, Skill.MINDSET, v -> 1 + 4 * clamp(v * 7.0 / Math.max(1, days) / 20));
    return out;
  }

  /** Evidence from one quiz result (score 0-100) for each sub-skill of its module. */
  public static List<Item> fromQuiz(String moduleId, List<Skill> skills, double score) {
    return skills.stream().map(s -> new Item(s, "quiz", moduleId, score, round(1 + 4 * clamp(score / 100)))).toList();
  }

  /** Evidence grouped by sub-skill. */
  public static Map<Skill, List<Item>> bySkill(List<Item> items) {
    Map<Skill, List<Item>> out = new EnumMap<>(Skill.class);
    for (Item i : items) {
      out.computeIfAbsent(i.skill(), k -> new ArrayList<>()).add(i);
    }
    return out;
  }

  private static void add(List<Item> out, Map<Kpi, Double> kpis, Kpi kpi, Skill skill,
      java.util.function.DoubleUnaryOperator map) {
    Double v = kpis.get(kpi);
    if (v != null && Double.isFinite(v)) {
      out.add(new Item(skill, "kpi", kpi.key(), v, round(map.applyAsDouble(v))));
    }
  }

  static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }

  public static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
