package dev.quotient.plugin.recognition;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Streaks over periods of the organisation's zone. */
class CadencesTest {

  private static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");

  /** Follow-ups per local day of Warsaw, as the tallies fold them. */
  private static Map<LocalDate, Integer> at(String... instants) {
    Map<LocalDate, Integer> days = new TreeMap<>();
    Stream.of(instants).map(Instant::parse).forEach(t -> days.merge(LocalDate.ofInstant(t, WARSAW), 1, Integer::sum));
    return days;
  }

  @Test
  void dailyPeriodsFollowTheLocalDayAcrossTheAutumnChange() {
    // Clocks went back on Sunday 25 October 2026 at 01:00 UTC: that Warsaw day lasts 25 hours.
    JsonObject s = Cadences.compute(at("2026-10-23T22:30:00Z", // Sat 24 Oct 00:30 CEST
            "2026-10-24T22:30:00Z", // Sun 25 Oct 00:30 CEST
            "2026-10-25T22:30:00Z"), // Sun 25 Oct 23:30 CET: still Sunday
        new Cadences.Cadence("daily", 1, true), WARSAW, Instant.parse("2026-10-26T12:00:00Z"));
    assertEquals(List.of(1, 2, 0), s.getJsonArray("periods").stream().skip(5).map(o -> ((JsonObject) o).getInteger("count")).toList());
    assertEquals(2, s.getInteger("best"));
    assertEquals(2, s.getInteger("current"), "Monday is in progress");
  }

  @Test
  void aMissedPeriodBreaksTheStreak() {
    JsonObject s = Cadences.compute(at("2026-03-02T10:00:00Z", "2026-03-09T10:00:00Z", "2026-03-23T10:00:00Z"),
        new Cadences.Cadence("weekly", 1, true), WARSAW, Instant.parse("2026-03-31T10:00:00Z"));
    // Weeks of 2 and 9 March met, 16 March missed, 23 March met, 30 March in progress.
    assertEquals(1, s.getInteger("current"), "the week in progress has not broken it yet");
    assertEquals(2, s.getInteger("best"));
    assertEquals(1, s.getInteger("broken"));
    assertEquals(8, s.getJsonArray("periods").size());
  }

  @Test
  void weeksStartOnTheOrganisationsFirstDay() {
    // Follow-ups on Sunday 8 and Saturday 14 March: one week from Monday 9 March holds only the second,
    // weeks from Sunday put both in the week of Sunday 8 March.
    Map<java.time.LocalDate, Integer> days = at("2026-03-08T10:00:00Z", "2026-03-14T10:00:00Z");
    Cadences.Cadence twice = new Cadences.Cadence("weekly", 2, true);
    Instant now = Instant.parse("2026-03-16T10:00:00Z");
    JsonObject monday = Cadences.compute(days, twice, WARSAW, java.time.DayOfWeek.MONDAY, now);
    JsonObject sunday = Cadences.compute(days, twice, WARSAW, java.time.DayOfWeek.SUNDAY, now);
    assertEquals(0, monday.getInteger("best"), "two weeks of one each");
    assertEquals(1, sunday.getInteger("best"), "one week of two");
    JsonArray periods = sunday.getJsonArray("periods");
    assertEquals("2026-03-15", periods.getJsonObject(periods.size() - 1).getString("start"), "weeks start on Sunday");
  }
}
