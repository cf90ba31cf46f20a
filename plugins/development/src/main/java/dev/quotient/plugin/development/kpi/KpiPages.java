package dev.quotient.plugin.development.kpi;

import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.directory.Directory.Team;
import dev.quotient.api.event.Commands;
import dev.quotient.plugin.development.chart.BoxChart;
import dev.quotient.plugin.development.chart.Svg;
import dev.quotient.plugin.development.chart.TrendChart;
import dev.quotient.plugin.development.dashboard.PlanSummaries;
import dev.quotient.plugin.development.dashboard.TeamSignals;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The KPI pages: a rep's KPIs against the team, and a leader's team dashboard. */
public final class KpiPages {

  private final PluginContext context;
  private final KpiService kpis;
  private final KpiViews views;
  private final Ledgers ledgers;
  private final TeamSignals signals;
  private final PlanSummaries plans;

  /** Rep pages' models, by what they are built from (see {@link #rep}). */
  private final KeptModels<Map<String, Object>> models = new KeptModels<>(java.time.Duration.ofSeconds(10));
  /** The team dashboard's KPI figures, by what they are built from (see {@link #kpiFigures}). */
  private final KeptModels<TeamFigures> figures = new KeptModels<>(java.time.Duration.ofSeconds(10));

  /** What the team dashboard computes from the KPI projection and the ledgers. */
  private record TeamFigures(Map<String, Map<YearMonth, KpiTally>> tallies, JsonObject org, JsonObject bench,
      Map<Locale, Map<String, Object>> shown) {
    TeamFigures(Map<String, Map<YearMonth, KpiTally>> tallies, JsonObject org, JsonObject bench) {
      this(tallies, org, bench, new java.util.concurrent.ConcurrentHashMap<>());
    }
  }

  public KpiPages(PluginContext context, KpiService kpis, KpiViews views, Ledgers ledgers, TeamSignals signals,
      PlanSummaries plans) {
    this.context = context;
    this.kpis = kpis;
    this.views = views;
    this.ledgers = ledgers;
    this.signals = signals;
    this.plans = plans;
  }

  // --- a rep ---

  void rep(RoutingContext ctx) {
    CurrentUser u = KpiRoutes.user(ctx);
    String userId = ctx.pathParam("userId");
    Locale locale = u.locale();
    views.org(u.orgId()).compose(org -> views.visibleRep(u, org, userId).compose(person -> {
      YearMonth month = KpiViews.month(ctx.queryParams().get("month"), org.thisMonth(context.clock()));
      List<String> team = person.teamId() == null ? org.reps(null) : org.reps(person.teamId());
      LinkedHashSet<String> ids = new LinkedHashSet<>(team);
      ids.add(userId);
      YearMonth first = month.minusMonths(KpiViews.TREND_MONTHS - 1);
      // The model is kept by everything it is built from: the reader (language, whether it is the rep),
      // the rep, the month, the team and the projection's position; names may be 10 s old.
      return kpis.log().caughtUp().compose(caught -> {
        String key = locale + "|" + u.userId().equals(userId) + "|" + org.orgId() + "|" + userId + "|" + month + "|" + team
            + "|" + org.targets() + "|" + kpis.log().version() + "|" + java.time.LocalDate.now(context.clock());
        return models.get(key, () -> kpis.months().months(org.orgId(), ids, first, month).map(tallies -> {
          Map<String, Map<YearMonth, KpiTally>> teamOnly = new HashMap<>(tallies);
          teamOnly.keySet().retainAll(team);
          Map<Kpi, Quartiles> qs = KpiViews.quartiles(KpiViews.valuesOf(teamOnly, month));
          Map<Kpi, Double> mine = tallies.get(userId).getOrDefault(month, KpiTally.EMPTY).values();
          Team t = person.teamId() == null ? null : org.team(person.teamId());
          String teamName = t == null ? context.pages().text(locale, "development.kpis.organisation") : t.name();
          List<Object> rows = new ArrayList<>();
          List<BoxChart.Row> box = new ArrayList<>();
          List<Object> charts = new ArrayList<>();
          List<String> labels = new ArrayList<>();
          YearMonth current = org.thisMonth(context.clock());
          for (YearMonth m = first; !m.isAfter(month); m = m.plusMonths(1)) {
            // the month under way is marked: its counts are partial (shares and medians compare as they are)
            labels.add(m.equals(current) ? context.pages().text(locale, "development.chart.soFar", m.toString())
                : m.toString());
          }
          for (Kpi k : KpiViews.REP_KPIS) {
            Quartiles q = qs.get(k);
            Double v = mine.get(k);
            Map<String, Object> row = new HashMap<>();
            row.put("key", k.key());
            row.put("leading", k.leading());
            row.put("value", Format.kpi(k, v, locale));
            row.put("median", q == null ? "–" : Format.kpi(k, q.median(), locale));
            row.put("q1", q == null ? "–" : Format.kpi(k, q.q1(), locale));
            row.put("q3", q == null ? "–" : Format.kpi(k, q.q3(), locale));
            row.put("n", q == null ? 0 : q.n());
            row.put("versus", v == null || q == null ? null : q.versusMedian(v, k.higherIsBetter()));
            row.put("quarter", v == null || q == null ? null : q.quarterFromBest(v, k.higherIsBetter()));
            rows.add(row);
            if (q != null) {
              box.add(new BoxChart.Row(kpiName(locale, k), q.min(), q.q1(), q.median(), q.q3(), q.max(), v,
                  Format.kpi(k, v, locale), Format.kpi(k, q.median(), locale)));
            }
            List<Double> repLine = new ArrayList<>();
            List<Double> medianLine = new ArrayList<>();
            for (YearMonth m = first; !m.isAfter(month); m = m.plusMonths(1)) {
              repLine.add(tallies.get(userId).getOrDefault(m, KpiTally.EMPTY).values().get(k));
              Quartiles mq = KpiViews.quartiles(KpiViews.valuesOf(teamOnly, m)).get(k);
              medianLine.add(mq == null ? null : mq.median());
            }
            String name = kpiName(locale, k);
            charts.add(Map.of("key", k.key(), "svg", TrendChart.render("trend-" + k.key(),
                context.pages().text(locale, "development.chart.trend.title", name),
                context.pages().text(locale, "development.chart.trend.desc", name, person.name(), teamName, labels.get(0),
                    labels.get(labels.size() - 1)),
                labels, List.of(new TrendChart.Series(person.name(), "chart-rep", repLine),
                    new TrendChart.Series(context.pages().text(locale, "development.chart.median", teamName), "chart-median", medianLine)),
                x -> Format.kpi(k, x, locale))));
          }
          Map<String, Object> m = new HashMap<>();
          m.put("userId", userId);
          m.put("name", person.name());
          m.put("self", u.userId().equals(userId));
          m.put("month", month.toString());
          m.put("teamName", teamName);
          m.put("teamSize", team.size());
          m.put("rows", rows);
          m.put("hasData", !mine.isEmpty());
          m.put("boxChart", box.isEmpty() ? null : BoxChart.render("box-" + userId,
              context.pages().text(locale, "development.chart.box.title", person.name(), teamName, month.toString()),
              context.pages().text(locale, "development.chart.box.desc"), box, person.name(), teamName));
          m.put("charts", charts);
          return KeptModels.frozen(m);
        }));
      });
    })).onSuccess(m -> context.pages().renderKept(ctx, "kpis", "development.kpis.title", m)).onFailure(ctx::fail);
  }

  // --- the team dashboard ---

  void team(RoutingContext ctx) {
    CurrentUser u = KpiRoutes.user(ctx);
    Locale locale = u.locale();
    views.org(u.orgId()).compose(org -> {
      String teamId = ctx.queryParams().get("team");
      Team team = views.visibleTeam(u, org, teamId == null || teamId.isBlank() ? KpiViews.defaultTeam(u, org) : teamId);
      YearMonth month = KpiViews.month(ctx.queryParams().get("month"), org.thisMonth(context.clock()));
      List<String> reps = org.reps(team.id());
      YearMonth first = month.minusMonths(KpiViews.TREND_MONTHS - 1);
      Instant now = context.clock().instant();
      // this week as the organisation counts weeks
      LocalDate monday = LocalDate.ofInstant(now, org.zone()).with(TemporalAdjusters.previousOrSame(org.weekStart()));
      // the figures count each month for the team the rep was on; the signals are about who is on it now
      Future<TeamFigures> figures = kpiFigures(org, team,
          org.repsDuring(team.id(), first, month, LocalDate.ofInstant(now, org.zone())), month, first);
      Future<Optional<Map<String, Commands.PersonTraining>>> training = signals.trainingToFollow(org.orgId(), reps);
      Future<Optional<List<Commands.Mentorship>>> mentorships = signals.mentorships(org.orgId(), reps);
      Future<Map<String, Long>> points = signals.points(org.orgId(), new HashSet<>(reps),
          KpiCalculator.start(monday, org.zone()), KpiCalculator.start(monday.plusWeeks(1), org.zone()));
      Future<Optional<List<PlanSummaries.PlanSummary>>> planList = plans.openPlans(org.orgId(), reps)
          .map(Optional::of).otherwise(Optional.empty());
      Future<JsonObject> costs = ledgers.costList(org.orgId());
      return Future.all(List.of(figures, training, mentorships, points, planList, costs)).map(all -> {
        Map<String, Object> m = new HashMap<>();
        m.put("teams", org.teams().stream().map(t -> Map.of("id", t.id(), "name", t.name(), "selected", t.id().equals(team.id())))
            .toList());
        m.put("teamId", team.id());
        m.put("teamName", team.name());
        m.put("month", month.toString());
        m.put("saved", ctx.queryParams().get("saved"));
        m.putAll(figures.result().shown().computeIfAbsent(locale, l -> shownFigures(figures.result(), l)));
        m.put("industryTurnover", Format.percent(OrgFigures.INDUSTRY_TURNOVER, locale));
        m.put("peopleOptions", peopleOptions(org));
        m.put("costs", costs.result().getJsonArray("costs").stream().limit(24).map(o -> {
          JsonObject c = (JsonObject) o;
          return Map.of("month", c.getString("month"), "source", c.getString("leadSource") == null ? "" : c.getString("leadSource"),
              "amount", Format.decimals(c.getDouble("amount"), 2, locale));
        }).toList());
        m.put("thisMonth", org.thisMonth(context.clock()).toString());
        m.put("today", LocalDate.ofInstant(now, org.zone()).toString());
        signals(m, org, training.result(), mentorships.result(), planList.result(), now, locale);
        praise(m, org, figures.result().tallies(), month, points.result(), locale);
        return m;
      });
    }).onSuccess(m -> context.pages().render(ctx, "team", "development.team.title", m)).onFailure(ctx::fail);
  }

  /** The departure form's choice of every rep, as rendered for the organisation as last built. */
  private record PeopleOptions(KpiViews.Org org, String html) {}

  private final Map<String, PeopleOptions> peopleOptions = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The departure form's options (every rep of the organisation), rendered once per build of the
   * organisation's view: 500 options through the template engine were most of a dashboard view.
   */
  private String peopleOptions(KpiViews.Org org) {
    PeopleOptions kept = peopleOptions.get(org.orgId());
    if (kept != null && kept.org() == org) {
      return kept.html();
    }
    StringBuilder html = new StringBuilder();
    for (String id : org.reps(null)) {
      html.append("<option value=\"").append(Svg.esc(id)).append("\">").append(Svg.esc(org.name(id))).append("</option>");
    }
    String options = html.toString();
    peopleOptions.put(org.orgId(), new PeopleOptions(org, options));
    return options;
  }

  /**
   * The team's KPI figures for the dashboard (tallies, benchmarks, organisation figures), kept by
   * everything they are built from: the projection's position, the costs and departures as kept, the
   * team and the month. The same view again costs no computation until a fact or a ledger changes.
   */
  private Future<TeamFigures> kpiFigures(KpiViews.Org org, Team team, List<String> reps, YearMonth month,
      YearMonth first) {
    return kpis.log().caughtUp().compose(caught -> ledgers.stamp(org.orgId())).compose(stamp -> {
      String key = org.orgId() + "|" + org.zone() + "|" + org.thisMonth(context.clock()) + "|" + team.id() + "|" + month
          + "|" + reps + "|" + org.targets() + "|" + stamp + "|" + kpis.log().version();
      return figures.get(key, () -> {
        Future<Map<String, Map<YearMonth, KpiTally>>> tallies = kpis.months().months(org.orgId(), reps, first, month);
        Future<JsonObject> orgFigures = views.orgJson(org, month, team.id());
        return Future.all(tallies, orgFigures).map(all -> new TeamFigures(tallies.result(), orgFigures.result(),
            views.benchmarkJson(org, team, month, tallies.result())));
      });
    });
  }

  /**
   * The figures as the dashboard shows them in one language: the benchmark table, sources, CAC and CLV
   * with their charts, turnover. Kept with the figures (drawing four charts was half of a view).
   */
  private Map<String, Object> shownFigures(TeamFigures figures, Locale locale) {
    Map<String, Object> m = new HashMap<>();
    JsonObject bench = figures.bench();
    benchmarks(m, bench, locale);
    m.put("bySourceTeam", sources(bench.getJsonArray("bySource"), locale));
    JsonObject of = figures.org();
    m.put("bySourceOrg", sources(of.getJsonArray("bySource"), locale));
    cacClv(m, of, locale);
    m.put("turnover", turnover(of.getJsonObject("turnover"), locale));
    m.put("teamTurnover", turnover(of.getJsonObject("teamTurnover"), locale));
    return m;
  }

  private static void benchmarks(Map<String, Object> m, JsonObject bench, Locale locale) {
    List<Object> headers = new ArrayList<>();
    List<Object> stats = new ArrayList<>();
    for (Object o : bench.getJsonArray("kpis")) {
      JsonObject k = (JsonObject) o;
      Kpi kpi = Kpi.parse(k.getString("key")).orElseThrow();
      headers.add(Map.of("key", kpi.key(), "leading", kpi.leading()));
      boolean any = k.getInteger("n") > 0;
      stats.add(Map.of("key", kpi.key(), "leading", kpi.leading(), "n", k.getInteger("n"),
          "q1", any ? Format.kpi(kpi, k.getDouble("q1"), locale) : "–",
          "median", any ? Format.kpi(kpi, k.getDouble("median"), locale) : "–",
          "q3", any ? Format.kpi(kpi, k.getDouble("q3"), locale) : "–",
          "iqr", any ? Format.kpi(kpi, k.getDouble("q1"), locale) + " – " + Format.kpi(kpi, k.getDouble("q3"), locale) : "–",
          "range", any ? Format.kpi(kpi, k.getDouble("min"), locale) + " – " + Format.kpi(kpi, k.getDouble("max"), locale) : "–"));
    }
    List<Object> reps = new ArrayList<>();
    for (Object o : bench.getJsonArray("reps")) {
      JsonObject r = (JsonObject) o;
      List<Object> cells = new ArrayList<>();
      for (Kpi kpi : KpiViews.REP_KPIS) {
        JsonObject v = r.getJsonObject("values").getJsonObject(kpi.key());
        Map<String, Object> cell = new HashMap<>();
        cell.put("key", kpi.key());
        cell.put("text", v == null ? "–" : Format.kpi(kpi, v.getDouble("value"), locale));
        cell.put("quarter", v == null ? null : v.getInteger("quarter"));
        cell.put("versus", v == null ? null : v.getString("versusMedian"));
        cells.add(cell);
      }
      reps.add(Map.of("userId", r.getString("userId"), "name", r.getString("name"), "cells", cells));
    }
    m.put("headers", headers);
    m.put("stats", stats);
    m.put("reps", reps);
  }

  /** A CAC/CLV table and its two charts (keys {@code cacRows}, {@code cacChart}, {@code clvChart}, prefixed). */
  private void cacClvTrend(Map<String, Object> m, JsonArray trend, String prefix, Locale locale) {
    List<Object> rows = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    List<Double> cac = new ArrayList<>();
    List<Double> clv = new ArrayList<>();
    for (Object o : trend) {
      JsonObject t = (JsonObject) o;
      labels.add(t.getString("month"));
      cac.add(t.getDouble("cac"));
      clv.add(t.getDouble("clv"));
      rows.add(Map.of("month", t.getString("month"), "costs", Format.decimals(t.getDouble("costs"), 2, locale),
          "newCustomers", t.getInteger("newCustomers"), "cac", Format.kpi(Kpi.CAC, t.getDouble("cac"), locale),
          "customers", t.getInteger("customers"), "clv", Format.kpi(Kpi.CLV, t.getDouble("clv"), locale)));
    }
    String key = prefix.isEmpty() ? "cac" : prefix + "Cac";
    m.put(key + "Rows", rows);
    // two charts, each on its own axis: CLV is often a hundred times CAC and would flatten it on a shared one
    m.put(key + "Chart", TrendChart.render(prefix + (prefix.isEmpty() ? "" : "-") + "cac-trend", context.pages().text(locale, "development.chart.cac.title"),
        context.pages().text(locale, "development.chart.cac.desc", labels.get(0), labels.get(labels.size() - 1)), labels,
        List.of(new TrendChart.Series(kpiName(locale, Kpi.CAC), "chart-cac", cac)), x -> Format.decimals(x, 0, locale)));
    m.put((prefix.isEmpty() ? "clv" : prefix + "Clv") + "Chart", TrendChart.render(prefix + (prefix.isEmpty() ? "" : "-") + "clv-trend",
        context.pages().text(locale, "development.chart.clv.title"),
        context.pages().text(locale, "development.chart.clv.desc", labels.get(0), labels.get(labels.size() - 1)), labels,
        List.of(new TrendChart.Series(kpiName(locale, Kpi.CLV), "chart-clv", clv)), x -> Format.decimals(x, 0, locale)));
  }

  private static List<Object> sources(JsonArray rows, Locale locale) {
    List<Object> out = new ArrayList<>();
    for (Object o : rows) {
      JsonObject s = (JsonObject) o;
      out.add(Map.of("source", s.getString("source"), "won", s.getInteger("won"), "lost", s.getInteger("lost"),
          "winRate", Format.percent(s.getDouble("winRate"), locale), "responses", s.getInteger("responses"),
          "median", Format.kpi(Kpi.RESPONSE_MEDIAN_MINUTES, s.getDouble("responseMedianMinutes"), locale),
          "within5", Format.percent(s.getDouble("responseWithinFiveShare"), locale)));
    }
    return out;
  }

  private void cacClv(Map<String, Object> m, JsonObject of, Locale locale) {
    cacClvTrend(m, of.getJsonArray("trend"), "", locale);
    if (of.getJsonArray("teamTrend") != null) {
      cacClvTrend(m, of.getJsonArray("teamTrend"), "team", locale);
    }
    List<Object> bySource = new ArrayList<>();
    for (Object o : of.getJsonArray("cacBySource")) {
      JsonObject s = (JsonObject) o;
      bySource.add(Map.of("source", s.getString("source"), "costs", Format.decimals(s.getDouble("costs"), 2, locale),
          "newCustomers", s.getInteger("newCustomers"), "cac", Format.kpi(Kpi.CAC, s.getDouble("cac"), locale)));
    }
    m.put("cacBySource", bySource);
  }

  private static Map<String, Object> turnover(JsonObject t, Locale locale) {
    if (t == null) {
      return null;
    }
    Double rate = t.getDouble("rate");
    Map<String, Object> out = new HashMap<>();
    out.put("rate", Format.percent(rate, locale));
    out.put("departures", t.getInteger("departures"));
    out.put("voluntary", t.getInteger("voluntary"));
    out.put("headcount", t.getInteger("headcountNow"));
    out.put("average", Format.decimals(t.getDouble("averageHeadcount"), 1, locale));
    out.put("comparison", rate == null ? null : rate > OrgFigures.INDUSTRY_TURNOVER ? "above" : "below");
    return out;
  }

  private void signals(Map<String, Object> m, KpiViews.Org org,
      Optional<Map<String, Commands.PersonTraining>> training,
      Optional<List<Commands.Mentorship>> mentorships, Optional<List<PlanSummaries.PlanSummary>> planList, Instant now, Locale locale) {
    m.put("trainingAvailable", training.isPresent());
    m.put("overdueTraining", training.orElse(Map.of()).entrySet().stream()
        .filter(e -> !e.getValue().overdueModuleIds().isEmpty())
        .map(e -> Map.of("name", org.name(e.getKey()), "count", e.getValue().overdueModuleIds().size(),
            "modules", String.join(", ", e.getValue().overdueModuleIds())))
        .toList());
    // failed with every attempt: nobody finishes these until a trainer or leader grants another attempt
    m.put("lockedOutTraining", training.orElse(Map.of()).entrySet().stream()
        .filter(e -> !e.getValue().lockedOutModuleIds().isEmpty())
        .map(e -> Map.of("name", org.name(e.getKey()), "count", e.getValue().lockedOutModuleIds().size(),
            "modules", String.join(", ", e.getValue().lockedOutModuleIds())))
        .toList());
    m.put("mentorshipsAvailable", mentorships.isPresent());
    m.put("anyMentorships", !mentorships.orElse(List.of()).isEmpty());
    m.put("staleMentorships", TeamSignals.stale(mentorships.orElse(List.of()), now).stream().map(p -> {
      Map<String, Object> x = new HashMap<>();
      x.put("mentee", org.name(p.menteeId()));
      x.put("mentor", org.name(p.mentorId()));
      x.put("last", p.lastCheckIn() == null ? null : p.lastCheckIn().toString());
      return (Object) x;
    }).toList());
    m.put("plansAvailable", planList.isPresent());
    List<Object> idps = new ArrayList<>();
    List<Object> pips = new ArrayList<>();
    java.time.format.DateTimeFormatter day = java.time.format.DateTimeFormatter
        .ofLocalizedDate(java.time.format.FormatStyle.MEDIUM).withLocale(locale);
    for (PlanSummaries.PlanSummary p : planList.orElse(List.of())) {
      Map<String, Object> x = new HashMap<>();
      x.put("name", org.name(p.userId()));
      // written in the reader's language, dates in their locale (it said "IDP v2 (accepted)" in Polish)
      x.put("title", "pip".equals(p.kind())
          ? context.pages().text(locale, "development.follow.pipTitle", day.format(p.startsOn()),
              p.due() == null ? "" : day.format(p.due()))
          : context.pages().text(locale, "development.follow.idpTitle", p.version(),
              context.pages().text(locale, "development.plan.status." + p.status())));
      x.put("progress", Math.round(p.progress() * 100));
      x.put("due", p.due() == null ? null : p.due().toString());
      x.put("overdue", p.overdue());
      x.put("link", p.link());
      ("pip".equals(p.kind()) ? pips : idps).add(x);
    }
    m.put("idps", idps);
    m.put("pips", pips);
  }

  /**
   * Praise candidates: the team's top three by points this week (from Monday in the organisation's
   * zone), and the three whose KPIs improved most against the month before (more KPIs better than
   * worse, counted in each KPI's direction).
   */
  private void praise(Map<String, Object> m, KpiViews.Org org, Map<String, Map<YearMonth, KpiTally>> tallies,
      YearMonth month, Map<String, Long> points, Locale locale) {
    m.put("praisePoints", points.entrySet().stream().filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey())).limit(3)
        .map(e -> Map.of("name", org.name(e.getKey()), "points", e.getValue())).toList());
    List<Map<String, Object>> improved = new ArrayList<>();
    tallies.forEach((u, months) -> {
      Map<Kpi, Double> now = months.getOrDefault(month, KpiTally.EMPTY).values();
      Map<Kpi, Double> before = months.getOrDefault(month.minusMonths(1), KpiTally.EMPTY).values();
      int better = 0;
      int worse = 0;
      List<String> names = new ArrayList<>();
      for (Kpi k : KpiViews.REP_KPIS) {
        Double a = before.get(k);
        Double b = now.get(k);
        if (a != null && b != null && Math.abs(a - b) > 1e-9) {
          if ((b > a) == k.higherIsBetter()) {
            better++;
            names.add(kpiName(locale, k));
          } else {
            worse++;
          }
        }
      }
      if (better > worse) {
        improved.add(Map.of("name", org.name(u), "better", better, "net", better - worse, "kpis", String.join(", ", names)));
      }
    });
    improved.sort(Comparator.<Map<String, Object>>comparingInt(x -> -(Integer) x.get("net"))
        .thenComparing(x -> (String) x.get("name")));
    m.put("praiseImproved", improved.stream().limit(3).toList());
  }

  private String kpiName(Locale locale, Kpi kpi) {
    return context.pages().text(locale, "development.kpi." + kpi.key());
  }
}
