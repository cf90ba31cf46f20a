package dev.quotient.plugin.needs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quotient.api.materials.Skill;
import dev.quotient.plugin.needs.Catalog.Question;
import dev.quotient.plugin.needs.Catalog.Topic;
import dev.quotient.plugin.needs.Ranking.Evidence;
import dev.quotient.plugin.needs.Ranking.Need;
import dev.quotient.plugin.needs.Ranking.Scored;
import dev.quotient.plugin.needs.Ranking.SkillGap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RankingTest {

  private static final Topic A = topic("a", Skill.EMPATHY);
  private static final Topic B = topic("b", Skill.EXECUTION);
  private static final Topic C = topic("c", Skill.PRODUCT_KNOWLEDGE, Skill.EMPATHY);
  private static final List<Topic> TOPICS = List.of(A, B, C);
  private static final List<Question> QUESTIONS = List.of(question("q1", 1, "a"), question("q2", 2, "b", "c"));
  private static final Map<String, Need> NEEDS = Map.of("a", new Need(2.0, 4), "b", new Need(4.0, 4), "c", new Need(3.0, 4));
  private static final Map<String, Integer> GAPS = Map.of("q1", 4, "q2", 1);
  private static final Map<Skill, SkillGap> SKILLS = Map.of(Skill.EMPATHY, new SkillGap(2.0, 5, 3),
      Skill.PRODUCT_KNOWLEDGE, new SkillGap(1.0, 5, 1));

  @Test
  void combinesSurveyAuditAndSkillGapsWithTheDocumentedWeights() {
    List<Scored> r = Ranking.rank(TOPICS, QUESTIONS, new Evidence(NEEDS, GAPS, SKILLS), Ranking.Weights.DEFAULT);
    assertEquals(List.of("a", "b", "c"), ids(r));
    // a: 40 x (2-1)/4 + 35 x 4/4 + 25 x 2/4 = 10 + 35 + 12.5
    assertEquals(57.5, r.get(0).score(), 0.05);
    assertEquals(10.0, r.get(0).surveyPoints(), 0.05);
    assertEquals(35.0, r.get(0).auditPoints(), 0.05);
    assertEquals(12.5, r.get(0).skillPoints(), 0.05);
    // b: 40 x 3/4 + 35 x 1/4 + no assessed sub-skill = 30 + 8.75
    assertEquals(38.75, r.get(1).score(), 0.051);
    assertEquals(0.0, r.get(1).skillPoints());
    // c: 40 x 2/4 + 35 x 1/4 + 25 x mean(2/4, 1/4) = 20 + 8.75 + 9.375
    assertEquals(38.1, r.get(2).score(), 0.05);
    assertEquals(2, r.get(2).skillParts().size());
  }

  @Test
  void missingEvidenceIsLeftOutAndTheOtherWeightsScaledUp() {
    List<Scored> r = Ranking.rank(TOPICS, QUESTIONS, new Evidence(NEEDS, GAPS, null), Ranking.Weights.DEFAULT);
    // survey 40/75, audit 35/75: a = 53.3 x 0.25 + 46.7 x 1 = 60; b = 40 + 11.7; c = 26.7 + 11.7
    assertEquals(List.of("a", "b", "c"), ids(r));
    assertEquals(60.0, r.get(0).score(), 0.05);
    assertEquals(51.7, r.get(1).score(), 0.05);
    assertEquals(38.3, r.get(2).score(), 0.05);

    List<Scored> surveyOnly = Ranking.rank(TOPICS, QUESTIONS, new Evidence(NEEDS, null, null), Ranking.Weights.DEFAULT);
    assertEquals(List.of("b", "c", "a"), ids(surveyOnly));
    assertEquals(75.0, surveyOnly.get(0).score(), 0.05);
  }

  @Test
  void withoutAnyEvidenceEveryTopicScoresZeroInCatalogueOrder() {
    List<Scored> r = Ranking.rank(TOPICS, QUESTIONS, new Evidence(null, null, null), Ranking.Weights.DEFAULT);
    assertEquals(List.of("a", "b", "c"), ids(r));
    r.forEach(s -> assertEquals(0.0, s.score()));
  }

  @Test
  void aNegativeGapCountsAsNoGapAndTiesGoToTheHigherSurveyNeed() {
    Map<String, Need> needs = Map.of("a", new Need(3.0, 2), "b", new Need(3.5, 2), "c", new Need(1.0, 2));
    // a's question is above target (gap -2: counts 0); b and c share q2 (gap 2).
    List<Scored> r = Ranking.rank(TOPICS, QUESTIONS, new Evidence(needs, Map.of("q1", -2, "q2", 2), null),
        new Ranking.Weights(1, 1, 1));
    // a: 50 x 0.5 + 0 = 25; b: 50 x 0.625 + 50 x 0.5 = 56.25; c: 0 + 25 = 25 (tie with a: a has the higher need)
    assertEquals(List.of("b", "a", "c"), ids(r));
    assertEquals(25.0, r.get(1).score(), 0.05);
    assertEquals(25.0, r.get(2).score(), 0.05);
    assertEquals(-2, r.get(1).questionGaps().get(0).gap());
  }

  @Test
  void weightsAreConfiguredAsThreeNumbers() {
    assertEquals(new Ranking.Weights(0.4, 0.35, 0.25), NeedsPlugin.weights(null));
    assertEquals(new Ranking.Weights(50, 50, 0), NeedsPlugin.weights("50, 50, 0"));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> NeedsPlugin.weights("1,2"));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> NeedsPlugin.weights("0,0,0"));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> NeedsPlugin.weights("a,b,c"));
  }

  private static List<String> ids(List<Scored> r) {
    return r.stream().map(s -> s.topic().id()).toList();
  }

  private static Topic topic(String id, Skill... skills) {
    return new Topic(id, Map.of("en", id, "pl", id), List.of(skills));
  }

  private static Question question(String id, int number, String... topics) {
    return new Question(id, number, Map.of("en", id, "pl", id), Map.of("en", id, "pl", id), List.of(topics));
  }
}
