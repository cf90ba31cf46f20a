package dev.quotient.api.event;

import java.time.Instant;
import java.util.Objects;

/** The payloads of commands (request/reply) and their replies. */
public final class Commands {

  private Commands() {}

  /**
   * Store one activity. {@code clientId} makes it idempotent: a repeat is acknowledged once and
   * counted once.
   */
  public record RecordActivity(
      String orgId, String clientId, String userId, String kind, Instant occurredAt, double value) {
    public RecordActivity {
      Events.requireIds(orgId, clientId, userId);
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(occurredAt, "occurredAt");
    }
  }

  /** Acknowledges a stored activity; {@code duplicate} when the client id was seen before. */
  public record ActivityReceipt(String activityId, boolean duplicate) {
    public ActivityReceipt {
      Events.requireIds(activityId);
    }
  }

  /** Award a badge by hand (a leader's decision). */
  public record AwardBadge(String orgId, String userId, String badgeId, String awardedBy) {
    public AwardBadge {
      Events.requireIds(orgId, userId, badgeId, awardedBy);
    }
  }
}
