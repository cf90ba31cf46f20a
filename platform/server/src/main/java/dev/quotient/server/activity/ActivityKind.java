package dev.quotient.server.activity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a rep did. Won and lost deals carry their value; a lead response carries when the lead came in. */
public enum ActivityKind {
  CALL,
  EMAIL,
  MEETING,
  FOLLOW_UP,
  LEAD_RECEIVED,
  /** {@code occurredAt} is when the rep responded; {@code leadReceivedAt} when the lead arrived. */
  LEAD_RESPONDED,
  OPPORTUNITY_OPENED,
  WON,
  LOST;

  /** The key used in the API and the store: {@code follow-up}, {@code lead-responded}, ... */
  public String key() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** True for kinds whose {@code value} (the deal's worth) is required. */
  public boolean requiresValue() {
    return this == WON || this == LOST;
  }

  /** True for kinds that may say where the lead or deal came from ({@code leadSource}). */
  public boolean carriesLeadSource() {
    return this == LEAD_RECEIVED || this == LEAD_RESPONDED || this == OPPORTUNITY_OPENED || this == WON || this == LOST;
  }

  public static Optional<ActivityKind> parse(String key) {
    return Arrays.stream(values()).filter(k -> k.key().equals(key)).findFirst();
  }

  /** Every key, comma-separated, for messages. */
  public static String keys() {
    return Arrays.stream(values()).map(ActivityKind::key).collect(Collectors.joining(", "));
  }
}
