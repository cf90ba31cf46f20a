package dev.quotient.plugin.leaderboards.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class RankedBoardTest {

  /** Random updates: after each, the board agrees with sorting every score from scratch. */
  @RepeatedTest(20)
  void agreesWithSortingAfterRandomUpdates(RepetitionInfo run) {
    Random random = new Random(run.getCurrentRepetition());
    RankedBoard board = new RankedBoard();
    Map<Integer, Long> naive = new HashMap<>();
    int population = 1 + random.nextInt(300);
    for (int step = 0; step < 2_000; step++) {
      int member = random.nextInt(population);
      long delta = random.nextInt(5) == 0 ? -random.nextInt(20) : random.nextInt(20);
      board.add(member, delta);
      naive.merge(member, delta, Long::sum);
      if (step % 97 == 0 || step == 1_999) {
        check(board, naive);
      }
    }
  }

  @Test
  void equalScoresShareARankAndKeepMemberOrder() {
    RankedBoard board = new RankedBoard();
    board.add(3, 10);
    board.add(1, 10);
    board.add(2, 30);
    board.add(0, 5);
    assertArrayEquals(new int[] {2, 1, 3, 0}, board.range(0, 10));
    assertEquals(2, board.rank(1));
    assertEquals(2, board.rank(3));
    assertEquals(4, board.rank(0));
    assertEquals(2, board.position(3));
    assertEquals(-1, board.rank(7));
  }

  private static void check(RankedBoard board, Map<Integer, Long> naive) {
    List<Integer> order = new ArrayList<>(naive.keySet());
    order.sort(Comparator.comparing((Integer m) -> -naive.get(m)).thenComparing(m -> m));
    assertEquals(order.size(), board.size());
    int[] all = board.range(0, order.size());
    for (int i = 0; i < order.size(); i++) {
      int m = order.get(i);
      assertEquals(m, all[i], "member at position " + i);
      assertEquals(m, board.memberAt(i));
      assertEquals(i, board.position(m));
      assertEquals(naive.get(m), board.score(m));
      long s = naive.get(m);
      int above = (int) naive.values().stream().filter(v -> v > s).count();
      assertEquals(above + 1, board.rank(m), "rank of " + m);
    }
    int from = order.size() / 3;
    assertArrayEquals(order.subList(from, Math.min(order.size(), from + 5)).stream().mapToInt(i -> i).toArray(),
        board.range(from, from + 5));
  }
}
