package dev.quotient.plugin.development.plan;

import dev.quotient.api.materials.Skill;
import dev.quotient.plugin.development.kpi.Kpi;
import dev.quotient.plugin.development.profile.Kpis;
import java.util.EnumMap;
import java.util.Map;

/**
 * The KPI that shows progress in each sub-skill and the predicted result a plan aims at. Documented in
 * the README ("Development plans").
 *
 * <p>Baseline: the KPI over the 90 days before the plan is drafted (selling hours scaled to 30 days).
 * Target (the predicted result): higher-is-better KPIs improve by 20% of the baseline, at least by a
 * minimum step, shares capped at 100%; lower-is-better ones fall by 20%. Without a baseline the target
 * is the domain's yardstick. The actual is the KPI over the 30 days up to today (or the due day).
 */
public final class Targets {

  static final double IMPROVEMENT = 0.2;

  private static final Map<Skill, Kpi> GOAL_KPI = new EnumMap<>(Map.of(
      Skill.PRODUCT_KNOWLEDGE, Kpi.WIN_RATE,
      Skill.INDUSTRY_KNOWLEDGE, Kpi.WIN_RATE,
      Skill.SELF_AWARENESS, Kpi.SELLING_SHARE,
      Skill.EMPATHY, Kpi.FIVE_FOLLOW_UP_SHARE,
      Skill.ASSERTIVENESS, Kpi.ATTEMPTS_TO_CONTACT,
      Skill.MINDSET, Kpi.SELLING_SHARE,
      Skill.READINESS, Kpi.RESPONSE_WITHIN_5_SHARE,
      Skill.EXECUTION, Kpi.FOLLOW_UPS_PER_LEAD));

  private Targets() {}

  /** The KPI a goal in this sub-skill is measured by. */
  public static Kpi kpiFor(Skill skill) {
    return GOAL_KPI.get(skill);
  }

  /** The baseline as a goal states it: selling hours are per 30 days, everything else as measured. */
  public static Double baseline(Kpi kpi, Map<Kpi, Double> last90Days) {
    Double v = last90Days.get(kpi);
    if (v == null) {
      return null;
    }
    return round(kpi, kpi == Kpi.SELLING_HOURS ? v * Kpis.ACTUAL_DAYS / Kpis.BASELINE_DAYS : v);
  }

  /** The predicted result from a baseline (null: none measured). */
  public static double target(Kpi kpi, Double baseline) {
    if (baseline == null) {
      return yardstick(kpi);
    }
    if (!kpi.higherIsBetter()) {
      return round(kpi, baseline * (1 - IMPROVEMENT));
    }
    double next = baseline + Math.max(baseline * IMPROVEMENT, minStep(kpi));
    return round(kpi, share(kpi) ? Math.min(1.0, next) : next);
  }

  /** Whether the actual meets the target in the KPI's direction. */
  public static boolean met(Kpi kpi, double actual, double target) {
    return kpi.higherIsBetter() ? actual >= target : actual <= target;
  }

  static boolean share(Kpi kpi) {
    return kpi == Kpi.WIN_RATE || kpi == Kpi.RESPONSE_WITHIN_5_SHARE || kpi == Kpi.FIVE_FOLLOW_UP_SHARE
        || kpi == Kpi.SELLING_SHARE;
  }

  private static double minStep(Kpi kpi) {
    return switch (kpi) {
      case WIN_RATE, RESPONSE_WITHIN_5_SHARE, FIVE_FOLLOW_UP_SHARE, SELLING_SHARE -> 0.05;
      case FOLLOW_UPS_PER_LEAD -> 0.5;
      case ATTEMPTS_TO_CONTACT -> 1;
      case SELLING_HOURS -> 5;
      default -> 1;
    };
  }

  private static double yardstick(Kpi kpi) {
    return switch (kpi) {
      case WIN_RATE -> 0.25;
      case RESPONSE_WITHIN_5_SHARE -> 0.5;
      case RESPONSE_MEDIAN_MINUTES -> 5;
      case FOLLOW_UPS_PER_LEAD -> 5;
      case FIVE_FOLLOW_UP_SHARE -> 0.8;
      case SELLING_HOURS -> 60;
      case SELLING_SHARE -> 0.5;
      case ATTEMPTS_TO_CONTACT -> 18;
      case CAC, CLV -> 0;
    };
  }

  static double round(Kpi kpi, double v) {
    double scale = share(kpi) ? 100 : 10;
    return Math.round(v * scale) / scale;
  }
}
