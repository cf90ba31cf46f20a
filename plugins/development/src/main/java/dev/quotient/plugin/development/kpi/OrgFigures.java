package dev.quotient.plugin.development.kpi;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Organisation figures that no single rep owns: cost of acquisition, customer lifetime value and
 * turnover. Pure functions over monthly tallies, cost entries and departures.
 *
 * <ul>
 *   <li><b>New customer</b> of a month: a {@code customerId} whose first won deal in the kept history
 *       (the last {@link KpiMonths#historyMonths()} months) falls in that month.
 *   <li><b>CAC</b> of a month = acquisition costs entered for the month (all lead sources) / new
 *       customers of the month; absent when no costs were entered or nobody new was won. Per lead
 *       source: the costs entered for that source / new customers whose first won deal came from it.
 *   <li><b>CLV</b> at a month = the mean, over every customer first won up to the end of that month,
 *       of the worth of all their won deals up to the end of that month (within the kept history);
 *       absent with no customers. The 12-month trend shows how it moves as customers buy again.
 *   <li><b>Turnover</b> over the last 12 months = departures with a date in (today - 12 months,
 *       today] / average headcount, where the headcount now is the reps who have not left and the
 *       headcount 12 months ago is that plus the departures in between (hires are not known here), and
 *       the average is their mean. The sales average to compare with is 27% (tip 2).
 * </ul>
 */
public final class OrgFigures {

  /** The sales turnover average quoted in tip 2. */
  public static final double INDUSTRY_TURNOVER = 0.27;

  private OrgFigures() {}

  /** One acquisition cost entry; {@code teamId} names the team that spent it (null: the organisation). */
  public record Cost(YearMonth month, String leadSource, double amount, String teamId) {

    /** A cost of the organisation as a whole. */
    public Cost(YearMonth month, String leadSource, double amount) {
      this(month, leadSource, amount, null);
    }
  }

  /** One month of the trend; null figures are absent. */
  public record Month(YearMonth month, double costs, int newCustomers, Double cac, int customers, Double clv) {}

  /**
   * The trend over {@code months} (ascending), from every rep's monthly tallies of the whole history
   * (months before the first shown count as history).
   */
  public static List<Month> trend(Map<YearMonth, List<KpiTally>> history, Collection<Cost> costs, List<YearMonth> months) {
    Map<String, YearMonth> firstMonth = new HashMap<>();
    Map<YearMonth, Map<String, Double>> valueByMonth = new TreeMap<>();
    new TreeMap<>(history).forEach((m, tallies) -> {
      for (KpiTally t : tallies) {
        t.customers().forEach((c, ct) -> {
          firstMonth.merge(c, m, (a, b) -> a.isBefore(b) ? a : b);
          valueByMonth.computeIfAbsent(m, k -> new HashMap<>()).merge(c, ct.wonValue(), Double::sum);
        });
      }
    });
    Map<YearMonth, Double> costByMonth = new HashMap<>();
    for (Cost c : costs) {
      costByMonth.merge(c.month(), c.amount(), Double::sum);
    }
    List<Month> out = new ArrayList<>();
    for (YearMonth m : months) {
      int fresh = (int) firstMonth.values().stream().filter(m::equals).count();
      Map<String, Double> lifetime = new HashMap<>();
      valueByMonth.forEach((vm, values) -> {
        if (!vm.isAfter(m)) {
          values.forEach((c, v) -> lifetime.merge(c, v, Double::sum));
        }
      });
      Double cost = costByMonth.get(m);
      Double cac = cost == null || fresh == 0 ? null : cost / fresh;
      Double clv = lifetime.isEmpty() ? null : lifetime.values().stream().mapToDouble(Double::doubleValue).sum() / lifetime.size();
      out.add(new Month(m, cost == null ? 0 : cost, fresh, cac, lifetime.size(), clv));
    }
    return out;
  }

  /** CAC per lead source in one month: source to {costs, new customers, CAC or null}. */
  public static Map<String, Object[]> cacBySource(Map<YearMonth, List<KpiTally>> history, Collection<Cost> costs,
      YearMonth month) {
    Map<String, Long> firstWon = new HashMap<>();
    Map<String, String> firstSource = new HashMap<>();
    history.forEach((m, tallies) -> tallies.forEach(t -> t.customers().forEach((c, ct) -> {
      Long prev = firstWon.get(c);
      if (prev == null || ct.firstWonAtMillis() < prev) {
        firstWon.put(c, ct.firstWonAtMillis());
        firstSource.put(c, ct.firstSource());
      }
    })));
    Map<String, Integer> fresh = new TreeMap<>();
    history.getOrDefault(month, List.of()).forEach(t -> t.customers().forEach((c, ct) -> {
      if (firstWon.get(c) == ct.firstWonAtMillis()) {
        fresh.merge(firstSource.get(c), 1, Integer::sum);
      }
    }));
    Map<String, Double> spent = new TreeMap<>();
    for (Cost c : costs) {
      if (c.month().equals(month) && c.leadSource() != null) {
        spent.merge(c.leadSource(), c.amount(), Double::sum);
      }
    }
    Map<String, Object[]> out = new LinkedHashMap<>();
    java.util.Set<String> sources = new java.util.TreeSet<>(spent.keySet());
    sources.addAll(fresh.keySet());
    for (String s : sources) {
      int n = fresh.getOrDefault(s, 0);
      Double cost = spent.get(s);
      out.put(s, new Object[] {cost, n, cost == null || n == 0 ? null : cost / n});
    }
    return out;
  }

  /** Turnover over the 12 months up to {@code today}; null when there was nobody to turn over. */
  public record Turnover(int departures, int voluntary, int headcountNow, double averageHeadcount, Double rate) {}

  /**
   * @param departures each departure's date and whether it was voluntary
   * @param repsNow reps in the directory who have not left (a departure dated today or earlier)
   */
  public static Turnover turnover(Map<LocalDate, List<Boolean>> departures, int repsNow, LocalDate today) {
    LocalDate since = today.minusMonths(12);
    int n = 0;
    int voluntary = 0;
    for (var e : departures.entrySet()) {
      if (e.getKey().isAfter(since) && !e.getKey().isAfter(today)) {
        n += e.getValue().size();
        voluntary += (int) e.getValue().stream().filter(Boolean::booleanValue).count();
      }
    }
    double average = (repsNow + (repsNow + n)) / 2.0;
    return new Turnover(n, voluntary, repsNow, average, average == 0 ? null : n / average);
  }
}
