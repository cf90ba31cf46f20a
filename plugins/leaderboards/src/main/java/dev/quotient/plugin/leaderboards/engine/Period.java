package dev.quotient.plugin.leaderboards.engine;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;

/**
 * A board's period. Periods are calendar days, ISO weeks (from Monday), months and quarters in the
 * organisation's time zone: a fact belongs to the period of its local date, so a day that daylight
 * saving makes 23 or 25 hours long is still one day.
 */
public enum Period {
  DAY, WEEK, MONTH, QUARTER, ALL;

  /** The first local day of the period holding {@code day}; {@link LocalDate#EPOCH} for all time. */
  public LocalDate start(LocalDate day) {
    return switch (this) {
      case DAY -> day;
      case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTH -> day.withDayOfMonth(1);
      case QUARTER -> LocalDate.of(day.getYear(), ((day.getMonthValue() - 1) / 3) * 3 + 1, 1);
      case ALL -> LocalDate.EPOCH;
    };
  }

  /** The first day after the period starting at {@code start}; null for all time. */
  public LocalDate end(LocalDate start) {
    return switch (this) {
      case DAY -> start.plusDays(1);
      case WEEK -> start.plusWeeks(1);
      case MONTH -> start.plusMonths(1);
      case QUARTER -> start.plusMonths(3);
      case ALL -> null;
    };
  }

  /** The start of the period before the one starting at {@code start}. */
  public LocalDate previous(LocalDate start) {
    return switch (this) {
      case DAY -> start.minusDays(1);
      case WEEK -> start.minusWeeks(1);
      case MONTH -> start.minusMonths(1);
      case QUARTER -> start.minusMonths(3);
      case ALL -> start;
    };
  }

  /** The local day an instant falls on in the zone. */
  public static LocalDate day(Instant at, ZoneId zone) {
    return LocalDate.ofInstant(at, zone);
  }

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Period> parse(String key) {
    for (Period p : values()) {
      if (p.key().equals(key)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
