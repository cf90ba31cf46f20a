package dev.quotient.plugin.mentoring.matching;

/**
 * A solution: {@code mentorOf[i]} is the mentor of mentee i, or -1 when unmatched; {@code total} is
 * the sum of the pairs' scores.
 */
public record Assignment(int[] mentorOf, long total) {}
