package dev.quotient.plugin.mentoring.matching;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a mentee needs, as matching sees it.
 *
 * @param levels the mentee's current level 1 to 5 for each skill key they want to grow (from the
 *     benchmark or plan, else set by hand): the lower the level, the bigger the gap
 * @param availability the week slots they can meet in
 * @param languages language tags they are mentored in
 */
public record MenteeProfile(String userId, Map<String, Integer> levels, Set<String> availability,
    List<String> languages, ZoneId zone) {

  public MenteeProfile {
    Objects.requireNonNull(userId, "userId");
    levels = Map.copyOf(levels);
    availability = Set.copyOf(availability);
    languages = List.copyOf(languages);
    Objects.requireNonNull(zone, "zone");
  }
}
