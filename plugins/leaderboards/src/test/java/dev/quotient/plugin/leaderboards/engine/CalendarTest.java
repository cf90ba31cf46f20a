package dev.quotient.plugin.leaderboards.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Periods follow the organisation's calendar; those that closed before a change keep their cut. */
class CalendarTest {

  private static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");

  @Test
  void weeksAndFiscalQuartersFollowTheSettings() {
    Calendar c = new Calendar(WARSAW, DayOfWeek.SUNDAY, Month.APRIL);
    assertEquals(LocalDate.parse("2026-03-01"), c.start(Period.WEEK, LocalDate.parse("2026-03-07")));
    assertEquals(LocalDate.parse("2026-01-01"), c.start(Period.QUARTER, LocalDate.parse("2026-03-31")));
    assertEquals(LocalDate.parse("2026-04-01"), c.start(Period.QUARTER, LocalDate.parse("2026-04-01")));
    assertEquals(LocalDate.parse("2025-10-01"), c.previous(Period.QUARTER, LocalDate.parse("2026-01-01")));
  }

  @Test
  void aPeriodClosedBeforeAChangeKeepsItsCutAndTheOneUnderWayTakesTheNew() {
    // Weeks from Monday until Wednesday 4 March 2026, from Sunday since.
    Calendar c = new Calendar(WARSAW, DayOfWeek.SUNDAY, Month.JANUARY, Calendar.iso(WARSAW),
        LocalDate.parse("2026-03-04"));
    assertEquals(LocalDate.parse("2026-02-23"), c.start(Period.WEEK, LocalDate.parse("2026-03-01")),
        "Sunday 1 March: in the Monday week that closed on 2 March");
    assertEquals(LocalDate.parse("2026-03-01"), c.start(Period.WEEK, LocalDate.parse("2026-03-03")),
        "Tuesday 3 March: its Monday week had not closed, so the new cut");
    assertEquals(LocalDate.parse("2026-03-08"), c.start(Period.WEEK, LocalDate.parse("2026-03-10")));
    assertEquals(LocalDate.parse("2026-02-23"), c.previous(Period.WEEK, LocalDate.parse("2026-03-01")));
    assertEquals(LocalDate.parse("2026-03-01"), c.start(Period.MONTH, LocalDate.parse("2026-03-01")));
  }
}
