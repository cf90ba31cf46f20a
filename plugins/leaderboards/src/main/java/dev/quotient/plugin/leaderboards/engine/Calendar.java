package dev.quotient.plugin.leaderboards.engine;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Objects;

/**
 * How an organisation counts its periods: days in its zone, weeks from its first day of the week,
 * quarters from the first month of its fiscal year. After a change of either, a period that had closed
 * before the day of the change keeps the cut of the calendar it closed under ({@code before}); the
 * rest follow the new one.
 *
 * @param before the calendar in force before {@code since}; null when it never changed
 * @param since the first day of this calendar; null when it never changed
 */
public record Calendar(ZoneId zone, DayOfWeek weekStart, Month fiscalYearStart, Calendar before, LocalDate since) {

  public Calendar {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(weekStart, "weekStart");
    Objects.requireNonNull(fiscalYearStart, "fiscalYearStart");
    if ((before == null) != (since == null)) {
      throw new IllegalArgumentException("an earlier calendar comes with the day it ended");
    }
  }

  public Calendar(ZoneId zone, DayOfWeek weekStart, Month fiscalYearStart) {
    this(zone, weekStart, fiscalYearStart, null, null);
  }

  /** ISO weeks and calendar quarters. */
  public static Calendar iso(ZoneId zone) {
    return new Calendar(zone, DayOfWeek.MONDAY, Month.JANUARY);
  }

  /** The first local day of the period holding {@code day}; {@link LocalDate#EPOCH} for all time. */
  public LocalDate start(Period period, LocalDate day) {
    if (before != null && day.isBefore(since)) {
      LocalDate old = before.start(period, day);
      LocalDate end = period.end(old);
      if (end != null && !end.isAfter(since)) {
        return old; // closed before the change: cut as it was
      }
    }
    return switch (period) {
      case WEEK -> day.with(TemporalAdjusters.previousOrSame(weekStart));
      case QUARTER -> day.withDayOfMonth(1)
          .minusMonths(Math.floorMod(day.getMonthValue() - fiscalYearStart.getValue(), 3));
      default -> period.start(day);
    };
  }

  /** The start of the period before the one starting at {@code start}. */
  public LocalDate previous(Period period, LocalDate start) {
    return period == Period.ALL ? start : start(period, start.minusDays(1));
  }
}
