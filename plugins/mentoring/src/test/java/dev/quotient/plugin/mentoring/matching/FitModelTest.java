package dev.quotient.plugin.mentoring.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FitModelTest {

  /** A winter instant: Warsaw is UTC+1, Kolkata UTC+5:30, New York UTC-5. */
  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");

  private static MenteeProfile mentee(Map<String, Integer> levels, Set<String> slots, List<String> languages,
      ZoneId zone) {
    return new MenteeProfile("mentee", levels, slots, languages, zone);
  }

  private static MentorProfile mentor(Map<String, Integer> strengths, Set<String> slots, List<String> languages,
      ZoneId zone) {
    return new MentorProfile("mentor", strengths, 3, slots, languages, zone);
  }

  @Test
  void coverageDominatesWithTheDefaultWeights() {
    MenteeProfile rep = mentee(Map.of("empathy", 2, "closing", 3), Set.of("mon-am"), List.of("pl"), WARSAW);
    MentorProfile coversTheGaps = mentor(Map.of("empathy", 5, "closing", 5), Set.of("fri-pm"), List.of("en"),
        ZoneId.of("America/New_York"));
    MentorProfile everythingElse = mentor(Map.of("empathy", 2), Set.of("mon-am"), List.of("pl"), WARSAW);
    int covers = FitModel.fit(rep, coversTheGaps, Weights.DEFAULT, NOW).score();
    int rest = FitModel.fit(rep, everythingElse, Weights.DEFAULT, NOW).score();
    assertEquals(700, covers, "full coverage alone is worth the coverage weight");
    assertEquals(300, rest, "availability, zone and language together");
    assertTrue(covers > rest);
  }

  @Test
  void scoreIsTheWeightedShareOfEachPart() {
    // Gap 3 -> 5 half covered by a 4; one of two slots shared; same zone; a shared language.
    MenteeProfile rep = mentee(Map.of("empathy", 3), Set.of("mon-am", "tue-pm"), List.of("pl"), WARSAW);
    MentorProfile m = mentor(Map.of("empathy", 4), Set.of("mon-am", "wed-am"), List.of("en", "pl"), WARSAW);
    // 1000 x (70 x 0.5 + 15 x 0.5 + 10 x 1 + 5 x 1) / 100
    assertEquals(575, FitModel.fit(rep, m, Weights.DEFAULT, NOW).score());
    // Only availability counts: half the slots.
    assertEquals(500, FitModel.fit(rep, m, new Weights(0, 1, 0, 0), NOW).score());
  }

  @Test
  void coverageIsWeightedByTheGap() {
    // Gaps: closing 4 (level 1), empathy 1 (level 4); only empathy is covered, so 1/5 of the gaps.
    MenteeProfile rep = mentee(Map.of("closing", 1, "empathy", 4), Set.of(), List.of(), WARSAW);
    MentorProfile m = mentor(Map.of("empathy", 5, "closing", 1), Set.of(), List.of(), ZoneOffset.ofHours(-11));
    assertEquals(200, FitModel.fit(rep, m, new Weights(1, 0, 0, 0), NOW).score());
  }

  @Test
  void reasonsExplainTheScoreInAStableOrder() {
    MenteeProfile rep = mentee(Map.of("empathy", 3, "closing", 2, "prospecting", 5), Set.of("mon-am", "tue-pm"),
        List.of("en", "pl"), WARSAW);
    MentorProfile m = mentor(Map.of("empathy", 5, "closing", 4, "prospecting", 5), Set.of("tue-pm", "mon-am"),
        List.of("pl", "en"), WARSAW);
    List<Reason> reasons = FitModel.fit(rep, m, Weights.DEFAULT, NOW).reasons();
    assertEquals(List.of(
        new Reason("mentoring.reason.gap", List.of("closing", "2", "4")),
        new Reason("mentoring.reason.gap", List.of("empathy", "3", "5")),
        new Reason("mentoring.reason.availability", List.of("2")),
        new Reason("mentoring.reason.sameZone", List.of()),
        new Reason("mentoring.reason.language", List.of("en"))), reasons);
  }

  @Test
  void noGapReasonWithoutCoverageAndNoneForAMasteredSkill() {
    MenteeProfile rep = mentee(Map.of("empathy", 4, "closing", 5), Set.of(), List.of("pl"), WARSAW);
    MentorProfile m = mentor(Map.of("empathy", 4, "closing", 5), Set.of(), List.of("en"), WARSAW);
    Fit fit = FitModel.fit(rep, m, Weights.DEFAULT, NOW);
    assertFalse(fit.reasons().stream().anyMatch(r -> r.key().equals("mentoring.reason.gap")));
    assertFalse(fit.reasons().stream().anyMatch(r -> r.key().equals("mentoring.reason.language")));
    assertFalse(fit.reasons().stream().anyMatch(r -> r.key().equals("mentoring.reason.availability")));
    assertEquals(100, fit.score(), "only the same zone counts");
  }

  @Test
  void zonesApartLoseASixthPerHour() {
    MenteeProfile rep = mentee(Map.of(), Set.of(), List.of(), WARSAW);
    Weights zoneOnly = new Weights(0, 0, 1, 0);
    Fit utc = FitModel.fit(rep, mentor(Map.of(), Set.of(), List.of(), ZoneOffset.UTC), zoneOnly, NOW);
    assertEquals(833, utc.score());
    assertTrue(utc.reasons().contains(new Reason("mentoring.reason.zoneApart", List.of("1"))));
    Fit kolkata = FitModel.fit(rep, mentor(Map.of(), Set.of(), List.of(), ZoneId.of("Asia/Kolkata")), zoneOnly, NOW);
    assertEquals(250, kolkata.score());
    assertTrue(kolkata.reasons().contains(new Reason("mentoring.reason.zoneApart", List.of("4.5"))));
    Fit newYork = FitModel.fit(rep, mentor(Map.of(), Set.of(), List.of(), ZoneId.of("America/New_York")), zoneOnly,
        NOW);
    assertEquals(0, newYork.score(), "six hours or more apart count nothing");
  }

  @Test
  void zoneFollowsDaylightSavingAtTheGivenInstant() {
    MenteeProfile rep = mentee(Map.of(), Set.of(), List.of(), WARSAW);
    MentorProfile london = mentor(Map.of(), Set.of(), List.of(), ZoneId.of("Europe/London"));
    Weights zoneOnly = new Weights(0, 0, 1, 0);
    // One hour apart in winter and in summer alike (both change on the same day).
    assertEquals(833, FitModel.fit(rep, london, zoneOnly, NOW).score());
    assertEquals(833, FitModel.fit(rep, london, zoneOnly, Instant.parse("2026-07-01T12:00:00Z")).score());
    MentorProfile utc = mentor(Map.of(), Set.of(), List.of(), ZoneOffset.UTC);
    Fit summer = FitModel.fit(rep, utc, zoneOnly, Instant.parse("2026-07-01T12:00:00Z"));
    assertEquals(667, summer.score(), "Warsaw is UTC+2 in summer");
  }

  @Test
  void aMenteeWithoutGapsOrSlotsIsCoveredByNobody() {
    MenteeProfile rep = mentee(Map.of(), Set.of(), List.of("pl"), WARSAW);
    MentorProfile m = mentor(Map.of("empathy", 5), Set.of("mon-am"), List.of("pl"), WARSAW);
    assertEquals(150, FitModel.fit(rep, m, Weights.DEFAULT, NOW).score(), "zone and language only");
  }

  @Test
  void levelsOutsideOneToFiveAreClamped() {
    MenteeProfile rep = mentee(Map.of("empathy", 0), Set.of(), List.of(), WARSAW);
    MentorProfile m = mentor(Map.of("empathy", 3), Set.of(), List.of(), WARSAW);
    Fit fit = FitModel.fit(rep, m, new Weights(1, 0, 0, 0), NOW);
    assertEquals(500, fit.score(), "gap 1 -> 5, covered up to 3: half");
    assertTrue(fit.reasons().contains(new Reason("mentoring.reason.gap", List.of("empathy", "1", "3"))));
  }

  @Test
  void sameInputSameFit() {
    MenteeProfile rep = mentee(Map.of("a", 1, "b", 2, "c", 3), Set.of("x", "y", "z"), List.of("pl", "en"), WARSAW);
    MentorProfile m = mentor(Map.of("a", 5, "b", 3, "c", 4), Set.of("z", "x"), List.of("en", "pl"), ZoneOffset.UTC);
    assertEquals(FitModel.fit(rep, m, Weights.DEFAULT, NOW), FitModel.fit(rep, m, Weights.DEFAULT, NOW));
  }
}
