package dev.quotient.plugin.development.kpi;

import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.Role;
import dev.quotient.api.directory.Directory.Person;
import dev.quotient.api.directory.Directory.Team;
import dev.quotient.plugin.development.dashboard.TeamSignals;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The KPI figures the API and the pages show, with who may see them: a rep's KPIs (the rep, admins,
 * leaders of the rep's team or leaders without a team, and the rep's mentor; anyone else gets 404, as
 * for a person of another organisation) and a team's benchmarks (leaders and admins; a leader with a
 * team sees only that team).
 */
public final class KpiViews {

  /** The KPIs benchmarked per rep; CAC and CLV are organisation figures. */
  public static final List<Kpi> REP_KPIS = List.of(Kpi.SELLING_SHARE, Kpi.SELLING_HOURS, Kpi.RESPONSE_MEDIAN_MINUTES,
      Kpi.RESPONSE_WITHIN_5_SHARE, Kpi.FOLLOW_UPS_PER_LEAD, Kpi.ATTEMPTS_TO_CONTACT, Kpi.FIVE_FOLLOW_UP_SHARE, Kpi.WIN_RATE);
  /** Months in a trend. */
  public static final int TREND_MONTHS = 12;
  private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");

  private final PluginContext context;
  private final KpiService kpis;
  private final Ledgers ledgers;
  private final TeamSignals signals;

  public KpiViews(PluginContext context, KpiService kpis, Ledgers ledgers, TeamSignals signals) {
    this.context = context;
    this.kpis = kpis;
    this.ledgers = ledgers;
    this.signals = signals;
  }

  /** The organisation as one request sees it. */
  public record Org(String orgId, ZoneId zone, Map<String, Person> people, List<Team> teams,
      java.time.DayOfWeek weekStart, dev.quotient.api.directory.Directory.Targets targets) {
    public Org(String orgId, ZoneId zone, Map<String, Person> people, List<Team> teams) {
      this(orgId, zone, people, teams, java.time.DayOfWeek.MONDAY, dev.quotient.api.directory.Directory.Targets.SEED);
    }

    public YearMonth thisMonth(java.time.Clock clock) {
      return YearMonth.from(clock.instant().atZone(zone));
    }

    /** Ids of the reps of a team (or of the organisation for null), in directory order. */
    public List<String> reps(String teamId) {
      List<String> out = new ArrayList<>();
      for (Person p : people.values()) {
        if (p.has(Role.REP) && (teamId == null || teamId.equals(p.teamId()))) {
          out.add(p.id());
        }
      }
      return out;
    }

    /**
     * Whether a rep's month counts for the team: the team they were on the month's last day (today
     * for the month under way), so a rep moved between teams counts for each with the months spent there.
     */
    public boolean countsFor(String userId, String teamId, YearMonth month, LocalDate today) {
      Person p = people.get(userId);
      LocalDate last = month.atEndOfMonth();
      return p != null && teamId.equals(p.teamOn(last.isAfter(today) ? today : last));
    }

    /** The reps whose months from {@code first} to {@code last} count for the team in any of them. */
    public List<String> repsDuring(String teamId, YearMonth first, YearMonth last, LocalDate today) {
      // the days that decide each month, worked out once: a dashboard of 500 reps asked for 6,000 of them
      List<LocalDate> deciding = new ArrayList<>();
      for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
        LocalDate end = m.atEndOfMonth();
        deciding.add(end.isAfter(today) ? today : end);
      }
      List<String> out = new ArrayList<>();
      for (Person p : people.values()) {
        if (!p.has(Role.REP) || !everOn(p, teamId)) {
          continue;
        }
        for (LocalDate day : deciding) {
          if (teamId.equals(p.teamOn(day))) {
            out.add(p.id());
            break;
          }
        }
      }
      return out;
    }

    private static boolean everOn(Person p, String teamId) {
      if (teamId.equals(p.teamId())) {
        return true;
      }
      for (var m : p.teams()) {
        if (teamId.equals(m.teamId())) {
          return true;
        }
      }
      return false;
    }

    public String name(String id) {
      Person p = people.get(id);
      return p == null ? id : p.name();
    }

    public Team team(String id) {
      return teams.stream().filter(t -> t.id().equals(id)).findFirst().orElse(null);
    }
  }

  public Future<Org> org(String orgId) {
    return kpis.months().settings(orgId).compose(settings -> context.directory().people(orgId).compose(people ->
        context.directory().teams(orgId).map(teams -> {
          // the directory answers the same lists while nothing changed: the view built from them is kept
          BuiltOrg built = orgs.get(orgId);
          if (built != null && built.settings() == settings && built.people() == people && built.teams() == teams) {
            return built.org();
          }
          Map<String, Person> byId = new LinkedHashMap<>();
          people.forEach(p -> byId.put(p.id(), p));
          Org org = new Org(orgId, settings.zone(), byId, teams, settings.weekStart(), settings.targets());
          orgs.put(orgId, new BuiltOrg(settings, people, teams, org));
          return org;
        })));
  }

  /** The organisation's view and the directory's answers it was built from (compared by identity). */
  private record BuiltOrg(Object settings, List<Person> people, List<Team> teams, Org org) {}

  private final Map<String, BuiltOrg> orgs = new java.util.concurrent.ConcurrentHashMap<>();

  // --- access ---

  /** The rep if the viewer may see their KPIs; 404 otherwise (also for unknown people). */
  public Future<Person> visibleRep(CurrentUser viewer, Org org, String userId) {
    Person target = org.people().get(userId);
    if (target == null) {
      return Future.failedFuture(ClientError.notFound("development.error.person"));
    }
    Person me = org.people().get(viewer.userId());
    if (viewer.userId().equals(userId) || viewer.has(Role.ADMIN)
        || (viewer.has(Role.LEADER) && (me == null || me.teamId() == null || Objects.equals(me.teamId(), target.teamId())))) {
      return Future.succeededFuture(target);
    }
    if (!viewer.has(Role.MENTOR)) {
      return Future.failedFuture(ClientError.notFound("development.error.person"));
    }
    return signals.mentorships(org.orgId(), List.of(userId)).compose(pairs -> pairs.orElse(List.of()).stream()
        .anyMatch(p -> viewer.userId().equals(p.mentorId()) && userId.equals(p.menteeId()))
        ? Future.succeededFuture(target) : Future.failedFuture(ClientError.notFound("development.error.person")));
  }

  /** The team if the viewer (a leader or admin) may see it; 404 otherwise. */
  public Team visibleTeam(CurrentUser viewer, Org org, String teamId) {
    Team team = teamId == null ? null : org.team(teamId);
    Person me = org.people().get(viewer.userId());
    if (team == null || (!viewer.has(Role.ADMIN) && me != null && me.teamId() != null && !me.teamId().equals(teamId))) {
      throw ClientError.notFound("development.error.team");
    }
    return team;
  }

  /** The team a leader's dashboard opens with: their own, else the first. */
  public static String defaultTeam(CurrentUser viewer, Org org) {
    Person me = org.people().get(viewer.userId());
    if (me != null && me.teamId() != null) {
      return me.teamId();
    }
    return org.teams().isEmpty() ? null : org.teams().get(0).id();
  }

  // --- parameters ---

  /** {@code month=YYYY-MM}, not after this month; this month when absent. */
  public static YearMonth month(String raw, YearMonth thisMonth) {
    if (raw == null || raw.isBlank()) {
      return thisMonth;
    }
    try {
      if (!MONTH.matcher(raw).matches()) {
        throw ClientError.badRequest("development.error.month");
      }
      YearMonth m = YearMonth.parse(raw);
      if (m.isAfter(thisMonth) || m.getYear() < 2000) {
        throw ClientError.badRequest("development.error.month");
      }
      return m;
    } catch (DateTimeParseException e) {
      throw ClientError.badRequest("development.error.month");
    }
  }

  static LocalDate day(String raw, String field) {
    try {
      if (raw == null || !DAY.matcher(raw).matches()) {
        throw ClientError.badRequest("development.error.date", field);
      }
      return LocalDate.parse(raw);
    } catch (DateTimeParseException e) {
      throw ClientError.badRequest("development.error.date", field);
    }
  }

  // --- a rep ---

  /**
   * A rep's KPIs over [from, to) (ISO days; the current month when both are absent; at most 5 years).
   */
  public Future<JsonObject> repJson(CurrentUser viewer, String userId, String fromRaw, String toRaw) {
    return org(viewer.orgId()).compose(org -> visibleRep(viewer, org, userId).compose(person -> {
      YearMonth now = org.thisMonth(context.clock());
      LocalDate from = fromRaw == null ? now.atDay(1) : day(fromRaw, "from");
      LocalDate to = toRaw == null ? (fromRaw == null ? now.plusMonths(1).atDay(1) : from.plusMonths(1)) : day(toRaw, "to");
      if (!from.isBefore(to) || ChronoUnit.DAYS.between(from, to) > 366 * 5 || from.getYear() < 2000) {
        throw ClientError.badRequest("development.error.window");
      }
      return kpis.rep(org.orgId(), userId, from, to).map(v -> {
        JsonObject values = new JsonObject();
        JsonArray list = new JsonArray();
        for (Kpi k : REP_KPIS) {
          Double x = v.get(k);
          if (x != null) {
            values.put(k.key(), x);
          }
          list.add(new JsonObject().put("key", k.key()).put("leading", k.leading()).put("higherIsBetter", k.higherIsBetter())
              .put("value", x));
        }
        return new JsonObject().put("userId", userId).put("name", person.name()).put("from", from.toString())
            .put("to", to.toString()).put("zone", org.zone().getId())
            .put("source", KpiMonths.wholeMonths(from, to) ? "months" : "window").put("values", values).put("kpis", list);
      });
    }));
  }

  // --- benchmarks ---

  /** Each rep's KPI values of one month from a month-by-rep tally map. */
  static Map<String, Map<Kpi, Double>> valuesOf(Map<String, Map<YearMonth, KpiTally>> tallies, YearMonth month) {
    Map<String, Map<Kpi, Double>> out = new LinkedHashMap<>();
    tallies.forEach((u, months) -> out.put(u, months.getOrDefault(month, KpiTally.EMPTY).values()));
    return out;
  }

  /** Per KPI, the team's quartiles over the reps that have a value (absent when nobody has). */
  public static Map<Kpi, Quartiles> quartiles(Map<String, Map<Kpi, Double>> values) {
    Map<Kpi, Quartiles> out = new EnumMap<>(Kpi.class);
    for (Kpi k : REP_KPIS) {
      List<Double> xs = new ArrayList<>();
      values.values().forEach(v -> {
        if (v.get(k) != null) {
          xs.add(v.get(k));
        }
      });
      Quartiles q = Quartiles.of(xs);
      if (q != null) {
        out.put(k, q);
      }
    }
    return out;
  }

  /** Team benchmarks of one month, with the team's median trend over the 12 months up to it. */
  public Future<JsonObject> teamJson(CurrentUser viewer, String teamId, String monthRaw) {
    return org(viewer.orgId()).compose(org -> {
      Team team = visibleTeam(viewer, org, teamId);
      YearMonth month = month(monthRaw, org.thisMonth(context.clock()));
      LocalDate today = LocalDate.ofInstant(context.clock().instant(), org.zone());
      List<String> reps = org.repsDuring(team.id(), month.minusMonths(TREND_MONTHS - 1), month, today);
      return kpis.months().months(org.orgId(), reps, month.minusMonths(TREND_MONTHS - 1), month)
          .map(t -> benchmarkJson(org, team, month, t));
    });
  }

  JsonObject benchmarkJson(Org org, Team team, YearMonth month, Map<String, Map<YearMonth, KpiTally>> all) {
    LocalDate today = LocalDate.ofInstant(context.clock().instant(), org.zone());
    Map<String, Map<YearMonth, KpiTally>> tallies = team == null ? all : inTeam(org, team.id(), all, month, today);
    Map<String, Map<Kpi, Double>> values = valuesOf(tallies, month);
    Map<Kpi, Quartiles> qs = quartiles(values);
    JsonArray kpiList = new JsonArray();
    for (Kpi k : REP_KPIS) {
      Quartiles q = qs.get(k);
      JsonObject o = new JsonObject().put("key", k.key()).put("leading", k.leading()).put("higherIsBetter", k.higherIsBetter());
      if (q != null) {
        o.put("n", q.n()).put("min", q.min()).put("q1", q.q1()).put("median", q.median()).put("q3", q.q3()).put("max", q.max());
      } else {
        o.put("n", 0);
      }
      kpiList.add(o);
    }
    JsonArray repList = new JsonArray();
    values.forEach((u, v) -> {
      JsonObject vs = new JsonObject();
      for (Kpi k : REP_KPIS) {
        Double x = v.get(k);
        if (x != null) {
          Quartiles q = qs.get(k);
          vs.put(k.key(), new JsonObject().put("value", x).put("quarter", q.quarterFromBest(x, k.higherIsBetter()))
              .put("versusMedian", q.versusMedian(x, k.higherIsBetter())));
        }
      }
      repList.add(new JsonObject().put("userId", u).put("name", org.name(u)).put("values", vs));
    });
    JsonArray months = new JsonArray();
    JsonObject medians = new JsonObject();
    for (Kpi k : REP_KPIS) {
      medians.put(k.key(), new JsonArray());
    }
    for (YearMonth m = month.minusMonths(TREND_MONTHS - 1); !m.isAfter(month); m = m.plusMonths(1)) {
      months.add(m.toString());
      Map<Kpi, Quartiles> mq = quartiles(valuesOf(team == null ? all : inTeam(org, team.id(), all, m, today), m));
      for (Kpi k : REP_KPIS) {
        medians.getJsonArray(k.key()).add(mq.containsKey(k) ? mq.get(k).median() : null);
      }
    }
    KpiTally teamMonth = sum(tallies.values().stream().map(x -> x.getOrDefault(month, KpiTally.EMPTY)).toList());
    return new JsonObject().put("teamId", team == null ? null : team.id()).put("name", team == null ? null : team.name())
        .put("month", month.toString()).put("zone", org.zone().getId())
        .put("quantileMethod", "linear interpolation between closest ranks (type 7)")
        .put("kpis", kpiList).put("reps", repList).put("bySource", bySource(teamMonth))
        .put("trend", new JsonObject().put("months", months).put("median", medians));
  }

  /** The tallies of the reps whose month counts for the team. */
  static Map<String, Map<YearMonth, KpiTally>> inTeam(Org org, String teamId, Map<String, Map<YearMonth, KpiTally>> all,
      YearMonth month, LocalDate today) {
    Map<String, Map<YearMonth, KpiTally>> out = new LinkedHashMap<>();
    all.forEach((u, months) -> {
      if (org.countsFor(u, teamId, month, today)) {
        out.put(u, months);
      }
    });
    return out;
  }

  static KpiTally sum(Collection<KpiTally> tallies) {
    return tallies.stream().reduce(KpiTally.EMPTY, KpiTally::plus);
  }

  /** Win rate and response time per lead source. */
  static JsonArray bySource(KpiTally t) {
    JsonArray out = new JsonArray();
    new TreeMap<>(t.bySource()).forEach((s, st) -> out.add(new JsonObject().put("source", s).put("won", st.won())
        .put("lost", st.lost()).put("winRate", st.winRate()).put("responses", st.responseSeconds().length)
        .put("responseMedianMinutes", st.responseMedianMinutes())
        .put("responseWithinFiveShare", st.responseWithinShare(t.fastResponseSeconds()))));
    return out;
  }

  // --- organisation figures ---

  /** CAC and CLV over the 12 months up to {@code month}, CAC per lead source in it, and turnover. */
  public Future<JsonObject> orgJson(Org org, YearMonth month, String teamId) {
    YearMonth now = org.thisMonth(context.clock());
    YearMonth first = now.minusMonths(kpis.months().historyMonths() - 1);
    if (month.minusMonths(TREND_MONTHS - 1).isBefore(first)) {
      first = month.minusMonths(TREND_MONTHS - 1);
    }
    List<String> reps = org.reps(null);
    YearMonth from = first;
    return kpis.months().months(org.orgId(), reps, from, month).compose(tallies -> ledgers.costs(org.orgId())
        .compose(costs -> ledgers.departures(org.orgId()).map(departures -> {
          Map<YearMonth, List<KpiTally>> history = new TreeMap<>();
          tallies.values().forEach(ms -> ms.forEach((m, t) -> history.computeIfAbsent(m, x -> new ArrayList<>()).add(t)));
          List<YearMonth> months = new ArrayList<>();
          for (YearMonth m = month.minusMonths(TREND_MONTHS - 1); !m.isAfter(month); m = m.plusMonths(1)) {
            months.add(m);
          }
          JsonArray trend = trendJson(OrgFigures.trend(history, costs, months));
          // the team's own: customers its reps won, costs entered for it
          JsonArray teamTrend = null;
          if (teamId != null) {
            java.util.Set<String> members = new java.util.HashSet<>(org.reps(teamId));
            Map<YearMonth, List<KpiTally>> teamHistory = new TreeMap<>();
            tallies.forEach((rep, ms) -> {
              if (members.contains(rep)) {
                ms.forEach((m, t) -> teamHistory.computeIfAbsent(m, x -> new ArrayList<>()).add(t));
              }
            });
            teamTrend = trendJson(OrgFigures.trend(teamHistory,
                costs.stream().filter(c -> teamId.equals(c.teamId())).toList(), months));
          }
          JsonArray cacBySource = new JsonArray();
          OrgFigures.cacBySource(history, costs, month).forEach((s, v) -> cacBySource.add(new JsonObject().put("source", s)
              .put("costs", v[0]).put("newCustomers", v[1]).put("cac", v[2])));
          LocalDate today = LocalDate.ofInstant(context.clock().instant(), org.zone());
          KpiTally orgMonth = sum(tallies.values().stream().map(x -> x.getOrDefault(month, KpiTally.EMPTY)).toList());
          return new JsonObject().put("month", month.toString()).put("trend", trend).put("teamTrend", teamTrend)
              .put("cacBySource", cacBySource)
              .put("bySource", bySource(orgMonth))
              .put("turnover", turnover(org, departures, today, null))
              .put("teamTurnover", teamId == null ? null : turnover(org, departures, today, teamId))
              .put("industryTurnover", OrgFigures.INDUSTRY_TURNOVER);
        })));
  }

  private static JsonArray trendJson(List<OrgFigures.Month> months) {
    JsonArray trend = new JsonArray();
    for (OrgFigures.Month m : months) {
      trend.add(new JsonObject().put("month", m.month().toString()).put("costs", m.costs())
          .put("newCustomers", m.newCustomers()).put("cac", m.cac()).put("customers", m.customers()).put("clv", m.clv()));
    }
    return trend;
  }

  static JsonObject turnover(Org org, Map<String, Map.Entry<LocalDate, Boolean>> departures, LocalDate today, String teamId) {
    Map<LocalDate, List<Boolean>> byDate = new TreeMap<>();
    departures.forEach((userId, d) -> {
      Person p = org.people().get(userId);
      if (teamId == null || (p != null && teamId.equals(p.teamId()))) {
        byDate.computeIfAbsent(d.getKey(), x -> new ArrayList<>()).add(d.getValue());
      }
    });
    int repsNow = 0;
    for (Person p : org.people().values()) {
      Map.Entry<LocalDate, Boolean> d = departures.get(p.id());
      if (p.has(Role.REP) && (teamId == null || teamId.equals(p.teamId())) && (d == null || d.getKey().isAfter(today))) {
        repsNow++;
      }
    }
    OrgFigures.Turnover t = OrgFigures.turnover(byDate, repsNow, today);
    return new JsonObject().put("departures", t.departures()).put("voluntary", t.voluntary())
        .put("headcountNow", t.headcountNow()).put("averageHeadcount", t.averageHeadcount()).put("rate", t.rate());
  }
}
