package dev.quotient.plugin.mentoring.matching;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a mentor offers, as matching sees it.
 *
 * @param strengths level 1 to 5 by skill key: a benchmark sub-skill ({@code empathy}), a product
 *     ({@code product:<name>}) or a KPI ({@code kpi:<name>})
 * @param capacity the most mentees at once (0 takes none)
 * @param availability the week slots they can meet in ({@code mon-am}, {@code tue-pm}, ...)
 * @param languages language tags they mentor in ({@code pl}, {@code en})
 */
public record MentorProfile(String userId, Map<String, Integer> strengths, int capacity, Set<String> availability,
    List<String> languages, ZoneId zone) {

  public MentorProfile {
    Objects.requireNonNull(userId, "userId");
    strengths = Map.copyOf(strengths);
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity below zero");
    }
    availability = Set.copyOf(availability);
    languages = List.copyOf(languages);
    Objects.requireNonNull(zone, "zone");
  }
}
