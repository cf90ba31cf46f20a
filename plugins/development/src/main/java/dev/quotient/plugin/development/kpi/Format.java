package dev.quotient.plugin.development.kpi;

import java.text.NumberFormat;
import java.util.Locale;

/** KPI values as people read them: hours, minutes, percentages, counts and money amounts. */
public final class Format {

  private Format() {}

  public static String kpi(Kpi kpi, Double value, Locale locale) {
    if (value == null) {
      return "–";
    }
    return switch (kpi) {
      case SELLING_HOURS -> decimals(value, 2, locale) + " h";
      case RESPONSE_MEDIAN_MINUTES -> decimals(value, 2, locale) + " min";
      case SELLING_SHARE, RESPONSE_WITHIN_5_SHARE, FIVE_FOLLOW_UP_SHARE, WIN_RATE -> percent(value, locale);
      case FOLLOW_UPS_PER_LEAD, ATTEMPTS_TO_CONTACT -> decimals(value, 2, locale);
      case CAC, CLV -> decimals(value, 0, locale);
    };
  }

  public static String percent(Double share, Locale locale) {
    if (share == null) {
      return "–";
    }
    NumberFormat f = NumberFormat.getPercentInstance(locale);
    f.setMaximumFractionDigits(0);
    return f.format(share);
  }

  public static String decimals(Double value, int digits, Locale locale) {
    if (value == null) {
      return "–";
    }
    NumberFormat f = NumberFormat.getNumberInstance(locale);
    f.setMinimumFractionDigits(0);
    f.setMaximumFractionDigits(digits);
    return f.format(value);
  }
}
