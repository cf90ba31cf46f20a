package dev.quotient.server.web;

import java.time.ZoneId;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The options of the organisation forms' lists: time zones and currencies. */
final class Choices {

  /** Time zones as people pick them: regions and cities, and UTC (no legacy or fixed-offset aliases). */
  private static final List<String> ZONES = ZoneId.getAvailableZoneIds().stream()
      .filter(z -> z.equals("UTC") || (z.contains("/") && !z.startsWith("Etc/") && !z.startsWith("SystemV/")))
      .sorted().toList();
  private static final List<Currency> CURRENCIES = Currency.getAvailableCurrencies().stream()
      .sorted(Comparator.comparing(Currency::getCurrencyCode)).toList();

  private Choices() {}

  static List<Map<String, Object>> zones(String selected) {
    return ZONES.stream().map(z -> Map.<String, Object>of("id", z, "selected", z.equals(selected))).toList();
  }

  static List<Map<String, Object>> currencies(String selected, Locale language) {
    return CURRENCIES.stream().map(c -> Map.<String, Object>of("code", c.getCurrencyCode(),
        "name", c.getDisplayName(language), "selected", c.getCurrencyCode().equals(selected))).toList();
  }
}
