package dev.quotient.plugin.mentoring.matching;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.jgrapht.alg.matching.KuhnMunkresMinimalWeightBipartitePerfectMatching;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleWeightedGraph;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class MatchSolverTest {

  /** Small random instances: the solver's total equals the brute-force optimum, and no constraint breaks. */
  @RepeatedTest(300)
  void equalsTheBruteForceOptimum(RepetitionInfo run) {
    Random r = new Random(run.getCurrentRepetition());
    int n = 1 + r.nextInt(7);
    int m = 1 + r.nextInt(4);
    // Few distinct scores on some runs: many ties and chains of equal cost.
    Problem p = random(r, n, m, 3, run.getCurrentRepetition() % 3 == 0 ? 4 : Fit.MAX);
    Assignment a = MatchSolver.solve(p);
    assertFeasible(p, a);
    assertEquals(brute(p.score(), p.capacity(), 0, new int[m]), a.total());
  }

  /**
   * Larger instances, too many to enumerate: the total equals that of an independent exact solver,
   * jgrapht's Hungarian algorithm on the capacity-expanded square cost matrix.
   */
  @RepeatedTest(25)
  void equalsAnIndependentHungarianSolver(RepetitionInfo run) {
    Random r = new Random(1000 + run.getCurrentRepetition());
    int n = 20 + r.nextInt(41);
    int m = 3 + r.nextInt(13);
    Problem p = random(r, n, m, 5, run.getCurrentRepetition() % 4 == 0 ? 10 : Fit.MAX);
    Assignment a = MatchSolver.solve(p);
    assertFeasible(p, a);
    assertEquals(hungarian(p), a.total());
  }

  /** A few bigger instances, with many ties, against the same independent solver. */
  @Test
  void equalsTheHungarianSolverOnBiggerInstances() {
    for (int seed = 0; seed < 3; seed++) {
      Random r = new Random(2000 + seed);
      Problem p = random(r, 160, 30, 4, seed == 0 ? 12 : Fit.MAX);
      Assignment a = MatchSolver.solve(p);
      assertFeasible(p, a);
      assertEquals(hungarian(p), a.total());
    }
  }

  @Test
  void rejectsScoresAboveTheMaximum() {
    assertThrows(IllegalArgumentException.class,
        () -> MatchSolver.solve(new Problem(new int[][] {{Fit.MAX + 1}}, new int[] {1})));
  }

  /** Property: on any instance, including scarce and generous capacities, no constraint ever breaks. */
  @RepeatedTest(200)
  void neverBreaksCapacityOrExclusions(RepetitionInfo run) {
    Random r = new Random(5000 + run.getCurrentRepetition());
    int n = r.nextInt(120);
    int m = r.nextInt(30);
    Problem p = random(r, n, m, r.nextBoolean() ? 2 : 12, Fit.MAX);
    assertFeasible(p, MatchSolver.solve(p));
  }

  @Test
  void sameInputGivesTheSamePairs() {
    Problem p = random(new Random(7), 300, 40, 10, 20); // few distinct scores: many equal optima
    Assignment a = MatchSolver.solve(p);
    for (int k = 0; k < 3; k++) {
      Problem copy = new Problem(deepCopy(p.score()), p.capacity().clone());
      assertArrayEquals(a.mentorOf(), MatchSolver.solve(copy).mentorOf());
    }
  }

  @Test
  void leavesMenteesUnmatchedRatherThanMakeZeroOrForbiddenPairs() {
    int[][] score = {{0, Problem.FORBIDDEN}, {Problem.FORBIDDEN, 0}, {5, 3}};
    Assignment a = MatchSolver.solve(new Problem(score, new int[] {2, 2}));
    assertArrayEquals(new int[] {-1, -1, 0}, a.mentorOf());
    assertEquals(5, a.total());
  }

  @Test
  void movesAMenteeWhenThatRaisesTheTotal() {
    // Mentee 0 alone would take mentor 0; mentee 1 needs it more, so 0 moves to mentor 1.
    int[][] score = {{10, 9}, {10, 1}};
    Assignment a = MatchSolver.solve(new Problem(score, new int[] {1, 1}));
    assertArrayEquals(new int[] {1, 0}, a.mentorOf());
    assertEquals(19, a.total());
  }

  @Test
  void emptyProblems() {
    assertEquals(0, MatchSolver.solve(new Problem(new int[0][0], new int[0])).total());
    assertArrayEquals(new int[] {-1, -1}, MatchSolver.solve(new Problem(new int[2][0], new int[0])).mentorOf());
    assertArrayEquals(new int[] {-1}, MatchSolver.solve(new Problem(new int[][] {{9}}, new int[] {0})).mentorOf());
  }

  /** A pair ends: only the freed mentee's entry changes, to their best mentor with room left. */
  @RepeatedTest(50)
  void rematchLeavesTheOtherPairsAlone(RepetitionInfo run) {
    Random r = new Random(9000 + run.getCurrentRepetition());
    Problem p = random(r, 40, 8, 6, Fit.MAX);
    int[] before = MatchSolver.solve(p).mentorOf();
    int mentee = r.nextInt(40);
    Assignment after = MatchSolver.rematch(p, before, mentee);
    assertFeasible(p, after);
    for (int i = 0; i < 40; i++) {
      if (i != mentee) {
        assertEquals(before[i], after.mentorOf()[i], "pair of mentee " + i + " untouched");
      }
    }
    int[] others = before.clone();
    others[mentee] = -1;
    int[] load = MatchSolver.loads(p, others);
    int best = -1;
    for (int j = 0; j < 8; j++) {
      int s = p.score()[mentee][j];
      if (s > 0 && load[j] < p.capacity()[j] && (best < 0 || s > p.score()[mentee][best])) {
        best = j;
      }
    }
    assertEquals(best, after.mentorOf()[mentee]);
  }

  @Test
  void rematchTakesTheBestMentorWithRoomLeft() {
    int[][] score = {{50, 80, 70}, {10, 90, 10}};
    // Mentee 1 holds mentor 1's only slot; mentee 0's pair with mentor 0 ended.
    Assignment a = MatchSolver.rematch(new Problem(score, new int[] {1, 1, 1}), new int[] {0, 1}, 0);
    assertArrayEquals(new int[] {2, 1}, a.mentorOf());
    assertEquals(160, a.total());
  }

  @Test
  void fillSlotGivesAFreedSlotToTheBestUnmatchedMentee() {
    int[][] score = {{50, 10}, {60, 20}, {70, Problem.FORBIDDEN}, {90, 30}};
    Problem p = new Problem(score, new int[] {2, 1});
    // Mentor 0's pair with mentee 1 ended; mentee 3 is matched elsewhere, so mentee 2 gets the slot.
    Assignment a = MatchSolver.fillSlot(p, new int[] {0, -1, -1, 1}, 0);
    assertArrayEquals(new int[] {0, -1, 0, 1}, a.mentorOf());
    // A full mentor takes nobody.
    assertArrayEquals(new int[] {0, 0, -1, 1}, MatchSolver.fillSlot(p, new int[] {0, 0, -1, 1}, 0).mentorOf());
  }

  @Test
  void topChoicesByScoreThenIndexSkippingFullAndForbiddenMentors() {
    int[][] score = {{40, 90, Problem.FORBIDDEN, 70, 90, 0, 70}};
    Problem p = new Problem(score, new int[] {1, 1, 1, 1, 1, 1, 2});
    assertArrayEquals(new int[] {1, 4, 3}, MatchSolver.topChoices(p, 0, 3, new int[7]));
    assertArrayEquals(new int[] {4, 6, 0}, MatchSolver.topChoices(p, 0, 3, new int[] {0, 1, 0, 1, 0, 0, 1}));
    assertArrayEquals(new int[] {1, 4, 3, 6, 0}, MatchSolver.topChoices(p, 0, 10, new int[7]));
    assertArrayEquals(new int[0], MatchSolver.topChoices(p, 0, 0, new int[7]));
  }

  @RepeatedTest(30)
  void topChoicesEqualASortOfTheAllowedMentors(RepetitionInfo run) {
    Random r = new Random(12_000 + run.getCurrentRepetition());
    Problem p = random(r, 1, 1 + r.nextInt(40), 3, 8);
    int[] load = new int[p.mentors()];
    for (int j = 0; j < load.length; j++) {
      load[j] = r.nextInt(4);
    }
    List<Integer> allowed = new ArrayList<>();
    for (int j = 0; j < p.mentors(); j++) {
      if (p.score()[0][j] > 0 && load[j] < p.capacity()[j]) {
        allowed.add(j);
      }
    }
    allowed.sort((a, b) -> p.score()[0][a] != p.score()[0][b] ? p.score()[0][b] - p.score()[0][a] : a - b);
    int k = r.nextInt(6);
    int[] expected = allowed.stream().limit(k).mapToInt(Integer::intValue).toArray();
    assertArrayEquals(expected, MatchSolver.topChoices(p, 0, k, load));
  }

  // --- helpers ---

  /** Scores 0..maxScore with about one pair in six forbidden; capacities 0..maxCapacity. */
  static Problem random(Random r, int n, int m, int maxCapacity, int maxScore) {
    int[][] score = new int[n][m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        score[i][j] = r.nextInt(6) == 0 ? Problem.FORBIDDEN : r.nextInt(maxScore + 1);
      }
    }
    int[] capacity = new int[m];
    for (int j = 0; j < m; j++) {
      capacity[j] = r.nextInt(maxCapacity + 1);
    }
    return new Problem(score, capacity);
  }

  static void assertFeasible(Problem p, Assignment a) {
    assertEquals(p.mentees(), a.mentorOf().length);
    int[] used = new int[p.mentors()];
    long total = 0;
    for (int i = 0; i < p.mentees(); i++) {
      int j = a.mentorOf()[i];
      if (j >= 0) {
        assertTrue(p.score()[i][j] > 0, "no forbidden or empty pair");
        used[j]++;
        total += p.score()[i][j];
      } else {
        assertEquals(-1, j);
      }
    }
    for (int j = 0; j < p.mentors(); j++) {
      assertTrue(used[j] <= p.capacity()[j], "capacity kept");
    }
    assertEquals(total, a.total(), "the reported total is the pairs' sum");
  }

  private static long brute(int[][] score, int[] capacity, int i, int[] used) {
    if (i == score.length) {
      return 0;
    }
    long best = brute(score, capacity, i + 1, used);
    for (int j = 0; j < capacity.length; j++) {
      if (score[i][j] >= 0 && used[j] < capacity[j]) {
        used[j]++;
        best = Math.max(best, score[i][j] + brute(score, capacity, i + 1, used));
        used[j]--;
      }
    }
    return best;
  }

  /**
   * The optimum by jgrapht's Kuhn-Munkres on a complete bipartite graph: left are the mentees and one
   * filler per mentor slot; right are the mentor slots and one "unmatched" node per mentee. A mentee
   * costs -score on a slot of an allowed mentor and 0 on their own "unmatched" node; fillers cost 0
   * anywhere; every other edge costs more than any matching can gain, so the optimum never uses one.
   */
  private static long hungarian(Problem p) {
    int n = p.mentees();
    List<Integer> slotMentor = new ArrayList<>();
    for (int j = 0; j < p.mentors(); j++) {
      for (int t = 0; t < p.capacity()[j]; t++) {
        slotMentor.add(j);
      }
    }
    int slots = slotMentor.size();
    int size = n + slots;
    double never = 1e9;
    SimpleWeightedGraph<Integer, DefaultWeightedEdge> g = new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
    Set<Integer> left = new HashSet<>();
    Set<Integer> right = new HashSet<>();
    for (int v = 0; v < size; v++) {
      g.addVertex(v);
      left.add(v);
      g.addVertex(size + v);
      right.add(size + v);
    }
    for (int l = 0; l < size; l++) {
      for (int q = 0; q < size; q++) {
        double w;
        if (l >= n) {
          w = 0; // a filler
        } else if (q < slots) {
          int s = p.score()[l][slotMentor.get(q)];
          w = s > 0 ? -s : never;
        } else {
          w = q - slots == l ? 0 : never;
        }
        g.setEdgeWeight(g.addEdge(l, size + q), w);
      }
    }
    double cost = new KuhnMunkresMinimalWeightBipartitePerfectMatching<>(g, left, right).getMatching().getWeight();
    assertTrue(cost <= 0, "no forbidden edge in the optimum");
    return Math.round(-cost);
  }

  private static int[][] deepCopy(int[][] a) {
    int[][] c = new int[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
    }
    return c;
  }
}
