package dev.quotient.server.activity;

import dev.quotient.server.web.ItemErrors;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns one reported activity (JSON, already shaped by the OpenAPI contract) into an {@link Activity},
 * or records what is wrong with it. Every field is checked, so a batch's answer names every problem at
 * once. Membership of the user is checked later, against the store, for the whole batch in one query.
 */
public final class ActivityValidation {

  /** Client ids and references: 1 to 100 of letters, digits and {@code . _ : -}, starting with a letter or digit. */
  public static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");
  /** How far ahead of the server clock an activity may be (clocks drift). */
  public static final Duration MAX_AHEAD = Duration.ofMinutes(5);
  /** Nothing before this is a plausible selling activity: a typo or an epoch default. */
  public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
  /** A day: no single activity takes longer. */
  public static final int MAX_MINUTES = 1_440;
  /**
   * A deal's worth is at most a trillion (in the organisation's currency): enough for any deal, and
   * sums of millions of them stay exact enough and finite.
   */
  public static final double MAX_VALUE = 1e12;
  /** Lead sources are short ids (web, referral, trade-show): letters, digits, {@code . _ -}, after lower-casing. */
  public static final Pattern LEAD_SOURCE = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}._-]{0,39}");
  public static final int MAX_CUSTOMER_ID = 100;

  private ActivityValidation() {}

  /**
   * Parses item {@code index}; adds an error for each problem to {@code errors} and returns null
   * when there is any.
   */
  public static Activity parse(int index, JsonObject json, Instant now, List<ItemErrors.Item> errors) {
    int before = errors.size();
    String clientId = json.getValue("id") instanceof String s ? s : null;
    if (clientId == null || !SAFE_ID.matcher(clientId).matches()) {
      errors.add(new ItemErrors.Item(index, "id", "error.activity.id"));
    }
    String userId = json.getValue("userId") instanceof String s && !s.isBlank() ? s : null;
    if (userId == null) {
      errors.add(new ItemErrors.Item(index, "userId", "error.activity.user"));
    }
    String kindKey = json.getValue("kind") instanceof String s ? s : null;
    ActivityKind kind = kindKey == null ? null : ActivityKind.parse(kindKey).orElse(null);
    if (kind == null) {
      errors.add(new ItemErrors.Item(index, "kind", "error.activity.kind", String.valueOf(kindKey),
          ActivityKind.keys()));
    }
    Instant occurredAt = instant(index, "occurredAt", json.getValue("occurredAt"), now, errors);
    Double value = null;
    Object rawValue = json.getValue("value");
    if (rawValue instanceof Number n) {
      value = n.doubleValue();
      if (!Double.isFinite(value) || value < 0 || value > MAX_VALUE) {
        errors.add(new ItemErrors.Item(index, "value", "error.activity.value", "1000000000000"));
      }
    } else if (rawValue != null) {
      errors.add(new ItemErrors.Item(index, "value", "error.activity.value", "1000000000000"));
    } else if (kind != null && kind.requiresValue()) {
      errors.add(new ItemErrors.Item(index, "value", "error.activity.valueRequired", kind.key()));
    }
    String opportunityId = reference(index, "opportunityId", json.getValue("opportunityId"), errors);
    String leadId = reference(index, "leadId", json.getValue("leadId"), errors);
    Instant leadReceivedAt = null;
    Object rawReceived = json.getValue("leadReceivedAt");
    if (kind == ActivityKind.LEAD_RESPONDED) {
      if (rawReceived == null) {
        errors.add(new ItemErrors.Item(index, "leadReceivedAt", "error.activity.leadReceivedAt"));
      } else {
        leadReceivedAt = instant(index, "leadReceivedAt", rawReceived, now, errors);
        if (leadReceivedAt != null && occurredAt != null && leadReceivedAt.isAfter(occurredAt)) {
          errors.add(new ItemErrors.Item(index, "leadReceivedAt", "error.activity.respondedBeforeReceived"));
        }
      }
    } else if (rawReceived != null && kind != null) {
      errors.add(new ItemErrors.Item(index, "leadReceivedAt", "error.activity.leadReceivedAtOnly"));
    }
    Integer minutes = minutes(index, json.getValue("minutes"), errors);
    String leadSource = leadSource(index, json.getValue("leadSource"), kind, errors);
    String customerId = customerId(index, json.getValue("customerId"), kind, errors);
    if (errors.size() > before) {
      return null;
    }
    return new Activity(clientId, userId, kind, occurredAt, value, opportunityId, leadId, leadReceivedAt, minutes,
        leadSource, customerId);
  }

  private static Integer minutes(int index, Object raw, List<ItemErrors.Item> errors) {
    if (raw == null) {
      return null;
    }
    if (raw instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
        && n.doubleValue() >= 1 && n.doubleValue() <= MAX_MINUTES) {
      return n.intValue();
    }
    // As text: a number would be shown grouped (1,440), and import reports carry their arguments as text.
    errors.add(new ItemErrors.Item(index, "minutes", "error.activity.minutes", String.valueOf(MAX_MINUTES)));
    return null;
  }

  /** Lower-cased, inner spaces as dashes: "Trade Show" and "trade-show" are one source. */
  private static String leadSource(int index, Object raw, ActivityKind kind, List<ItemErrors.Item> errors) {
    if (raw == null) {
      return null;
    }
    String clean = raw instanceof String s ? s.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", "-") : null;
    if (clean == null || !LEAD_SOURCE.matcher(clean).matches()) {
      errors.add(new ItemErrors.Item(index, "leadSource", "error.activity.leadSource"));
      return null;
    }
    if (kind != null && !kind.carriesLeadSource()) {
      errors.add(new ItemErrors.Item(index, "leadSource", "error.activity.leadSourceOnly", kind.key()));
      return null;
    }
    return clean;
  }

  private static String customerId(int index, Object raw, ActivityKind kind, List<ItemErrors.Item> errors) {
    if (raw == null) {
      return null;
    }
    String clean = raw instanceof String s ? s.strip() : null;
    if (clean == null || clean.isEmpty() || clean.length() > MAX_CUSTOMER_ID
        || clean.chars().anyMatch(Character::isISOControl)) {
      errors.add(new ItemErrors.Item(index, "customerId", "error.activity.customerId", MAX_CUSTOMER_ID));
      return null;
    }
    if (kind != null && !kind.requiresValue()) {
      errors.add(new ItemErrors.Item(index, "customerId", "error.activity.customerIdOnly", kind.key()));
      return null;
    }
    return clean;
  }

  /** The same checks for a plugin's command: no references, no lead response (it lacks leadReceivedAt). */
  public static Activity parse(String clientId, String userId, String kind, Instant occurredAt, double value,
      Instant now, List<ItemErrors.Item> errors) {
    JsonObject json = new JsonObject().put("id", clientId).put("userId", userId).put("kind", kind)
        .put("occurredAt", occurredAt == null ? null : occurredAt.toString());
    ActivityKind parsed = kind == null ? null : ActivityKind.parse(kind).orElse(null);
    if (parsed == ActivityKind.LEAD_RESPONDED) {
      errors.add(new ItemErrors.Item(0, "kind", "error.activity.commandLeadResponse"));
      return null;
    }
    if (value != 0 || (parsed != null && parsed.requiresValue())) {
      json.put("value", value);
    }
    return parse(0, json, now, errors);
  }

  private static Instant instant(int index, String field, Object raw, Instant now, List<ItemErrors.Item> errors) {
    if (!(raw instanceof String text)) {
      errors.add(new ItemErrors.Item(index, field, "error.activity.instant", field));
      return null;
    }
    Instant at;
    try {
      at = Instant.parse(text);
    } catch (DateTimeParseException e) {
      try {
        at = OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e2) {
        errors.add(new ItemErrors.Item(index, field, "error.activity.instant", field));
        return null;
      }
    }
    if (at.isAfter(now.plus(MAX_AHEAD))) {
      errors.add(new ItemErrors.Item(index, field, "error.activity.future", field, text));
      return null;
    }
    if (at.isBefore(EARLIEST)) {
      errors.add(new ItemErrors.Item(index, field, "error.activity.tooOld", field, text));
      return null;
    }
    return at.truncatedTo(ChronoUnit.MILLIS);
  }

  private static String reference(int index, String field, Object raw, List<ItemErrors.Item> errors) {
    if (raw == null) {
      return null;
    }
    if (raw instanceof String s && SAFE_ID.matcher(s).matches()) {
      return s;
    }
    errors.add(new ItemErrors.Item(index, field, "error.activity.reference", field));
    return null;
  }
}
