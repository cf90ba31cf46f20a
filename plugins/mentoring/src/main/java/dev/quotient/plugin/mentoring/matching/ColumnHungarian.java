package dev.quotient.plugin.mentoring.matching;

import java.util.Arrays;

/**
 * The exact solver behind {@link MatchSolver#solve}: the Hungarian method over the mentor columns.
 *
 * <p>The formulation is a transportation problem: every mentee goes to exactly one column, a mentor
 * (cost {@code -score}, at most {@code capacity} mentees) or "unmatched" (cost 0, no limit), at the
 * least total cost. It is the min-cost flow source -> mentee (1) -> mentor (capacity) -> sink with an
 * extra zero-cost mentee -> sink arc, solved by successive shortest paths one mentee at a time (the
 * Hungarian method for rectangular problems): when mentee i is added, the first i - 1 are optimally
 * placed, the only unsaturated source arc leads to i, so the shortest augmenting path from the source
 * is the shortest path from i, and adding it gives an optimal placement of the first i mentees.
 *
 * <p>The search runs on the mentor columns alone. Each column k has a price {@code y[k] <= 0}, 0
 * while the column has a free slot; the reduced cost of a pair is {@code rc(i, k) = -score - y[k]},
 * and every placed mentee sits in a column of least reduced cost (the LP dual conditions, so the
 * placement is optimal). Moving one of the mentees i of a full column j to column k costs
 * {@code rc(i, k) - rc(i, j) >= 0} (and dropping it to "unmatched" costs {@code -rc(i, j) >= 0}), so
 * Dijkstra over at most {@code mentors + 1} columns finds the cheapest chain of moves that ends in a
 * column with a free slot or in "unmatched", and it stops at the first such column it settles
 * (their prices are all 0, so the nearest by reduced cost is the nearest by real cost). Prices then
 * fall by {@code D - dist[k]} on the columns settled closer than the chosen one, which keeps every
 * reduced cost non-negative. Ties go to "unmatched", then to the lowest mentor
 * index, then to the earliest mentee in a column, so no pair is moved for nothing.
 *
 * <p>Cost: per mentee O(mentors) to start plus O(mentors) per full column settled, since the
 * price-free part of a move, {@code min over the column's mentees of score(i, j) - score(i, k)},
 * depends only on who is in column j and is cached per column (rebuilt, in O(load x mentors), only
 * after the column's members change). Memory: O(mentors^2) ints for that cache plus O(mentees +
 * mentors), besides the score matrix.
 */
final class ColumnHungarian {

  /** The "unmatched" column's index inside the search. */
  private static final int NONE = -1;

  private ColumnHungarian() {}

  /** The optimal assignment of {@code p}, whose scores are at most {@link Fit#MAX}. */
  static Assignment solve(Problem p) {
    int n = p.mentees();
    int m = p.mentors();
    int[][] score = p.score();
    int[] capacity = p.capacity();
    long[] price = new long[m];
    int[][] members = new int[m][];
    int[] load = new int[m];
    for (int j = 0; j < m; j++) {
      members[j] = new int[capacity[j]];
    }
    int[] mentorOf = new int[n];
    Arrays.fill(mentorOf, NONE);
    // For a full column j, gap[j][k] = min over its mentees i allowed with k of score(i, j) - score(i, k):
    // the price-free part of the move j -> k, so that settling j costs O(mentors) whatever its load.
    // It depends on the members only, so it is rebuilt lazily after they change.
    int[][] gap = new int[m][];
    int[] leave = new int[m]; // min over the members of score(i, j): the price-free cost of one leaving
    boolean[] stale = new boolean[m];

    long[] dist = new long[m];
    boolean[] done = new boolean[m];
    int[] prevColumn = new int[m];
    int[] settled = new int[m];
    for (int start = 0; start < n; start++) {
      int[] row = score[start];
      // Labels straight from the new mentee; "unmatched" is always reachable at 0 and wins ties.
      int best = NONE;
      long bestDist = 0;
      for (int k = 0; k < m; k++) {
        done[k] = false;
        prevColumn[k] = NONE;
        long d = row[k] > 0 ? -row[k] - price[k] : Long.MAX_VALUE;
        dist[k] = d;
        if (d < bestDist) {
          bestDist = d;
          best = k;
        }
      }
      if (best == NONE) {
        continue; // no column beats staying unmatched, and prices only fall: this is final
      }
      int settledCount = 0;
      // "Unmatched" is a column without limit at cost 0: reached straight from the new mentee at 0, or
      // by a mentee i of a full column j leaving the matching at rc(i, "unmatched") - rc(i, j).
      long noneDist = 0;
      int nonePrev = NONE;
      int end = NONE;
      long endDist;
      while (true) {
        if (best == NONE) {
          endDist = noneDist;
          break;
        }
        done[best] = true;
        settled[settledCount++] = best;
        if (load[best] < capacity[best]) {
          end = best;
          endDist = bestDist;
          break;
        }
        // A full column: one of its mentees moves elsewhere, or leaves the matching. The same pass
        // finds the next column to settle (the lowest label, ties to the lowest index, then "unmatched").
        if (gap[best] == null || stale[best]) {
          rebuild(best, members[best], load[best], score, m, gap, leave);
          stale[best] = false;
        }
        long base = bestDist + price[best];
        if (base + leave[best] < noneDist) {
          noneDist = base + leave[best];
          nonePrev = best;
        }
        int from = best;
        int[] g = gap[from];
        best = NONE;
        bestDist = noneDist;
        for (int k = 0; k < m; k++) {
          if (done[k]) {
            continue;
          }
          if (g[k] != Integer.MAX_VALUE) {
            long d = base + g[k] - price[k];
            if (d < dist[k]) {
              dist[k] = d;
              prevColumn[k] = from;
            }
          }
          if (dist[k] < bestDist) {
            bestDist = dist[k];
            best = k;
          }
        }
      }
      // Columns settled closer than the end get cheaper by the difference: every reduced cost stays
      // non-negative and each column on the chain becomes tight.
      for (int s = 0; s < settledCount; s++) {
        int k = settled[s];
        price[k] -= endDist - dist[k];
      }
      // Shift the chain back from its end: each column on it takes the mentee that arrives through it.
      int k;
      if (end == NONE) {
        if (nonePrev == NONE) {
          continue; // the new mentee stays unmatched
        }
        int leaving = leaver(members[nonePrev], load[nonePrev], score, nonePrev);
        mentorOf[leaving] = NONE;
        k = nonePrev;
        members[k][slotOf(members[k], load[k], leaving)] = mover(members, load, score, prevColumn[k], k, start);
      } else {
        k = end;
        members[k][load[k]++] = mover(members, load, score, prevColumn[k], k, start);
      }
      stale[k] = true;
      while (true) {
        int from = prevColumn[k];
        int i = from == NONE ? start : mover(members, load, score, from, k, start);
        mentorOf[i] = k;
        if (from == NONE) {
          break;
        }
        members[from][slotOf(members[from], load[from], i)] = mover(members, load, score, prevColumn[from], from,
            start);
        stale[from] = true;
        k = from;
      }
    }
    long total = 0;
    for (int i = 0; i < n; i++) {
      if (mentorOf[i] != NONE) {
        total += score[i][mentorOf[i]];
      }
    }
    return new Assignment(mentorOf, total);
  }

  private static void rebuild(int j, int[] in, int size, int[][] score, int m, int[][] gap, int[] leave) {
    if (gap[j] == null) {
      gap[j] = new int[m];
    }
    int[] g = gap[j];
    Arrays.fill(g, Integer.MAX_VALUE);
    int least = Integer.MAX_VALUE;
    for (int t = 0; t < size; t++) {
      int[] r = score[in[t]];
      int here = r[j];
      least = Math.min(least, here);
      for (int k = 0; k < g.length; k++) {
        if (r[k] > 0 && here - r[k] < g[k]) {
          g[k] = here - r[k];
        }
      }
    }
    leave[j] = least;
  }

  /** The mentee that moves from column {@code from} to {@code to}: the first of least cost, as in the search. */
  private static int mover(int[][] members, int[] load, int[][] score, int from, int to, int start) {
    if (from == NONE) {
      return start;
    }
    int[] in = members[from];
    int best = NONE;
    int bestGap = Integer.MAX_VALUE;
    for (int t = 0; t < load[from]; t++) {
      int[] r = score[in[t]];
      if (r[to] > 0 && r[from] - r[to] < bestGap) {
        bestGap = r[from] - r[to];
        best = in[t];
      }
    }
    return best;
  }

  /** The mentee that leaves column {@code j} for "unmatched": the first of the lowest score. */
  private static int leaver(int[] in, int size, int[][] score, int j) {
    int best = in[0];
    for (int t = 1; t < size; t++) {
      if (score[in[t]][j] < score[best][j]) {
        best = in[t];
      }
    }
    return best;
  }

  private static int slotOf(int[] in, int size, int mentee) {
    for (int t = 0; t < size; t++) {
      if (in[t] == mentee) {
        return t;
      }
    }
    throw new IllegalStateException("mentee " + mentee + " is not in the column");
  }
}
