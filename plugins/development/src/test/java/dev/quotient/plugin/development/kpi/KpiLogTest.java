package dev.quotient.plugin.development.kpi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quotient.api.activity.ActivityLog.Entry;
import dev.quotient.api.points.PointsLedger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The KPI projection against the calculator it feeds: whatever order facts arrive in, and across a
 * checkpoint, every window's tally equals the calculator fed the original activities, and points sum
 * per window of local days.
 */
class KpiLogTest {

  private static final String ORG = "org-1";
  private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
  private static final List<String> KINDS = List.of("call", "email", "follow-up", "meeting", "lead-responded", "won",
      "lost", "lead-received", "opportunity-opened");
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void everyWindowMatchesTheCalculatorWhateverTheOrderAndAcrossACheckpoint() {
    Random random = new Random(12);
    List<Entry> log = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      log.add(random(random, i));
    }
    List<Entry> shuffled = new ArrayList<>(log);
    Collections.shuffle(shuffled, random);

    KpiLog.Fold fold = new KpiLog.Fold();
    KpiLog.State state = fold.initial();
    shuffled.subList(0, 1_500).forEach(e -> fold.activity(state, e));
    // a checkpoint halfway: the rest is folded onto the state loaded from it
    KpiLog.State restored = fold.load(fold.save(state));
    shuffled.subList(1_500, shuffled.size()).forEach(e -> fold.activity(restored, e));

    for (int w = 0; w < 40; w++) {
      LocalDate from = LocalDate.of(2026, 1, 1).plusDays(random.nextInt(120));
      LocalDate to = from.plusDays(1 + random.nextInt(60));
      for (String rep : List.of("rep-a", "rep-b")) {
        KpiCalculator expected = KpiCalculator.forDays(rep, from, to, KOLKATA);
        log.forEach(expected);
        KpiLog.Org org = restored.orgs.get(ORG);
        KpiTally actual = org.reps.get(rep).tally(org, ORG, rep, KpiCalculator.start(from, KOLKATA).toEpochMilli(),
            KpiCalculator.start(to, KOLKATA).toEpochMilli(), dev.quotient.api.directory.Directory.Targets.SEED, Long.MAX_VALUE);
        assertTally(expected.tally(), actual, rep + " " + from + ".." + to);
      }
    }
  }

  @Test
  void pointsSumPerWindowOfLocalDaysAndSurviveACheckpoint() {
    KpiLog.Fold fold = new KpiLog.Fold();
    KpiLog.State state = fold.initial();
    // Kolkata is UTC+5:30: its day starts at 18:30 UTC the day before, inside a quarter-hour bucket's edge
    fold.credit(state, credit("rep-a", "2026-03-15T18:29:59Z", 7));
    fold.credit(state, credit("rep-a", "2026-03-15T18:30:00Z", 5));
    fold.credit(state, credit("rep-a", "2026-03-15T18:40:00Z", 3));
    fold.credit(state, credit("rep-a", "2026-03-10T09:00:00Z", 100));
    fold.credit(state, credit("rep-b", "2026-03-16T01:00:00Z", -2));
    KpiLog.State restored = fold.load(fold.save(state));
    for (KpiLog.State s : List.of(state, restored)) {
      KpiLog.Rep a = s.orgs.get(ORG).reps.get("rep-a");
      long dayStart = KpiCalculator.start(LocalDate.of(2026, 3, 16), KOLKATA).toEpochMilli();
      long dayEnd = KpiCalculator.start(LocalDate.of(2026, 3, 17), KOLKATA).toEpochMilli();
      assertEquals(8, a.points(dayStart, dayEnd), "16 March in Kolkata");
      assertEquals(7, a.points(dayStart - 86_400_000L, dayStart), "15 March in Kolkata");
      assertEquals(115, a.points(0, Long.MAX_VALUE));
      assertEquals(-2, s.orgs.get(ORG).reps.get("rep-b").points(dayStart, dayEnd));
    }
  }

  private static void assertTally(KpiTally expected, KpiTally actual, String what) {
    assertEquals(expected.sellingMinutes(), actual.sellingMinutes(), what);
    assertEquals(expected.timedActivities(), actual.timedActivities(), what);
    assertArrayEquals(expected.responseSeconds(), actual.responseSeconds(), what);
    assertEquals(expected.leadTouches(), actual.leadTouches(), what);
    assertEquals(expected.leadsWorked(), actual.leadsWorked(), what);
    assertEquals(expected.meetings(), actual.meetings(), what);
    assertEquals(expected.meetingsWithFive(), actual.meetingsWithFive(), what);
    assertEquals(expected.won(), actual.won(), what);
    assertEquals(expected.lost(), actual.lost(), what);
    assertEquals(expected.wonValue(), actual.wonValue(), 1e-6, what);
    assertEquals(expected.bySource().keySet(), actual.bySource().keySet(), what);
    expected.bySource().forEach((k, v) -> {
      assertEquals(v.won(), actual.bySource().get(k).won(), what + " " + k);
      assertEquals(v.lost(), actual.bySource().get(k).lost(), what + " " + k);
      assertArrayEquals(v.responseSeconds(), actual.bySource().get(k).responseSeconds(), what + " " + k);
    });
    assertEquals(expected.customers(), actual.customers(), what);
  }

  private static Entry random(Random r, int i) {
    String kind = KINDS.get(r.nextInt(KINDS.size()));
    Instant at = START.plusSeconds(r.nextInt(150 * 86_400)).plusMillis(r.nextInt(1000));
    Instant received = kind.equals("lead-responded") && r.nextInt(5) > 0
        ? at.minusSeconds(r.nextInt(7_200) - 600).minusMillis(r.nextInt(1000)) : null;
    return new Entry(ORG, "a" + i, r.nextBoolean() ? "rep-a" : "rep-b", kind, at,
        r.nextInt(3) == 0 ? null : (double) r.nextInt(5_000), r.nextInt(3) == 0 ? null : r.nextInt(90) - 5,
        r.nextInt(4) == 0 ? null : "src" + r.nextInt(3), r.nextInt(3) == 0 ? null : "cust" + r.nextInt(20),
        r.nextInt(3) == 0 ? null : "O" + r.nextInt(40), r.nextInt(3) == 0 ? null : "L" + r.nextInt(60), received);
  }

  private static PointsLedger.Entry credit(String rep, String at, long points) {
    return new PointsLedger.Entry(ORG, "e-" + at + rep, rep, "rule", points, List.of(), Instant.parse(at));
  }
}
