package dev.quotient.api.event;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** The payloads of published domain events: facts, named in the past tense. */
public final class Events {

  private Events() {}

  /** A rep's selling activity (call, email, meeting, ...) was stored. */
  public record ActivityRecorded(
      String orgId, String activityId, String userId, String kind, Instant occurredAt, double value) {
    public ActivityRecorded {
      requireIds(orgId, activityId, userId);
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(occurredAt, "occurredAt");
    }
  }

  /** A rep finished a training module. */
  public record ModuleCompleted(
      String orgId, String userId, String moduleId, int moduleVersion, double score, boolean passed,
      List<String> skills, Instant completedAt) {
    public ModuleCompleted {
      requireIds(orgId, userId, moduleId);
      skills = List.copyOf(skills);
      Objects.requireNonNull(completedAt, "completedAt");
    }
  }

  /**
   * Points were credited to a user, with the reason a rep can read.
   *
   * @param entryId the ledger entry: unique per credit, so a consumer that sees it twice counts it once
   * @param ruleId the point rule that gave them
   * @param areas the skill areas credited (IQ, EQ, BQ; empty for none)
   * @param occurredAt when the credited fact happened: the period a board counts it in
   */
  public record PointsAwarded(
      String orgId, String userId, long points, String reason, String sourceId, Instant awardedAt, String entryId,
      String ruleId, List<String> areas, Instant occurredAt) {
    public PointsAwarded {
      requireIds(orgId, userId, sourceId, entryId, ruleId);
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(awardedAt, "awardedAt");
      areas = List.copyOf(areas);
      Objects.requireNonNull(occurredAt, "occurredAt");
    }
  }

  /** A badge was awarded to a user. */
  public record BadgeAwarded(String orgId, String userId, String badgeId, String awardedBy, Instant awardedAt) {
    public BadgeAwarded {
      requireIds(orgId, userId, badgeId);
      Objects.requireNonNull(awardedAt, "awardedAt");
    }
  }

  /** One user praised another for one of the organisation's values. */
  public record PraiseGiven(
      String orgId, String praiseId, String fromUserId, String toUserId, String value, String message,
      Instant givenAt) {
    public PraiseGiven {
      requireIds(orgId, praiseId, fromUserId, toUserId);
      if (fromUserId.equals(toUserId)) {
        throw new IllegalArgumentException("nobody praises themselves");
      }
      Objects.requireNonNull(givenAt, "givenAt");
    }
  }

  /**
   * A contest ended and this person placed in it: one event per winning person (each member of a
   * winning team), so recognition can award and celebrate each.
   *
   * @param teamId the winning team, or null for an individual contest
   * @param prize the prize the leader set for the place, or null
   */
  public record ContestWon(
      String orgId, String contestId, String contestName, String userId, String teamId, int place, String prize,
      Instant endedAt) {
    public ContestWon {
      requireIds(orgId, contestId, userId);
      Objects.requireNonNull(contestName, "contestName");
      if (place < 1) {
        throw new IllegalArgumentException("places start at 1");
      }
      Objects.requireNonNull(endedAt, "endedAt");
    }
  }

  /** A mentor and a mentee were confirmed as a pair. */
  public record MentorMatched(String orgId, String mentorId, String menteeId, double fit, Instant matchedAt) {
    public MentorMatched {
      requireIds(orgId, mentorId, menteeId);
      Objects.requireNonNull(matchedAt, "matchedAt");
    }
  }

  /** A rep accepted a version of their development plan. */
  public record PlanAccepted(String orgId, String planId, String userId, int version, Instant acceptedAt) {
    public PlanAccepted {
      requireIds(orgId, planId, userId);
      Objects.requireNonNull(acceptedAt, "acceptedAt");
    }
  }

  static void requireIds(String... ids) {
    for (String id : ids) {
      if (id == null || id.isBlank()) {
        throw new IllegalArgumentException("ids must not be blank");
      }
    }
  }

  /**
   * A candidate was hired and became a rep; their first development plan starts from the scorecard.
   * Scores are the interviewers' means on a 1-5 scale, per RPAC area.
   *
   * @param userId the new rep's account
   * @param evidence the interviewers' evidence notes, one line each
   */
  public record CandidateHired(
      String orgId, String candidateId, String userId, String roleId, String roleName, double roleFit,
      double provenAchievement, double acumen, double cultureFit, List<String> evidence, String hiredBy,
      Instant hiredAt) {
    public CandidateHired {
      requireIds(orgId, candidateId, userId, roleId);
      Objects.requireNonNull(roleName, "roleName");
      evidence = List.copyOf(evidence);
      Objects.requireNonNull(hiredAt, "hiredAt");
    }
  }

  /** The organisation's settings (name, time zone, language, currency, values) as of {@code changedAt}. */
  public record OrganisationChanged(String orgId, Instant changedAt) {
    public OrganisationChanged {
      requireIds(orgId);
      Objects.requireNonNull(changedAt, "changedAt");
    }
  }

  public record OrganisationRemoved(String orgId, Instant removedAt) {
    public OrganisationRemoved {
      requireIds(orgId);
      Objects.requireNonNull(removedAt, "removedAt");
    }
  }

  /**
   * @param fromTeamId the team before, null for none
   * @param toTeamId the team after, null for none
   * @param from the first day on the new team, {@code YYYY-MM-DD} in the organisation's zone
   */
  public record UserMoved(String orgId, String userId, String fromTeamId, String toTeamId, String from,
      String recordedBy, Instant recordedAt) {
    public UserMoved {
      requireIds(orgId, userId);
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(recordedAt, "recordedAt");
    }
  }

  /**
   * @param lastDay the last day, {@code YYYY-MM-DD} in the organisation's zone
   * @param kind {@code voluntary} or {@code involuntary}
   */
  public record UserDeparted(String orgId, String userId, String lastDay, String kind, String recordedBy,
      Instant recordedAt) {
    public UserDeparted {
      requireIds(orgId, userId);
      Objects.requireNonNull(lastDay, "lastDay");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(recordedAt, "recordedAt");
    }
  }

  public record UserReturned(String orgId, String userId, Instant returnedAt) {
    public UserReturned {
      requireIds(orgId, userId);
      Objects.requireNonNull(returnedAt, "returnedAt");
    }
  }
}
