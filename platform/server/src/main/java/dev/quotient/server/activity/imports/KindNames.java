package dev.quotient.server.activity.imports;

import dev.quotient.server.activity.ActivityKind;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a CRM's name for an activity kind: the platform's keys in any case and spelling ("Follow up",
 * "FOLLOW_UP"), common English and Polish synonyms, and the leader's own mapping, which comes first.
 */
final class KindNames {

  private static final Map<String, ActivityKind> SYNONYMS = new HashMap<>();

  static {
    for (ActivityKind k : ActivityKind.values()) {
      SYNONYMS.put(normalise(k.key()), k);
    }
    put(ActivityKind.CALL, "phone", "phonecall", "outboundcall", "inboundcall", "coldcall", "telefon", "rozmowa");
    put(ActivityKind.EMAIL, "mail", "emailsent", "sentemail");
    put(ActivityKind.MEETING, "demo", "appointment", "visit", "spotkanie", "wizyta");
    put(ActivityKind.FOLLOW_UP, "followup", "follow", "task", "przypomnienie");
    put(ActivityKind.LEAD_RECEIVED, "lead", "newlead", "leadcreated", "inboundlead");
    put(ActivityKind.LEAD_RESPONDED, "leadresponse", "leadreply", "response", "leadcontacted");
    put(ActivityKind.OPPORTUNITY_OPENED, "opportunity", "opportunitycreated", "newopportunity", "dealopened",
        "dealcreated", "newdeal", "szansa");
    put(ActivityKind.WON, "closedwon", "win", "dealwon", "wygrana");
    put(ActivityKind.LOST, "closedlost", "loss", "deallost", "przegrana");
  }

  private final Map<String, ActivityKind> own;

  /** @param own the leader's mapping of the file's values to kind keys; values not kinds are ignored */
  KindNames(Map<String, String> own) {
    this.own = new HashMap<>();
    own.forEach((value, key) -> ActivityKind.parse(key).ifPresent(k -> this.own.put(normalise(value), k)));
  }

  Optional<ActivityKind> kind(String value) {
    String n = normalise(value);
    ActivityKind k = own.get(n);
    return Optional.ofNullable(k != null ? k : SYNONYMS.get(n));
  }

  private static void put(ActivityKind kind, String... names) {
    for (String name : names) {
      SYNONYMS.put(name, kind);
    }
  }

  private static String normalise(String value) {
    return ImportField.normalise(value == null ? "" : value.toLowerCase(Locale.ROOT));
  }
}
