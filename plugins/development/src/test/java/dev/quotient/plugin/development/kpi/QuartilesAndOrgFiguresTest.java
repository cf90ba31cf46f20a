package dev.quotient.plugin.development.kpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuartilesAndOrgFiguresTest {

  private static final double EPS = 1e-9;

  @Test
  void quartilesInterpolateBetweenClosestRanks() {
    Quartiles even = Quartiles.of(List.of(4.0, 1.0, 3.0, 2.0));
    assertEquals(1.75, even.q1(), EPS); // h = 0.75: 1 + 0.75 * (2 - 1)
    assertEquals(2.5, even.median(), EPS);
    assertEquals(3.25, even.q3(), EPS);
    Quartiles odd = Quartiles.of(List.of(1.0, 2.0, 3.0, 4.0, 5.0));
    assertEquals(2, odd.q1(), EPS);
    assertEquals(3, odd.median(), EPS);
    assertEquals(4, odd.q3(), EPS);
    Quartiles one = Quartiles.of(List.of(7.0));
    assertEquals(7, one.q1(), EPS);
    assertEquals(7, one.q3(), EPS);
    assertNull(Quartiles.of(List.of()));
  }

  @Test
  void quartersCountFromTheBestInEachKpisDirection() {
    Quartiles q = Quartiles.of(List.of(1.0, 2.0, 3.0, 4.0, 5.0));
    assertEquals(1, q.quarterFromBest(5, true));
    assertEquals(1, q.quarterFromBest(4, true)); // on Q3: the better side
    assertEquals(2, q.quarterFromBest(3.5, true));
    assertEquals(3, q.quarterFromBest(2.5, true));
    assertEquals(4, q.quarterFromBest(1, true));
    assertEquals(1, q.quarterFromBest(1, false)); // response minutes: lower is better
    assertEquals(4, q.quarterFromBest(5, false));
    assertEquals("better", q.versusMedian(4, true));
    assertEquals("worse", q.versusMedian(4, false));
    assertEquals("equal", q.versusMedian(3, false));
  }

  @Test
  void cacAndClvFollowNewCustomersAndTheirHistory() {
    YearMonth jan = YearMonth.of(2026, 1);
    YearMonth feb = jan.plusMonths(1);
    YearMonth mar = feb.plusMonths(1);
    KpiTally janA = customers(Map.of(
        "C1", new KpiTally.CustomerTally(1000, ms("2026-01-10T10:00:00Z"), "web"),
        "C2", new KpiTally.CustomerTally(500, ms("2026-01-20T10:00:00Z"), "referral")));
    KpiTally febB = customers(Map.of(
        "C1", new KpiTally.CustomerTally(200, ms("2026-02-03T10:00:00Z"), "web"),
        "C3", new KpiTally.CustomerTally(300, ms("2026-02-04T10:00:00Z"), "referral")));
    Map<YearMonth, List<KpiTally>> history = Map.of(jan, List.of(janA, KpiTally.EMPTY), feb, List.of(KpiTally.EMPTY, febB));
    List<OrgFigures.Cost> costs = List.of(new OrgFigures.Cost(jan, null, 1500), new OrgFigures.Cost(jan, "web", 1000),
        new OrgFigures.Cost(feb, null, 900));
    List<OrgFigures.Month> t = OrgFigures.trend(history, costs, List.of(jan, feb, mar));
    assertEquals(2, t.get(0).newCustomers());
    assertEquals(1250, t.get(0).cac(), EPS); // 2,500 / 2
    assertEquals(750, t.get(0).clv(), EPS); // (1,000 + 500) / 2
    assertEquals(1, t.get(1).newCustomers()); // C1 bought again: not new
    assertEquals(900, t.get(1).cac(), EPS);
    assertEquals(2000 / 3.0, t.get(1).clv(), EPS); // C1 1,200, C2 500, C3 300
    assertNull(t.get(2).cac()); // no costs, nobody new
    assertEquals(2000 / 3.0, t.get(2).clv(), EPS);

    Map<String, Object[]> bySource = OrgFigures.cacBySource(history, costs, jan);
    assertEquals(1000.0, (Double) bySource.get("web")[2], EPS);
    assertEquals(1, bySource.get("referral")[1]);
    assertNull(bySource.get("referral")[2]);
  }

  @Test
  void turnoverIsDeparturesOverTheAverageHeadcountOfTwelveMonths() {
    LocalDate today = LocalDate.of(2026, 3, 1);
    OrgFigures.Turnover t = OrgFigures.turnover(Map.of(
        LocalDate.of(2026, 1, 10), List.of(true),
        LocalDate.of(2025, 6, 1), List.of(false),
        LocalDate.of(2024, 12, 1), List.of(true)), 8, today);
    assertEquals(2, t.departures());
    assertEquals(1, t.voluntary());
    assertEquals(9, t.averageHeadcount(), EPS); // (8 now + 10 a year ago) / 2
    assertEquals(2 / 9.0, t.rate(), EPS);
    assertNull(OrgFigures.turnover(Map.of(), 0, today).rate());
  }

  private static KpiTally customers(Map<String, KpiTally.CustomerTally> customers) {
    return new KpiTally(0, 0, new long[0], 0, 0, 0, 0, customers.size(), 0, 0, Map.of(), customers);
  }

  private static long ms(String at) {
    return Instant.parse(at).toEpochMilli();
  }
}
