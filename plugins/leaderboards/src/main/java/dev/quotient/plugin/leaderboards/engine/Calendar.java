package dev.quotient.plugin.leaderboards.engine;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Objects;

/**
 * How an organisation counts its periods: days in its zone, weeks from its first day of the week,
 * quarters from the first month of its fiscal year.
 */
public record Calendar(ZoneId zone, DayOfWeek weekStart, Month fiscalYearStart) {

  public Calendar {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(weekStart, "weekStart");
    Objects.requireNonNull(fiscalYearStart, "fiscalYearStart");
  }

  /** ISO weeks and calendar quarters. */
  public static Calendar iso(ZoneId zone) {
    return new Calendar(zone, DayOfWeek.MONDAY, Month.JANUARY);
  }

  /** The first local day of the period holding {@code day}; {@link LocalDate#EPOCH} for all time. */
  public LocalDate start(Period period, LocalDate day) {
    return switch (period) {
      case WEEK -> day.with(TemporalAdjusters.previousOrSame(weekStart));
      case QUARTER -> day.withDayOfMonth(1)
          .minusMonths(Math.floorMod(day.getMonthValue() - fiscalYearStart.getValue(), 3));
      default -> period.start(day);
    };
  }
}
