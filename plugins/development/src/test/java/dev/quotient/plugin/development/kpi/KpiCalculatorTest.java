package dev.quotient.plugin.development.kpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.api.activity.ActivityLog.Entry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KpiCalculatorTest {

  private static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");
  private static final double EPS = 1e-9;
  private static final String REP = "rep-1";

  private int ids;

  /** A hand-computed March: every figure below is worked out in the comments. */
  private List<Entry> march() {
    return List.of(
        // lead L1: two touches before its meeting
        act("call", "2026-03-02T09:00:00Z", 10, "L1", null),
        act("email", "2026-03-02T10:00:00Z", 5, "L1", null),
        act("meeting", "2026-03-03T10:00:00Z", 60, "L1", "O1"),
        // five distinct follow-ups after meeting 1 (one names both ids and counts once)
        act("follow-up", "2026-03-04T10:00:00Z", 10, "L1", null),
        act("call", "2026-03-05T10:00:00Z", 15, null, "O1"),
        act("email", "2026-03-06T10:00:00Z", 5, "L1", "O1"),
        act("call", "2026-03-09T10:00:00Z", 20, "L1", null),
        act("follow-up", "2026-03-10T08:00:00Z", 5, null, "O1"),
        // lead L2: one touch before its meeting, four distinct after (five if double-counted)
        act("email", "2026-03-09T10:00:00Z", 5, "L2", null),
        act("meeting", "2026-03-10T10:00:00Z", 30, "L2", "O2"),
        act("call", "2026-03-11T10:00:00Z", 10, "L2", null),
        act("email", "2026-03-12T10:00:00Z", 5, "L2", "O2"),
        act("follow-up", "2026-03-13T10:00:00Z", 10, null, "O2"),
        act("call", "2026-03-14T10:00:00Z", null, "L2", null),
        // a meeting naming nothing: counts for time, not for the follow-up share
        act("meeting", "2026-03-12T10:00:00Z", 45, null, null),
        // lead responses: 180 s, 600 s, 300 s (inclusive), 3600 s
        responded("L1", "2026-03-01T08:00:00Z", "2026-03-01T08:03:00Z", 2, "web"),
        responded("L2", "2026-03-01T09:00:00Z", "2026-03-01T09:10:00Z", 3, "referral"),
        responded("L3", "2026-03-02T12:00:00Z", "2026-03-02T12:05:00Z", null, "web"),
        responded("L4", "2026-03-03T12:00:00Z", "2026-03-03T13:00:00Z", null, null),
        closed("won", "2026-03-20T10:00:00Z", 1000, "O1", "C1", "web"),
        closed("won", "2026-03-21T10:00:00Z", 500, "O2", "C2", "referral"),
        closed("lost", "2026-03-22T10:00:00Z", 0, "O3", null, "web"),
        closed("lost", "2026-03-23T10:00:00Z", 0, "O4", null, "referral"),
        // no KPI of their own
        new Entry("org", "x" + ids++, REP, "lead-received", Instant.parse("2026-03-05T10:00:00Z"), null, null,
            "web", null, null, "L5", null),
        new Entry("org", "x" + ids++, REP, "opportunity-opened", Instant.parse("2026-03-05T10:00:00Z"), null, null,
            "web", null, "O5", "L5", null),
        // another rep's activity is not counted
        new Entry("org", "x" + ids++, "rep-2", "call", Instant.parse("2026-03-05T10:00:00Z"), null, 600, null, null,
            null, "L9", null));
  }

  @Test
  void computesANormalMonthByHand() {
    KpiCalculator calc = KpiCalculator.forDays(REP, LocalDate.of(2026, 3, 1), LocalDate.of(2026, 4, 1), ZoneOffset.UTC);
    List<Entry> shuffled = new ArrayList<>(march());
    Collections.shuffle(shuffled, new Random(7)); // the log hands activities over in no order
    shuffled.forEach(calc);
    Map<Kpi, Double> v = calc.values();

    // 10+5+60+10+15+5+20+5 + 5+30+10+5+10 + 45 + 2+3 = 240 minutes
    assertEquals(4.0, v.get(Kpi.SELLING_HOURS), EPS);
    // 180, 300, 600, 3600 s: median (300 + 600) / 2 = 450 s = 7.5 min; 2 of 4 within 5 minutes
    assertEquals(7.5, v.get(Kpi.RESPONSE_MEDIAN_MINUTES), EPS);
    assertEquals(0.5, v.get(Kpi.RESPONSE_WITHIN_5_SHARE), EPS);
    // calls, emails, follow-ups naming a lead: L1 five (03-02 x2, 03-04, 03-06, 03-09), L2 four: 9 over L1..L4
    assertEquals(9 / 4.0, v.get(Kpi.FOLLOW_UPS_PER_LEAD), EPS);
    // meeting 1 has five follow-ups, meeting 2 four, the unlinked meeting is left out
    assertEquals(0.5, v.get(Kpi.FIVE_FOLLOW_UP_SHARE), EPS);
    assertEquals(0.5, v.get(Kpi.WIN_RATE), EPS);
    assertFalse(v.containsKey(Kpi.CAC));
    assertFalse(v.containsKey(Kpi.CLV));

    KpiTally t = calc.tally();
    assertEquals(1500, t.wonValue(), EPS);
    assertEquals(2, t.meetings());
    assertEquals(1, t.meetingsWithFive());
    KpiTally.SourceTally web = t.bySource().get("web");
    assertEquals(0.5, web.winRate(), EPS);
    assertEquals(4.0, web.responseMedianMinutes(), EPS); // 180 and 300 s
    assertEquals(1.0, web.responseWithinShare(KpiTally.FAST_RESPONSE_SECONDS), EPS);
    assertEquals(10.0, t.bySource().get("referral").responseMedianMinutes(), EPS);
    assertEquals(60.0, t.bySource().get(KpiTally.UNKNOWN_SOURCE).responseMedianMinutes(), EPS);
    assertNull(t.bySource().get(KpiTally.UNKNOWN_SOURCE).winRate());
    assertEquals(1000, t.customers().get("C1").wonValue(), EPS);
    assertEquals(Instant.parse("2026-03-21T10:00:00Z").toEpochMilli(), t.customers().get("C2").firstWonAtMillis());
  }

  @Test
  void anEmptyPeriodHasNoKpisRatherThanZeros() {
    KpiCalculator calc = KpiCalculator.forDays(REP, LocalDate.of(2026, 5, 1), LocalDate.of(2026, 6, 1), WARSAW);
    march().forEach(calc); // all before the window
    calc.accept(new Entry("org", "r", REP, "lead-received", Instant.parse("2026-05-05T10:00:00Z"), null, null,
        "web", null, null, "L7", null));
    assertTrue(calc.values().isEmpty(), () -> calc.values().toString());
    // nothing counted but the working time the month offered
    io.vertx.core.json.JsonObject counted = calc.tally().toJson();
    assertEquals(21 * 480L, counted.remove("workingMinutes"), "May 2026 has 21 working days");
    io.vertx.core.json.JsonObject empty = KpiTally.EMPTY.toJson();
    empty.remove("workingMinutes");
    assertEquals(empty, counted);
  }

  @Test
  void sellingActivityWithoutLengthsLeavesSellingHoursAbsentButCountsLeads() {
    KpiCalculator calc = KpiCalculator.forDays(REP, LocalDate.of(2026, 3, 1), LocalDate.of(2026, 4, 1), WARSAW);
    calc.accept(act("call", "2026-03-10T10:00:00Z", null, "L1", null));
    Map<Kpi, Double> v = calc.values();
    assertFalse(v.containsKey(Kpi.SELLING_HOURS));
    assertEquals(1.0, v.get(Kpi.FOLLOW_UPS_PER_LEAD), EPS);
    assertFalse(v.containsKey(Kpi.WIN_RATE));
  }

  @Test
  void monthBoundariesFollowTheOrganisationsZone() {
    List<Entry> entries = List.of(
        act("call", "2026-02-28T23:30:00Z", 30, null, null), // 1 March 00:30 in Warsaw (CET), February in UTC
        act("call", "2026-03-15T12:00:00Z", 60, null, null),
        act("call", "2026-03-31T22:30:00Z", 45, null, null)); // 1 April 00:30 in Warsaw (CEST), March in UTC
    KpiCalculator warsaw = KpiCalculator.forDays(REP, LocalDate.of(2026, 3, 1), LocalDate.of(2026, 4, 1), WARSAW);
    KpiCalculator utc = KpiCalculator.forDays(REP, LocalDate.of(2026, 3, 1), LocalDate.of(2026, 4, 1), ZoneOffset.UTC);
    entries.forEach(warsaw);
    entries.forEach(utc);
    assertEquals(1.5, warsaw.values().get(Kpi.SELLING_HOURS), EPS);
    assertEquals(1.75, utc.values().get(Kpi.SELLING_HOURS), EPS);
  }

  @Test
  void theWeekOfTheSpringDstChangeIs167HoursAndCountsResponsesInRealMinutes() {
    LocalDate monday = LocalDate.of(2026, 3, 23);
    LocalDate next = monday.plusWeeks(1);
    assertEquals(Duration.ofHours(167),
        Duration.between(KpiCalculator.start(monday, WARSAW), KpiCalculator.start(next, WARSAW)));
    KpiCalculator calc = KpiCalculator.forDays(REP, monday, next, WARSAW);
    calc.accept(act("call", "2026-03-22T22:30:00Z", 100, null, null)); // Sunday 23:30 CET: the week before
    calc.accept(act("call", "2026-03-22T23:30:00Z", 10, null, null)); // Monday 00:30 CET
    calc.accept(act("call", "2026-03-29T21:30:00Z", 20, null, null)); // Sunday 23:30 CEST
    calc.accept(act("call", "2026-03-29T22:30:00Z", 200, null, null)); // Monday 00:30 CEST: the week after
    // received 01:58 CET, answered 03:01 CEST on the night the clocks jump: 3 minutes, not 63
    calc.accept(responded("L1", "2026-03-29T00:58:00Z", "2026-03-29T01:01:00Z", null, null));
    Map<Kpi, Double> v = calc.values();
    assertEquals(0.5, v.get(Kpi.SELLING_HOURS), EPS);
    assertEquals(3.0, v.get(Kpi.RESPONSE_MEDIAN_MINUTES), EPS);
    assertEquals(1.0, v.get(Kpi.RESPONSE_WITHIN_5_SHARE), EPS);
  }

  @Test
  void theAutumnDstMonthEndsAtMidnightLocalTime() {
    // October 2026 in Warsaw: from 30 Sep 22:00 UTC (CEST) to 31 Oct 23:00 UTC (CET)
    KpiCalculator calc = KpiCalculator.forDays(REP, LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 1), WARSAW);
    calc.accept(act("call", "2026-09-30T22:00:00Z", 10, null, null)); // 1 Oct 00:00 local: in
    calc.accept(act("call", "2026-10-31T22:30:00Z", 20, null, null)); // 31 Oct 23:30 local: in
    calc.accept(act("call", "2026-10-31T23:00:00Z", 400, null, null)); // 1 Nov 00:00 local: out
    calc.accept(act("call", "2026-09-30T21:59:59Z", 400, null, null)); // 30 Sep 23:59:59 local: out
    assertEquals(0.5, calc.values().get(Kpi.SELLING_HOURS), EPS);
  }

  @Test
  void mediansOfEvenCountsAreTheMeanOfTheMiddleTwo() {
    assertEquals(2.5, KpiTally.median(new long[] {1, 2, 3, 4}), EPS);
    assertEquals(5, KpiTally.median(new long[] {5}), EPS);
    assertEquals(7, KpiTally.median(new long[] {5, 9}), EPS);
    KpiCalculator calc = KpiCalculator.forDays(REP, LocalDate.of(2026, 3, 1), LocalDate.of(2026, 4, 1), WARSAW);
    calc.accept(responded("L1", "2026-03-10T10:00:00Z", "2026-03-10T10:01:00Z", null, null)); // 60 s
    calc.accept(responded("L2", "2026-03-10T10:00:00Z", "2026-03-10T10:02:01Z", null, null)); // 121 s
    assertEquals(90.5 / 60, calc.values().get(Kpi.RESPONSE_MEDIAN_MINUTES), EPS);
  }

  @Test
  void timeSellingIsAShareOfWorkingTimeAndAttemptsCountCallsAndEmailsUntilTheFirstMeeting() {
    KpiCalculator calc = KpiCalculator.forDays(REP, LocalDate.of(2026, 3, 1), LocalDate.of(2026, 4, 1), ZoneOffset.UTC);
    march().forEach(calc);
    Map<Kpi, Double> v = calc.values();
    // March 2026 has 22 working days (Monday to Friday): 22 x 8 h = 10,560 minutes; 240 of them selling
    assertEquals(240 / 10_560.0, v.get(Kpi.SELLING_SHARE), EPS);
    // L1: a call and an e-mail before its meeting; L2: one e-mail; follow-ups and touches after do not count
    assertEquals(3 / 2.0, v.get(Kpi.ATTEMPTS_TO_CONTACT), EPS);

    // the month under way: its share counts the working days begun so far, so it compares with a whole
    // month instead of looking like a collapse (hours would: 4 h so far against a month's)
    KpiCalculator soFar = new KpiCalculator(REP, KpiCalculator.start(LocalDate.of(2026, 3, 1), ZoneOffset.UTC),
        KpiCalculator.start(LocalDate.of(2026, 4, 1), ZoneOffset.UTC),
        dev.quotient.api.directory.Directory.Targets.SEED, Instant.parse("2026-03-03T11:00:00Z"));
    march().stream().filter(e -> e.occurredAt().isBefore(Instant.parse("2026-03-03T11:00:00Z"))).forEach(soFar);
    // the activity so far: 10 + 5 + 60 minutes and lead responses of 2 and 3; Monday and Tuesday have begun
    assertEquals((10 + 5 + 60 + 2 + 3) / (2 * 480.0), soFar.values().get(Kpi.SELLING_SHARE), EPS);
  }

  @Test
  void aMeetingsFollowUpsCountTheSameInAMonthAQuarterAndAShiftedWindow() {
    // a meeting on 28 September followed up five times in early October; one on 10 October followed up
    // in November; one on 20 November followed up only twice
    List<Entry> year = new ArrayList<>(List.of(
        act("meeting", "2026-09-28T10:00:00Z", 30, "A", null),
        act("meeting", "2026-10-10T10:00:00Z", 30, "B", null),
        act("meeting", "2026-11-20T10:00:00Z", 30, "C", null),
        act("call", "2026-11-21T10:00:00Z", 5, "C", null),
        act("email", "2026-11-22T10:00:00Z", 5, "C", null)));
    for (int i = 0; i < 5; i++) {
      year.add(act("follow-up", "2026-10-0" + (1 + i) + "T10:00:00Z", 5, "A", null));
      year.add(act("call", "2026-11-0" + (1 + i) + "T10:00:00Z", 5, "B", null));
    }
    // a sixth touch of A long after the horizon is not a follow-up of that meeting
    year.add(act("call", "2026-11-29T10:00:00Z", 5, "A", null));
    Map<Kpi, Double> september = window(year, "2026-09-01", "2026-10-01");
    Map<Kpi, Double> quarter = window(year, "2026-09-01", "2026-12-01");
    Map<Kpi, Double> shifted = window(year, "2026-09-02", "2026-12-01");
    assertEquals(1.0, september.get(Kpi.FIVE_FOLLOW_UP_SHARE), EPS, "A's follow-ups came in October: still A's");
    assertEquals(2 / 3.0, quarter.get(Kpi.FIVE_FOLLOW_UP_SHARE), EPS);
    assertEquals(quarter.get(Kpi.FIVE_FOLLOW_UP_SHARE), shifted.get(Kpi.FIVE_FOLLOW_UP_SHARE), EPS,
        "a window one day shorter gives the same answer");
    assertEquals(1.0, window(year, "2026-10-01", "2026-11-01").get(Kpi.FIVE_FOLLOW_UP_SHARE), EPS, "B in October");
  }

  private Map<Kpi, Double> window(List<Entry> entries, String from, String to) {
    KpiCalculator calc = KpiCalculator.forDays(REP, LocalDate.parse(from), LocalDate.parse(to), ZoneOffset.UTC);
    entries.forEach(calc);
    return calc.values();
  }

  @Test
  void monthlyTalliesAddUpToTheWholeWindowAndSurviveStorage() {
    List<Entry> entries = new ArrayList<>(march());
    entries.add(responded("L8", "2026-04-02T10:00:00Z", "2026-04-02T10:04:00Z", 1, "web"));
    entries.add(closed("won", "2026-04-03T10:00:00Z", 250, "O8", "C1", "web"));
    KpiCalculator m = KpiCalculator.forDays(REP, LocalDate.of(2026, 3, 1), LocalDate.of(2026, 4, 1), WARSAW);
    KpiCalculator a = KpiCalculator.forDays(REP, LocalDate.of(2026, 4, 1), LocalDate.of(2026, 5, 1), WARSAW);
    KpiCalculator both = KpiCalculator.forDays(REP, LocalDate.of(2026, 3, 1), LocalDate.of(2026, 5, 1), WARSAW);
    entries.forEach(m);
    entries.forEach(a);
    entries.forEach(both);
    KpiTally sum = KpiTally.fromJson(m.tally().toJson()).plus(KpiTally.fromJson(a.tally().toJson()));
    Map<Kpi, Double> whole = both.values();
    for (Kpi k : List.of(Kpi.SELLING_HOURS, Kpi.SELLING_SHARE, Kpi.RESPONSE_MEDIAN_MINUTES, Kpi.RESPONSE_WITHIN_5_SHARE,
        Kpi.WIN_RATE)) {
      assertEquals(whole.get(k), sum.values().get(k), EPS, k.key());
    }
    assertEquals(3 / 5.0, sum.values().get(Kpi.RESPONSE_WITHIN_5_SHARE), EPS);
    assertEquals(1250, sum.customers().get("C1").wonValue(), EPS);
    assertEquals(Instant.parse("2026-03-20T10:00:00Z").toEpochMilli(), sum.customers().get("C1").firstWonAtMillis());
  }

  private Entry act(String kind, String at, Integer minutes, String leadId, String opportunityId) {
    return new Entry("org", "a" + ids++, REP, kind, Instant.parse(at), null, minutes, null, null, opportunityId,
        leadId, null);
  }

  private Entry responded(String leadId, String received, String at, Integer minutes, String source) {
    return new Entry("org", "r" + ids++, REP, "lead-responded", Instant.parse(at), null, minutes, source, null, null,
        leadId, Instant.parse(received));
  }

  private Entry closed(String kind, String at, double value, String opportunityId, String customerId, String source) {
    return new Entry("org", "c" + ids++, REP, kind, Instant.parse(at), value, null, source, customerId, opportunityId,
        null, null);
  }
}
