package dev.quotient.plugin.development.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.api.Role;
import dev.quotient.api.event.Commands;
import dev.quotient.api.materials.Material;
import dev.quotient.api.materials.MaterialKind;
import dev.quotient.api.materials.Skill;
import dev.quotient.plugin.development.kpi.Kpi;
import dev.quotient.plugin.development.profile.Evidence;
import dev.quotient.plugin.development.profile.Profiles;
import dev.quotient.plugin.development.profile.Scoring;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlanDrafterTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 3, 2);

  private static Profiles.Profile profile(Map<Skill, Integer> leader, List<Evidence.Item> evidence) {
    Map<Skill, Scoring.Inputs> inputs = new EnumMap<>(Skill.class);
    Map<Skill, List<Evidence.Item>> bySkill = Evidence.bySkill(evidence);
    for (Skill s : Skill.values()) {
      inputs.put(s, new Scoring.Inputs(leader.get(s), null, null, bySkill.getOrDefault(s, List.of())));
    }
    return new Profiles.Profile("org", "rep", new JsonObject(), Scoring.all(inputs, Map.of()), bySkill, Map.of());
  }

  @Test
  void draftsGoalsForTheThreeLargestGapsWithBaselinesPredictedResultsAndMatchingModules() {
    Map<Skill, Integer> leader = new EnumMap<>(Skill.class);
    leader.put(Skill.EXECUTION, 1);
    leader.put(Skill.EMPATHY, 2);
    leader.put(Skill.PRODUCT_KNOWLEDGE, 3);
    leader.put(Skill.READINESS, 5);
    leader.put(Skill.MINDSET, 4);
    Map<Kpi, Double> baseline = Map.of(Kpi.FOLLOW_UPS_PER_LEAD, 2.0, Kpi.WIN_RATE, 0.2);
    Map<String, List<Skill>> modules = new LinkedHashMap<>();
    modules.put("follow-up-cadence", List.of(Skill.EXECUTION));
    modules.put("lead-response", List.of(Skill.READINESS));
    modules.put("empathy-and-assertiveness", List.of(Skill.EMPATHY, Skill.ASSERTIVENESS));
    modules.put("pipeline-and-win-rate", List.of(Skill.PRODUCT_KNOWLEDGE));

    JsonObject plan = PlanDrafter.draft(profile(leader, List.of()), baseline, modules, Set.of("pipeline-and-win-rate"), TODAY);

    JsonArray goals = plan.getJsonArray("goals");
    assertEquals(3, goals.size(), goals.encode());
    assertEquals("execution", goals.getJsonObject(0).getString("skill"), "largest gap first");
    assertEquals("empathy", goals.getJsonObject(1).getString("skill"));
    assertEquals("product-knowledge", goals.getJsonObject(2).getString("skill"));
    JsonObject execution = goals.getJsonObject(0);
    assertEquals("follow-ups-per-lead", execution.getString("kpi"));
    assertEquals(2.0, execution.getDouble("baseline"));
    assertEquals(2.5, execution.getDouble("target"), "baseline + max(20%, 0.5)");
    assertEquals("2026-05-31", execution.getString("due"), "90 days");
    JsonObject empathy = goals.getJsonObject(1);
    assertNull(empathy.getDouble("baseline"), "no data: no baseline");
    assertEquals(0.8, empathy.getDouble("target"), "the domain's yardstick: 80% of meetings with five follow-ups");
    assertEquals(0.25, goals.getJsonObject(2).getDouble("target"), "win rate 0.2 + 0.05");
    List<String> suggested = plan.getJsonArray("modules").stream().map(m -> ((JsonObject) m).getString("moduleId")).toList();
    assertEquals(List.of("follow-up-cadence", "empathy-and-assertiveness"), suggested,
        "modules of the gap skills the rep has not passed");
    assertEquals(3, plan.getJsonArray("milestones").size());
    assertEquals("2026-04-01", plan.getJsonArray("milestones").getJsonObject(0).getString("date"));
  }

  @Test
  void evidenceAndWeightsCombineIntoTheScoreAndOnlyRealGapsBecomeGoals() {
    Map<Skill, Integer> leader = new EnumMap<>(Skill.class);
    leader.put(Skill.EXECUTION, 2);
    List<Evidence.Item> evidence = Evidence.fromQuiz("follow-up-cadence", List.of(Skill.EXECUTION), 50);
    Profiles.Profile p = profile(leader, evidence);
    Scoring.Result r = p.results().get(Skill.EXECUTION);
    assertEquals(2.3, r.score(), "(0.4 x 2 + 0.2 x 3) / 0.6");
    assertEquals(1.7, r.gap());
    assertTrue(r.highlighted());
    assertNull(p.results().get(Skill.EMPATHY).score(), "no source: unscored, no gap");
    JsonObject plan = PlanDrafter.draft(p, Map.of(), Map.of(), Set.of(), TODAY);
    assertEquals(1, plan.getJsonArray("goals").size(), "one scored gap, one goal");
    assertTrue(Evidence.fromKpis(Map.of(Kpi.RESPONSE_MEDIAN_MINUTES, 5.0), 90).get(0).score() == 5.0);
    assertEquals(0.4, Targets.target(Kpi.RESPONSE_MEDIAN_MINUTES, 0.5), "lower is better: 20% less");
  }

  @Test
  void choosesAtMostTwoUnpassedCatalogueModulesPerGoalSkillThenSeenOnesAndPublishedWorksheetsFirst() {
    Map<Skill, Integer> leader = new EnumMap<>(Skill.class);
    leader.put(Skill.EMPATHY, 1);
    leader.put(Skill.EXECUTION, 2);
    List<Commands.ModuleRef> catalogue = List.of(
        new Commands.ModuleRef("both", "Empathy and cadence", List.of("empathy", "execution"), 30),
        new Commands.ModuleRef("passed-empathy", "Already passed", List.of("empathy"), 20),
        new Commands.ModuleRef("empathy-2", "Listening", List.of("empathy"), 20),
        new Commands.ModuleRef("empathy-3", "More listening", List.of("empathy"), 20),
        new Commands.ModuleRef("cadence", "Cadence", List.of("execution", "not-a-skill"), 15));
    Map<String, List<Skill>> seen = new LinkedHashMap<>();
    seen.put("cadence", List.of(Skill.EXECUTION));
    seen.put("seen-execution", List.of(Skill.EXECUTION));
    seen.put("seen-execution-2", List.of(Skill.EXECUTION));
    List<PlanDrafter.Candidate> candidates = PlanDrafter.candidates(catalogue, seen);
    List<Material> materials = List.of(
        material("sheet", MaterialKind.COACHING_SHEET, true, Skill.EMPATHY, Skill.EXECUTION),
        material("draft", MaterialKind.WORKSHEET, false, Skill.EMPATHY),
        leadersOnly(material("for-leaders", MaterialKind.WORKSHEET, true, Skill.EMPATHY)),
        material("other-skill", MaterialKind.WORKSHEET, true, Skill.MINDSET),
        material("video", MaterialKind.RECORDED_SESSION, true, Skill.EXECUTION),
        material("worksheet", MaterialKind.WORKSHEET, true, Skill.EXECUTION),
        material("reinforce", MaterialKind.REINFORCEMENT, true, Skill.EMPATHY));

    JsonObject plan = PlanDrafter.draft(profile(leader, List.of()), Map.of(), candidates, Set.of("passed-empathy"),
        materials, TODAY);

    JsonArray modules = plan.getJsonArray("modules");
    assertEquals(List.of("both", "empathy-2", "cadence", "seen-execution"),
        modules.stream().map(m -> ((JsonObject) m).getString("moduleId")).toList(),
        "two per goal, largest gap first, none passed or taken twice, the catalogue before modules only seen");
    assertEquals(List.of("empathy", "empathy", "execution", "execution"),
        modules.stream().map(m -> ((JsonObject) m).getString("skill")).toList());
    assertEquals("Empathy and cadence", modules.getJsonObject(0).getString("title"));
    assertNull(modules.getJsonObject(3).getString("title"), "only the id is known");
    assertEquals(List.of("2026-04-01", "2026-05-01", "2026-04-01", "2026-05-01"),
        modules.stream().map(m -> ((JsonObject) m).getString("due")).toList(), "inside the 90 days");
    JsonArray resources = plan.getJsonArray("resources");
    assertEquals(List.of("worksheet", "reinforce", "sheet"),
        resources.stream().map(r -> ((JsonObject) r).getString("materialId")).toList(),
        "published to reps, of a gap skill, worksheets and reinforcement first (newest first among equals), at most three");
    assertEquals(new JsonObject().put("materialId", "worksheet").put("title", "Title worksheet").put("kind", "worksheet")
        .put("link", "/library/worksheet"), resources.getJsonObject(0));

    JsonObject fallback = PlanDrafter.draft(profile(leader, List.of()), Map.of(), PlanDrafter.candidates(null, seen),
        Set.of(), List.of(), TODAY);
    assertEquals(List.of("cadence", "seen-execution"), fallback.getJsonArray("modules").stream()
        .map(m -> ((JsonObject) m).getString("moduleId")).toList(), "no catalogue: the modules seen");
  }

  private static Material leadersOnly(Material m) {
    return new Material(m.id(), m.title(), m.kind(), m.topic(), m.skills(), Set.of(Role.LEADER), m.tags(), m.published(),
        m.link(), m.descriptionHtml(), m.uploaderName(), m.createdAt(), m.versions(), m.page());
  }

  private static Material material(String id, MaterialKind kind, boolean published, Skill... skills) {
    return new Material(id, "Title " + id, kind, "", List.of(skills), Set.of(Role.REP), List.of(), published, null, "",
        "Trainer", Instant.parse("2026-03-01T00:00:00Z"), List.of(), "/library/" + id);
  }
}
