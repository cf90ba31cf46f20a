package dev.quotient.server.activity.imports;

import dev.quotient.server.activity.ActivityKind;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Turns one CSV row into an activity item as the API takes it, resolving what a CRM writes in its own
 * way: users by e-mail, kinds by name ({@link KindNames}), local date-times in the organisation's zone,
 * numbers with a decimal comma. What cannot be read becomes a {@link RowError}; the item's own rules
 * are checked afterwards by the activity validation.
 */
final class RowConverter {

  /**
   * Local date-time forms: ISO with 'T' or a space (seconds optional) and the day-first dotted form.
   * Strict: the lenient default reads 31.02 as the last day of February, storing a day nobody wrote.
   */
  private static final List<DateTimeFormatter> LOCAL = List.of(
      DateTimeFormatter.ISO_LOCAL_DATE_TIME,
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm[:ss]").withResolverStyle(ResolverStyle.STRICT),
      DateTimeFormatter.ofPattern("dd.MM.uuuu HH:mm[:ss]").withResolverStyle(ResolverStyle.STRICT));

  private final List<String> header;
  private final Map<ImportField, Integer> columns;
  private final KindNames kinds;
  private final ZoneId zone;
  private final Map<String, String> users;

  /**
   * @param users the organisation's user ids by id and by normalised e-mail address
   */
  RowConverter(List<String> header, Mapping mapping, ZoneId zone, Map<String, String> users) {
    this.header = header;
    this.columns = mapping.indexes(header);
    this.kinds = new KindNames(mapping.kinds());
    this.zone = zone;
    this.users = users;
  }

  /** The column feeding a field, or empty when none does. */
  String column(String itemKey) {
    return ImportField.byItemKey(itemKey).map(columns::get).map(header::get).orElse("");
  }

  /** The item of this row; each cell that cannot be read is left out and reported in {@code errors}. */
  JsonObject convert(CsvFile.Row row, List<RowError> errors) {
    JsonObject item = new JsonObject();
    String id = cell(row, ImportField.ID);
    if (id != null) {
      item.put("id", id);
    }
    String user = cell(row, ImportField.USER);
    if (user != null) {
      String userId = users.get(user.contains("@") ? user.trim().toLowerCase(java.util.Locale.ROOT) : user);
      if (userId == null) {
        errors.add(error(row, ImportField.USER, "error.activity.userUnknown", user));
      } else {
        item.put("userId", userId);
      }
    }
    String kind = cell(row, ImportField.KIND);
    if (kind != null) {
      ActivityKind k = kinds.kind(kind).orElse(null);
      if (k == null) {
        errors.add(error(row, ImportField.KIND, "error.activity.kind", kind, ActivityKind.keys()));
      } else {
        item.put("kind", k.key());
      }
    }
    instant(row, ImportField.OCCURRED_AT, item, errors);
    instant(row, ImportField.LEAD_RECEIVED_AT, item, errors);
    String value = cell(row, ImportField.VALUE);
    if (value != null) {
      Double number = number(value);
      if (number == null) {
        errors.add(error(row, ImportField.VALUE, "error.import.number", value));
      } else {
        item.put("value", number);
      }
    }
    reference(row, ImportField.OPPORTUNITY_ID, item);
    reference(row, ImportField.LEAD_ID, item);
    String minutes = cell(row, ImportField.MINUTES);
    if (minutes != null) {
      Double number = number(minutes);
      if (number == null) {
        errors.add(error(row, ImportField.MINUTES, "error.import.number", minutes));
      } else {
        item.put("minutes", number);
      }
    }
    reference(row, ImportField.LEAD_SOURCE, item);
    reference(row, ImportField.CUSTOMER_ID, item);
    return item;
  }

  private void reference(CsvFile.Row row, ImportField field, JsonObject item) {
    String v = cell(row, field);
    if (v != null) {
      item.put(field.itemKey(), v);
    }
  }

  private void instant(CsvFile.Row row, ImportField field, JsonObject item, List<RowError> errors) {
    String text = cell(row, field);
    if (text == null) {
      return;
    }
    String iso = instant(text);
    if (iso == null) {
      errors.add(error(row, field, "error.import.date", text));
    } else {
      item.put(field.itemKey(), iso);
    }
  }

  /** An instant (ISO-8601) for the text: with an offset as it says, without in the organisation's zone. */
  String instant(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant().toString();
    } catch (DateTimeParseException e) {
      // no offset: local time below
    }
    for (DateTimeFormatter f : LOCAL) {
      try {
        return ZonedDateTime.of(LocalDateTime.parse(text, f), zone).toInstant().toString();
      } catch (DateTimeParseException e) {
        // try the next form
      }
    }
    return null;
  }

  /** "1234.5", "1 234,50" or "1,234.50"; null when it is no number. */
  static Double number(String text) {
    String s = text.replace(" ", "").replace("\u00a0", "").replace("\u202f", "");
    if (s.contains(",") && s.contains(".")) {
      s = s.replace(",", "");
    } else {
      s = s.replace(',', '.');
    }
    try {
      return new BigDecimal(s).doubleValue();
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The trimmed cell of a mapped field; null when unmapped, blank or past the row's end. */
  private String cell(CsvFile.Row row, ImportField field) {
    Integer i = columns.get(field);
    if (i == null || i >= row.cells().size()) {
      return null;
    }
    String v = row.cells().get(i);
    return v.isBlank() ? null : v;
  }

  private RowError error(CsvFile.Row row, ImportField field, String key, String... args) {
    return new RowError(row.number(), header.get(columns.get(field)), field.itemKey(), key, List.of(args));
  }
}
