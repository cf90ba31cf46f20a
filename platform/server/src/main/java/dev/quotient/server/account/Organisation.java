package dev.quotient.server.account;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.bson.Document;

/** A customer organisation: everything a user sees is limited to theirs. */
public record Organisation(String id, String name, ZoneId zone, Locale locale, List<String> values) {

  public Organisation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(locale, "locale");
    values = List.copyOf(values);
  }

  static Organisation from(Document d) {
    return new Organisation(
        d.getString("_id"),
        d.getString("name"),
        ZoneId.of(d.getString("zone")),
        Locale.forLanguageTag(d.getString("locale")),
        d.getList("values", String.class, List.of()));
  }

  Document toDocument() {
    return new Document("_id", id).append("name", name).append("zone", zone.getId())
        .append("locale", locale.toLanguageTag()).append("values", values);
  }
}
