package dev.quotient.plugin.development.plan;

import dev.quotient.api.Role;
import dev.quotient.api.event.Commands;
import dev.quotient.api.materials.Material;
import dev.quotient.api.materials.MaterialKind;
import dev.quotient.api.materials.Skill;
import dev.quotient.plugin.development.kpi.Kpi;
import dev.quotient.plugin.development.profile.Profiles;
import dev.quotient.plugin.development.profile.Scoring;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Drafts a plan from a profile, with no I/O: goals for the three largest gaps (at least two when two
 * sub-skills have a gap), each with its KPI, baseline, predicted result and due date; for each goal
 * skill up to two modules that train it and the rep has not passed (the training catalogue's best first,
 * then modules only seen in {@code module.completed}; due at 30 and 60 days); up to three library
 * materials published to reps of the gap skills (worksheets and reinforcement items first); milestones at 30, 60
 * and 90 days. The plan runs 90 days.
 */
public final class PlanDrafter {

  public static final int DAYS = 90;
  static final int MAX_GOALS = 3;
  static final int MODULES_PER_GOAL = 2;
  static final int MAX_MATERIALS = 3;

  /** A module the plan may suggest; {@code title} is null when only its id is known. */
  public record Candidate(String moduleId, String title, List<Skill> skills, Map<String, String> titles) {

    public Candidate(String moduleId, String title, List<Skill> skills) {
      this(moduleId, title, skills, Map.of());
    }

    public Candidate {
      skills = List.copyOf(skills);
    }
  }

  private PlanDrafter() {}

  /** The gap skills a draft sets goals for, largest gap first. */
  public static List<Skill> goalSkills(Profiles.Profile profile) {
    return profile.gaps().stream().limit(MAX_GOALS).map(Scoring.Result::skill).toList();
  }

  /**
   * The training catalogue's modules (in its order; null when it did not answer) followed by the modules
   * seen only in {@code module.completed} events.
   */
  public static List<Candidate> candidates(List<Commands.ModuleRef> catalogue, Map<String, List<Skill>> seen) {
    Map<String, Candidate> out = new LinkedHashMap<>();
    for (Commands.ModuleRef m : catalogue == null ? List.<Commands.ModuleRef>of() : catalogue) {
      out.put(m.moduleId(), new Candidate(m.moduleId(), m.title(),
          m.skills().stream().map(PlanDrafter::skill).flatMap(Optional::stream).toList(), m.titles()));
    }
    seen.forEach((id, skills) -> out.putIfAbsent(id, new Candidate(id, null, skills)));
    return List.copyOf(out.values());
  }

  /** Drafts from modules seen in events only, with no library materials. */
  public static JsonObject draft(Profiles.Profile profile, Map<Kpi, Double> last90Days, Map<String, List<Skill>> modules,
      Set<String> completedModules, LocalDate today) {
    return draft(profile, last90Days, candidates(null, modules), completedModules, List.of(), today);
  }

  public static JsonObject draft(Profiles.Profile profile, Map<Kpi, Double> last90Days, List<Candidate> modules,
      Set<String> passedModules, List<Material> materials, LocalDate today) {
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
    JsonArray milestones = new JsonArray()
        .add(new JsonObject().put("date", today.plusDays(30).toString()).put("kind", "check30").put("title", ""))
        .add(new JsonObject().put("date", today.plusDays(60).toString()).put("kind", "check60").put("title", ""))
        .add(new JsonObject().put("date", ends.toString()).put("kind", "review").put("title", ""));
    return new JsonObject().put("startsOn", today.toString()).put("endsOn", ends.toString()).put("goals", goals)
        .put("modules", chooseModules(gapSkills, modules, passedModules, today))
        .put("resources", chooseMaterials(gapSkills, materials)).put("milestones", milestones)
        .put("mentor", new JsonObject().put("status", "none"));
  }

  /**
   * For each goal skill in turn, the first {@value #MODULES_PER_GOAL} candidates (in their order) that
   * train it, the rep has not passed and no earlier goal took: the first due at 30 days, the second at 60.
   */
  static JsonArray chooseModules(List<Skill> goalSkills, List<Candidate> candidates, Set<String> passed, LocalDate today) {
    JsonArray out = new JsonArray();
    Set<String> taken = new HashSet<>(passed);
    for (Skill skill : goalSkills) {
      int n = 0;
      for (Candidate c : candidates) {
        if (n == MODULES_PER_GOAL) {
          break;
        }
        if (c.skills().contains(skill) && taken.add(c.moduleId())) {
          JsonObject m = new JsonObject().put("moduleId", c.moduleId());
          if (c.title() != null) {
            m.put("title", c.title());
          }
          if (!c.titles().isEmpty()) {
            // every language the module has: pages show the reader's
            m.put("titles", new JsonObject(new java.util.HashMap<>(c.titles())));
          }
          out.add(m.put("skill", skill.key()).put("due", today.plusDays(n == 0 ? 30 : 60).toString()));
          n++;
        }
      }
    }
    return out;
  }

  /**
   * Up to {@value #MAX_MATERIALS} items published to reps serving a gap skill: worksheets and reinforcement items
   * first, then those serving more of the gap skills, else in the order given (newest first).
   */
  static JsonArray chooseMaterials(List<Skill> gapSkills, List<Material> materials) {
    List<Material> fit = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Material m : materials) {
      // The rep must be able to open it: published to reps.
      if (m.published() && m.audience().contains(Role.REP) && m.skills().stream().anyMatch(gapSkills::contains)
          && seen.add(m.id())) {
        fit.add(m);
      }
    }
    fit.sort(Comparator.comparingInt((Material m) -> m.kind() == MaterialKind.WORKSHEET
            || m.kind() == MaterialKind.REINFORCEMENT ? 0 : 1)
        .thenComparingLong(m -> -m.skills().stream().filter(gapSkills::contains).count()));
    JsonArray out = new JsonArray();
    fit.stream().limit(MAX_MATERIALS).forEach(m -> out.add(new JsonObject().put("materialId", m.id())
        .put("title", m.title()).put("kind", m.kind().key()).put("link", m.page())));
    return out;
  }

  private static Optional<Skill> skill(String key) {
    try {
      return Optional.of(Skill.parse(key));
    } catch (IllegalArgumentException | NullPointerException e) {
      return Optional.empty();
    }
  }
}
