package dev.quotient.server.account;

import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.bson.Document;

/**
 * A customer organisation: everything a user sees is limited to theirs.
 *
 * @param currency the ISO 4217 code money is reported in (deal values, costs)
 */
public record Organisation(String id, String name, ZoneId zone, Locale locale, List<String> values,
    Currency currency) {

  /** What an organisation stored before currencies were kept reports in. */
  public static final Currency DEFAULT_CURRENCY = Currency.getInstance("EUR");

  public Organisation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(locale, "locale");
    values = List.copyOf(values);
    Objects.requireNonNull(currency, "currency");
  }

  public Organisation(String id, String name, ZoneId zone, Locale locale, List<String> values) {
    this(id, name, zone, locale, values, DEFAULT_CURRENCY);
  }

  static Organisation from(Document d) {
    return new Organisation(
        d.getString("_id"),
        d.getString("name"),
        ZoneId.of(d.getString("zone")),
        Locale.forLanguageTag(d.getString("locale")),
        d.getList("values", String.class, List.of()),
        d.getString("currency") == null ? DEFAULT_CURRENCY : Currency.getInstance(d.getString("currency")));
  }

  Document toDocument() {
    return new Document("_id", id).append("name", name).append("zone", zone.getId())
        .append("locale", locale.toLanguageTag()).append("values", values)
        .append("currency", currency.getCurrencyCode());
  }
}
