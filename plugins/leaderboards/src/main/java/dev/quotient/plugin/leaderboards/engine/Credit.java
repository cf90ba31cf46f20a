package dev.quotient.plugin.leaderboards.engine;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Points credited to one person, as the boards count them: one ledger entry.
 *
 * @param teams the teams the person belongs to (each team's board gets the points too)
 * @param areas the skill areas credited (IQ, EQ, BQ; others are ignored)
 * @param occurredAt when the credited fact happened: the periods it counts in
 */
public record Credit(String orgId, String entryId, String userId, List<String> teams, String ruleId, long points,
    List<String> areas, Instant occurredAt) {

  public Credit {
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(entryId, "entryId");
    Objects.requireNonNull(userId, "userId");
    teams = List.copyOf(teams);
    areas = List.copyOf(areas);
    Objects.requireNonNull(occurredAt, "occurredAt");
  }
}
