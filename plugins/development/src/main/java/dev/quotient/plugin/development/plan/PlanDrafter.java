package dev.quotient.plugin.development.plan;

import dev.quotient.api.materials.Skill;
import dev.quotient.plugin.development.kpi.Kpi;
import dev.quotient.plugin.development.profile.Profiles;
import dev.quotient.plugin.development.profile.Scoring;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drafts a plan from a profile, with no I/O: goals for the three largest gaps (at least two when two
 * sub-skills have a gap), each with its KPI, baseline, predicted result and due date; up to three
 * modules seen in the organisation that train the gap skills and the rep has not completed (due at
 * the first and second milestone); milestones at 30, 60 and 90 days. The plan runs 90 days.
 */
public final class PlanDrafter {

  public static final int DAYS = 90;
  static final int MAX_GOALS = 3;
  static final int MAX_MODULES = 3;

  private PlanDrafter() {}

  public static JsonObject draft(Profiles.Profile profile, Map<Kpi, Double> last90Days, Map<String, List<Skill>> modules,
      Set<String> completedModules, LocalDate today) {
    LocalDate ends = today.plusDays(DAYS);
    List<Scoring.Result> gaps = profile.gaps().stream().limit(MAX_GOALS).toList();
    JsonArray goals = new JsonArray();
    for (Scoring.Result gap : gaps) {
      Kpi kpi = Targets.kpiFor(gap.skill());
      Double baseline = Targets.baseline(kpi, last90Days);
      goals.add(new JsonObject().put("skill", gap.skill().key()).put("kpi", kpi.key()).put("baseline", baseline)
          .put("target", Targets.target(kpi, baseline)).put("due", ends.toString()).put("gap", gap.gap()));
    }
    List<Skill> gapSkills = gaps.stream().map(Scoring.Result::skill).toList();
    JsonArray suggested = new JsonArray();
    int i = 0;
    for (Map.Entry<String, List<Skill>> m : modules.entrySet()) {
      if (suggested.size() >= MAX_MODULES) {
        break;
      }
      if (!completedModules.contains(m.getKey()) && m.getValue().stream().anyMatch(gapSkills::contains)) {
        suggested.add(new JsonObject().put("moduleId", m.getKey()).put("due", today.plusDays(i++ < 2 ? 30 : 60).toString()));
      }
    }
    JsonArray milestones = new JsonArray()
        .add(new JsonObject().put("date", today.plusDays(30).toString()).put("kind", "check30").put("title", ""))
        .add(new JsonObject().put("date", today.plusDays(60).toString()).put("kind", "check60").put("title", ""))
        .add(new JsonObject().put("date", ends.toString()).put("kind", "review").put("title", ""));
    return new JsonObject().put("startsOn", today.toString()).put("endsOn", ends.toString()).put("goals", goals)
        .put("modules", suggested).put("resources", new JsonArray()).put("milestones", milestones)
        .put("mentor", new JsonObject().put("status", "none"));
  }
}
