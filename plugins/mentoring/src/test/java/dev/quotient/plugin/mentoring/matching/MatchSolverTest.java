package dev.quotient.plugin.mentoring.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

class MatchSolverTest {

  /** Small random instances: the solver's total equals the brute-force optimum, and no constraint breaks. */
  @RepeatedTest(200)
  void equalsTheBruteForceOptimum(RepetitionInfo run) {
    Random r = new Random(run.getCurrentRepetition());
    int n = 1 + r.nextInt(6);
    int m = 1 + r.nextInt(4);
    int[][] score = new int[n][m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        score[i][j] = r.nextInt(5) == 0 ? Problem.FORBIDDEN : r.nextInt(Fit.MAX + 1);
      }
    }
    int[] capacity = new int[m];
    for (int j = 0; j < m; j++) {
      capacity[j] = r.nextInt(3);
    }
    Problem p = new Problem(score, capacity);
    Assignment a = MatchSolver.solve(p);
    int[] used = new int[m];
    long total = 0;
    for (int i = 0; i < n; i++) {
      int j = a.mentorOf()[i];
      if (j >= 0) {
        assertTrue(score[i][j] >= 0, "no forbidden pair");
        used[j]++;
        total += score[i][j];
      }
    }
    for (int j = 0; j < m; j++) {
      assertTrue(used[j] <= capacity[j], "capacity kept");
    }
    assertEquals(total, a.total(), "the reported total is the pairs' sum");
    assertEquals(brute(score, capacity, 0, new int[m]), a.total());
    assertEquals(a.total(), MatchSolver.solve(p).total(), "deterministic");
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
}
