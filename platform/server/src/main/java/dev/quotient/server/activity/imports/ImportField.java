package dev.quotient.server.activity.imports;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a CSV column can become: one field of an activity as the API takes it ({@link #itemKey}), with
 * the header names a CRM export commonly gives it, for the first guess of the mapping.
 */
public enum ImportField {
  ID("id", true, "id", "activityid", "externalid", "crmid", "recordid", "activitykey", "key"),
  /** A user id or e-mail address of the organisation: resolved to the user's id. */
  USER("userId", true, "user", "userid", "email", "useremail", "rep", "repemail", "owner", "owneremail",
      "assignedto", "salesrep", "uzytkownik", "handlowiec"),
  KIND("kind", true, "kind", "type", "activitytype", "activity", "rodzaj", "typ"),
  /** When it happened; for a lead response, when the rep responded. */
  OCCURRED_AT("occurredAt", true, "occurredat", "date", "datetime", "timestamp", "time", "when", "activitydate",
      "respondedat", "completedat", "data"),
  /** For lead responses: when the lead arrived. */
  LEAD_RECEIVED_AT("leadReceivedAt", false, "leadreceivedat", "leadreceived", "receivedat", "leadcreatedat", "leaddate",
      "received"),
  VALUE("value", false, "value", "amount", "dealvalue", "revenue", "worth", "wartosc", "kwota"),
  OPPORTUNITY_ID("opportunityId", false, "opportunityid", "opportunity", "dealid", "oppid"),
  LEAD_ID("leadId", false, "leadid", "lead"),
  /** How long it took, in minutes (time spent selling). */
  MINUTES("minutes", false, "minutes", "mins", "min", "duration", "durationmin", "durationmins", "durationminutes",
      "timespent", "timespentmin", "czas", "czasmin", "czastrwania", "czastrwaniamin", "minuty", "trwanie"),
  LEAD_SOURCE("leadSource", false, "leadsource", "source", "leadorigin", "origin", "channel", "zrodlo", "zrodloleada",
      "kanal"),
  CUSTOMER_ID("customerId", false, "customerid", "customer", "client", "clientid", "accountid", "klient", "idklienta");

  private final String itemKey;
  private final boolean required;
  private final List<String> headerNames;

  ImportField(String itemKey, boolean required, String... headerNames) {
    this.itemKey = itemKey;
    this.required = required;
    this.headerNames = List.of(headerNames);
  }

  /** The field's name in an activity item of the API, and in a mapping. */
  public String itemKey() {
    return itemKey;
  }

  /** Rows cannot become activities without it: a mapping must name a column for it. */
  public boolean required() {
    return required;
  }

  /** True when a header, reduced to letters and digits, is one of this field's usual names. */
  boolean matches(String header) {
    return headerNames.contains(normalise(header));
  }

  public static Optional<ImportField> byItemKey(String key) {
    return Arrays.stream(values()).filter(f -> f.itemKey.equals(key)).findFirst();
  }

  /** Lower case letters and digits only, Polish letters folded: "Activity Type" and "activity_type" agree. */
  static String normalise(String header) {
    String folded = java.text.Normalizer.normalize(header.toLowerCase(Locale.ROOT).replace('ł', 'l'),
        java.text.Normalizer.Form.NFD);
    return folded.replaceAll("[^a-z0-9]", "");
  }
}
