package dev.quotient.plugin.hiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoringTest {

  /** Role fit matters twice as much; culture fit wants a 5, acumen only a 3. */
  static final Map<Area, Scoring.Ideal> IDEAL = new EnumMap<>(Map.of(
      Area.ROLE_FIT, new Scoring.Ideal(4, 2), Area.PROVEN_ACHIEVEMENT, new Scoring.Ideal(4, 1),
      Area.ACUMEN, new Scoring.Ideal(3, 1), Area.CULTURE_FIT, new Scoring.Ideal(5, 1)));

  static Map<Area, Integer> card(int roleFit, int proven, int acumen, int culture) {
    return new EnumMap<>(Map.of(Area.ROLE_FIT, roleFit, Area.PROVEN_ACHIEVEMENT, proven, Area.ACUMEN, acumen,
        Area.CULTURE_FIT, culture));
  }

  @Test
  void meansSpreadsGapsAndTheWeightedTotalMatchTheHandComputation() {
    Scoring.Result r = Scoring.score(IDEAL, List.of(card(5, 3, 4, 4), card(3, 4, 4, 3)));
    Scoring.AreaStats roleFit = r.areas().get(Area.ROLE_FIT);
    assertEquals(4.0, roleFit.mean());
    assertEquals(2, roleFit.spread(), "the interviewers are two points apart");
    assertEquals(1.0, roleFit.sd());
    assertEquals(0.0, roleFit.gap());
    assertFalse(roleFit.belowIdeal(), "exactly at the ideal is no gap");
    assertEquals(3.5, r.areas().get(Area.PROVEN_ACHIEVEMENT).mean());
    assertEquals(-0.5, r.areas().get(Area.PROVEN_ACHIEVEMENT).gap());
    assertTrue(r.areas().get(Area.PROVEN_ACHIEVEMENT).belowIdeal());
    assertEquals(0, r.areas().get(Area.ACUMEN).spread());
    assertEquals(1.0, r.areas().get(Area.ACUMEN).gap(), "above the ideal is a positive gap");
    assertFalse(r.areas().get(Area.ACUMEN).belowIdeal());
    assertEquals(-1.5, r.areas().get(Area.CULTURE_FIT).gap());
    // (2*4 + 3.5 + 4 + 3.5) / 5 and (2*4 + 4 + 3 + 5) / 5
    assertEquals(3.8, r.weightedTotal());
    assertEquals(4.0, r.idealTotal());
    // (2*4/4 + 3.5/4 + 3/3 + 3.5/5) / 5 = 4.575 / 5: acumen above its ideal earns no extra fit.
    assertEquals(91.5, r.fit());
    assertEquals(2, r.scorecards());
  }

  @Test
  void aCandidateNobodyScoredHasNoNumbersButTheIdealKeepsItsTotal() {
    Scoring.Result r = Scoring.score(IDEAL, List.of());
    assertFalse(r.scored());
    assertTrue(r.areas().isEmpty());
    assertTrue(Double.isNaN(r.weightedTotal()));
    assertEquals(4.0, r.idealTotal());
  }

  @Test
  void zeroWeightLeavesAnAreaOutOfTheTotal() {
    Map<Area, Scoring.Ideal> onlyRoleFit = new EnumMap<>(Map.of(
        Area.ROLE_FIT, new Scoring.Ideal(5, 1), Area.PROVEN_ACHIEVEMENT, new Scoring.Ideal(5, 0),
        Area.ACUMEN, new Scoring.Ideal(5, 0), Area.CULTURE_FIT, new Scoring.Ideal(5, 0)));
    Scoring.Result r = Scoring.score(onlyRoleFit, List.of(card(4, 1, 1, 1), card(3, 1, 1, 1), card(5, 1, 1, 1)));
    assertEquals(4.0, r.weightedTotal());
    assertEquals(80.0, r.fit());
    assertEquals(0.82, r.areas().get(Area.ROLE_FIT).sd(), "sqrt(2/3), two decimals");
  }

  @Test
  void anIdealOutsideTheScaleIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Scoring.Ideal(6, 1));
    assertThrows(IllegalArgumentException.class, () -> new Scoring.Ideal(3, -1));
  }
}
