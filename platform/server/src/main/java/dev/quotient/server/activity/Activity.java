package dev.quotient.server.activity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One activity as a caller reported it, already validated ({@link ActivityValidation}).
 *
 * @param clientId the caller's id for it: the idempotency key, unique within the organisation
 * @param userId the rep it belongs to
 * @param kind what happened
 * @param occurredAt when (for a lead response: when the rep responded)
 * @param value the deal's worth for won and lost (required), optional otherwise; null when absent
 * @param opportunityId optional reference to the CRM's opportunity
 * @param leadId optional reference to the CRM's lead
 * @param leadReceivedAt when the lead arrived, for {@link ActivityKind#LEAD_RESPONDED} only
 * @param minutes how long it took (time spent selling), 1 to 1440; null when not reported
 * @param leadSource where the lead came from ({@code web}, {@code referral}, ...), lower case; null when unknown
 * @param customerId the customer of a won or lost deal; null when unknown
 */
public record Activity(
    String clientId, String userId, ActivityKind kind, Instant occurredAt, Double value, String opportunityId,
    String leadId, Instant leadReceivedAt, Integer minutes, String leadSource, String customerId) {

  public Activity {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }

  /** How long the lead waited for an answer; null unless this is a lead response. */
  public Duration responseTime() {
    return leadReceivedAt == null ? null : Duration.between(leadReceivedAt, occurredAt);
  }

  /**
   * The stored id: derived from the organisation and the client id only, so every repeat of an
   * activity (another request, another node, after a crash) lands on the same document. The
   * organisation's id has a fixed length, so the two parts never run into each other. In the
   * caller's order, not hashed: an integration's ids mostly grow, so the log's {@code _id} index (and
   * the ledger's, whose ids start with this one) grow at their end, and a commit rewrites a few index
   * pages instead of one page per activity (hashed ids made the embedded store write about three times
   * the bytes of the documents themselves).
   */
  public static String activityId(String orgId, String clientId) {
    return orgId + ":" + clientId;
  }

  /** The id of an activity stored before ids followed the caller's ({@link ActivityStore} still finds them). */
  public static String legacyActivityId(String orgId, String clientId) {
    return sha256(orgId + "\n" + clientId).substring(0, 32);
  }

  /**
   * What a repeat must match to count as the same activity: everything the caller reported except
   * who sent it (a repeat by an integration of a rep's own report is still the same activity). The
   * optional fields added later count only when present, so the fingerprints stored before them stay valid.
   */
  public String fingerprint() {
    StringBuilder text = new StringBuilder(String.join("\n", userId, kind.key(), occurredAt.toString(),
        value == null ? "" : Double.toString(value), nullToEmpty(opportunityId), nullToEmpty(leadId),
        leadReceivedAt == null ? "" : leadReceivedAt.toString()));
    if (minutes != null) {
      text.append("\nminutes=").append(minutes);
    }
    if (leadSource != null) {
      text.append("\nleadSource=").append(leadSource);
    }
    if (customerId != null) {
      text.append("\ncustomerId=").append(customerId);
    }
    return sha256(text.toString());
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
