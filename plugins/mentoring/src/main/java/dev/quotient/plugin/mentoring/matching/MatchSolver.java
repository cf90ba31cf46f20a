package dev.quotient.plugin.mentoring.matching;

import java.util.Arrays;
import java.util.Objects;

/**
 * Organisation-wide optimal matching: the assignment of mentees to mentors with the largest total
 * score, each mentee at most once, each mentor at most their capacity, no forbidden pair (a score of
 * 0 adds nothing, so such a pair is never made either). Exact and deterministic: the same input gives
 * the same pairs. The solver is a min-cost flow by successive shortest paths over the mentor columns
 * ({@link ColumnHungarian} explains it and why it is exact). Beside it, the moves between rounds that
 * leave the other pairs alone: {@link #rematch}, {@link #fillSlot} and {@link #topChoices}.
 */
public final class MatchSolver {

  /** The "unmatched" column's index inside the search. */
  private static final int NONE = -1;

  private MatchSolver() {}

  /**
   * The optimal assignment of {@code p}.
   *
   * @throws IllegalArgumentException when a score is above {@link Fit#MAX} (any score below 0 counts as
   *     forbidden)
   */
  public static Assignment solve(Problem p) {
    for (int[] row : p.score()) {
      for (int s : row) {
        if (s > Fit.MAX) {
          throw new IllegalArgumentException("score above " + Fit.MAX + ": " + s);
        }
      }
    }
    return ColumnHungarian.solve(p);
  }

  /**
   * Re-matching when a pair ends, without disturbing the others: the best mentor for one mentee
   * while every other mentee keeps their mentor in {@code mentorOf}. The mentee's current mentor (if
   * any) is released first, so they may get the same one back: mark an ended pair {@link
   * Problem#FORBIDDEN} in {@code p} to keep the two apart. Ties go to the lowest mentor index;
   * the mentee stays unmatched (-1) when no allowed mentor has a free slot.
   *
   * @return the new assignment: {@code mentorOf} with only {@code mentee}'s entry changed
   */
  public static Assignment rematch(Problem p, int[] mentorOf, int mentee) {
    checkAssignment(p, mentorOf);
    Objects.checkIndex(mentee, p.mentees());
    int[] next = mentorOf.clone();
    next[mentee] = NONE;
    int[] choice = topChoices(p, mentee, 1, loads(p, next));
    next[mentee] = choice.length == 0 ? NONE : choice[0];
    return new Assignment(next, total(p, next));
  }

  /**
   * Filling a mentor's freed slot without disturbing the others: the unmatched mentee who fits
   * {@code mentor} best (ties to the lowest index) takes the slot, if the mentor has room.
   *
   * @return the new assignment: {@code mentorOf} with at most one entry changed
   */
  public static Assignment fillSlot(Problem p, int[] mentorOf, int mentor) {
    checkAssignment(p, mentorOf);
    Objects.checkIndex(mentor, p.mentors());
    int[] next = mentorOf.clone();
    if (loads(p, next)[mentor] < p.capacity()[mentor]) {
      int best = NONE;
      for (int i = 0; i < p.mentees(); i++) {
        int s = p.score()[i][mentor];
        if (next[i] == NONE && s > 0 && (best == NONE || s > p.score()[best][mentor])) {
          best = i;
        }
      }
      if (best != NONE) {
        next[best] = mentor;
      }
    }
    return new Assignment(next, total(p, next));
  }

  /**
   * A mentee's top suggestions: up to {@code k} allowed mentors (score above 0) with a free slot
   * ({@code currentLoad[j] < capacity[j]}), best score first, ties to the lowest index.
   */
  public static int[] topChoices(Problem p, int mentee, int k, int[] currentLoad) {
    Objects.checkIndex(mentee, p.mentees());
    if (k < 0) {
      throw new IllegalArgumentException("k below zero");
    }
    if (currentLoad.length != p.mentors()) {
      throw new IllegalArgumentException("one load per mentor");
    }
    int[] row = p.score()[mentee];
    int[] top = new int[Math.min(k, p.mentors())];
    int size = 0;
    for (int j = 0; j < p.mentors(); j++) {
      if (row[j] <= 0 || currentLoad[j] >= p.capacity()[j]) {
        continue;
      }
      // Insertion into a short sorted list; strict comparison keeps lower indexes first on ties.
      int at = size;
      while (at > 0 && row[top[at - 1]] < row[j]) {
        at--;
      }
      if (at < top.length) {
        int last = Math.min(size, top.length - 1);
        System.arraycopy(top, at, top, at + 1, last - at);
        top[at] = j;
        size = Math.min(size + 1, top.length);
      }
    }
    return Arrays.copyOf(top, size);
  }

  /** How many mentees each mentor has in {@code mentorOf}. */
  public static int[] loads(Problem p, int[] mentorOf) {
    int[] load = new int[p.mentors()];
    for (int j : mentorOf) {
      if (j != NONE) {
        load[j]++;
      }
    }
    return load;
  }

  private static long total(Problem p, int[] mentorOf) {
    long total = 0;
    for (int i = 0; i < mentorOf.length; i++) {
      if (mentorOf[i] != NONE) {
        total += p.score()[i][mentorOf[i]];
      }
    }
    return total;
  }

  private static void checkAssignment(Problem p, int[] mentorOf) {
    if (mentorOf.length != p.mentees()) {
      throw new IllegalArgumentException("one entry per mentee");
    }
    for (int j : mentorOf) {
      if (j < NONE || j >= p.mentors()) {
        throw new IllegalArgumentException("no such mentor: " + j);
      }
    }
  }
}
