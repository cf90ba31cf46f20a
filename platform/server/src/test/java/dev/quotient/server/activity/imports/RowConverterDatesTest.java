package dev.quotient.server.activity.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The import reads the days people wrote, and no others: a day a month does not have is a bad row. */
class RowConverterDatesTest {

  private final RowConverter warsaw = new RowConverter(List.of("id", "user", "kind", "when"),
      Mapping.guess(List.of("id", "user", "kind", "when")), ZoneId.of("Europe/Warsaw"), Map.of());

  @Test
  void daysAMonthDoesNotHaveAreNotReadAsItsLastDay() {
    for (String impossible : List.of("31.02.2026 10:00", "2026-02-31 10:00", "30.02.2026 10:00", "31.04.2026 10:00",
        "29.02.2026 10:00", "2026-02-29T10:00:00", "2026-04-31T10:00", "00.01.2026 10:00", "2026-13-01 10:00")) {
      assertNull(warsaw.instant(impossible), impossible);
    }
  }

  @Test
  void realDaysInEveryFormAreReadInTheOrganisationsZone() {
    assertEquals("2028-02-29T09:00:00Z", warsaw.instant("29.02.2028 10:00"), "a leap day");
    assertEquals("2026-04-30T08:00:00Z", warsaw.instant("2026-04-30 10:00"), "summer time");
    assertEquals("2026-01-31T09:00:30Z", warsaw.instant("2026-01-31T10:00:30"));
    assertEquals("2026-03-31T08:00:00Z", warsaw.instant("31.03.2026 10:00:00"));
    assertEquals("2026-02-28T10:00:00Z", warsaw.instant("2026-02-28T10:00:00Z"), "an offset as written");
  }
}
