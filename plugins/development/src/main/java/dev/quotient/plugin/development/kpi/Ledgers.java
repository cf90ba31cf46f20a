package dev.quotient.plugin.development.kpi;

import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.RecentReads;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What leaders enter by hand for the organisation figures: acquisition costs per month (and optional
 * lead source) and departures. One document per organisation and month and source (a cost) or per
 * person (a departure): entering it again replaces it, so a retried form or request changes nothing.
 * Everything is checked before anything is written.
 */
public final class Ledgers {

  static final String COSTS = "kpi_costs";
  static final String DEPARTURES = "kpi_departures";
  private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");
  private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
  /** Above any plausible month's spend, below where doubles lose cents. */
  private static final double MAX_AMOUNT = 1e12;

  private final PluginContext context;
  private final KpiMonths months;
  static final long KEEP_NANOS = java.time.Duration.ofSeconds(10).toNanos();
  private final RecentReads<List<JsonObject>> kept = new RecentReads<>(java.time.Duration.ofNanos(KEEP_NANOS));

  public Ledgers(PluginContext context, KpiMonths months) {
    this.context = context;
    this.months = months;
    // Admins deactivating a person who left record the departure: turnover counts it without a second entry.
    context.events().subscribe(dev.quotient.api.event.Catalogue.USER_DEPARTED, e -> {
      JsonObject doc = new JsonObject().put("orgId", e.orgId()).put("userId", e.userId()).put("date", e.lastDay())
          .put("kind", e.kind()).put("recordedBy", e.recordedBy()).put("recordedAt", e.recordedAt().toString());
      context.content().merge(DEPARTURES, e.orgId() + "/" + e.userId(), doc)
          .onComplete(x -> forget(DEPARTURES, e.orgId()))
          .onFailure(x -> context.log().warn("departure of {} not recorded for turnover", e.userId(), x));
    });
    context.events().subscribe(dev.quotient.api.event.Catalogue.USER_RETURNED, e ->
        context.content().delete(DEPARTURES, e.orgId() + "/" + e.userId())
            .onComplete(x -> forget(DEPARTURES, e.orgId()))
            .onFailure(x -> context.log().warn("departure of {} not removed", e.userId(), x)));
  }

  /**
   * Stores a month's acquisition cost: {@code month} (YYYY-MM, not after the current month of the
   * organisation), {@code amount} (a number, 0 or more), optional {@code leadSource} and optional
   * {@code teamId} (a team of the organisation that spent it: the team's CAC counts it, the
   * organisation's too).
   *
   * @throws ClientError 400 naming the field at fault (the future fails with it)
   */
  public Future<JsonObject> putCost(CurrentUser u, JsonObject body) {
    return months.zone(u.orgId()).compose(zone -> {
      Object rawMonth = body.getValue("month");
      if (!(rawMonth instanceof String m) || !MONTH.matcher(m).matches()) {
        throw ClientError.badRequest("development.error.cost.month");
      }
      YearMonth month;
      try {
        month = YearMonth.parse(m);
      } catch (DateTimeParseException e) {
        throw ClientError.badRequest("development.error.cost.month");
      }
      if (month.isAfter(YearMonth.from(context.clock().instant().atZone(zone))) || month.getYear() < 2000) {
        throw ClientError.badRequest("development.error.cost.future");
      }
      Object rawAmount = body.getValue("amount");
      if (!(rawAmount instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() < 0
          || n.doubleValue() > MAX_AMOUNT) {
        throw ClientError.badRequest("development.error.cost.amount");
      }
      Object rawSource = body.getValue("leadSource");
      String source = rawSource == null || "".equals(rawSource) ? null : rawSource instanceof String s ? s : "?";
      if (source != null && !SOURCE.matcher(source).matches()) {
        throw ClientError.badRequest("development.error.cost.source");
      }
      Object rawTeam = body.getValue("teamId");
      String team = rawTeam == null || "".equals(rawTeam) ? null : rawTeam instanceof String s ? s : "?";
      return (team == null ? Future.succeededFuture(true) : context.directory().teams(u.orgId())
          .map(teams -> teams.stream().anyMatch(t -> t.id().equals(team)))).compose(known -> {
            if (!known) {
              throw ClientError.badRequest("development.error.cost.team", "teamId");
            }
            String id = u.orgId() + "/" + month + "/" + (source == null ? "*" : source) + (team == null ? "" : "/" + team);
            JsonObject doc = new JsonObject().put("orgId", u.orgId()).put("month", month.toString())
                .put("leadSource", source).put("amount", n.doubleValue()).put("teamId", team)
                .put("enteredBy", u.userId()).put("enteredAt", context.clock().instant().toString());
            return context.content().merge(COSTS, id, doc).onComplete(x -> forget(COSTS, u.orgId()))
                .map(created -> costView(doc));
          });
    });
  }

  public Future<List<OrgFigures.Cost>> costs(String orgId) {
    return docs(COSTS, orgId)
        .map(docs -> docs.stream().map(d -> new OrgFigures.Cost(YearMonth.parse(d.getString("month")),
            d.getString("leadSource"), d.getDouble("amount"), d.getString("teamId"))).toList());
  }

  public Future<JsonObject> costList(String orgId) {
    return docs(COSTS, orgId).map(docs -> {
      List<JsonObject> newestFirst = new ArrayList<>(docs);
      java.util.Collections.reverse(newestFirst);
      return new JsonObject().put("costs", new JsonArray(newestFirst.stream().map(Ledgers::costView).toList()));
    });
  }

  private static JsonObject costView(JsonObject d) {
    return new JsonObject().put("month", d.getString("month")).put("leadSource", d.getString("leadSource"))
        .put("amount", d.getDouble("amount")).put("teamId", d.getString("teamId"));
  }

  /**
   * Records that a person left: {@code userId} (someone of the organisation), {@code date}
   * (YYYY-MM-DD, not in the future) and {@code kind} ({@code voluntary} or {@code involuntary}).
   */
  public Future<JsonObject> putDeparture(CurrentUser u, JsonObject body) {
    return months.zone(u.orgId()).compose(zone -> context.directory().people(u.orgId()).compose(people -> {
      Object rawUser = body.getValue("userId");
      if (!(rawUser instanceof String userId) || people.stream().noneMatch(p -> p.id().equals(userId))) {
        throw ClientError.badRequest("development.error.departure.user");
      }
      Object rawDate = body.getValue("date");
      LocalDate date;
      try {
        if (!(rawDate instanceof String d) || !DAY.matcher(d).matches()) {
          throw ClientError.badRequest("development.error.departure.date");
        }
        date = LocalDate.parse(d);
      } catch (DateTimeParseException e) {
        throw ClientError.badRequest("development.error.departure.date");
      }
      if (date.isAfter(LocalDate.ofInstant(context.clock().instant(), zone)) || date.getYear() < 2000) {
        throw ClientError.badRequest("development.error.departure.future");
      }
      Object kind = body.getValue("kind");
      if (!"voluntary".equals(kind) && !"involuntary".equals(kind)) {
        throw ClientError.badRequest("development.error.departure.kind");
      }
      JsonObject doc = new JsonObject().put("orgId", u.orgId()).put("userId", userId).put("date", date.toString())
          .put("kind", kind).put("recordedBy", u.userId()).put("recordedAt", context.clock().instant().toString());
      return context.content().merge(DEPARTURES, u.orgId() + "/" + userId, doc)
          .onComplete(x -> forget(DEPARTURES, u.orgId())).map(x -> departureView(doc));
    }));
  }

  public Future<JsonObject> departureList(String orgId) {
    return docs(DEPARTURES, orgId).map(docs -> new JsonObject().put("departures", new JsonArray(docs.stream().map(Ledgers::departureView).toList())));
  }

  /**
   * Names the costs and departures as now kept for the organisation: it changes whenever they are read
   * again (a write on this node, or every {@link #KEEP_NANOS}), so a model built from them can be kept
   * under it.
   */
  public Future<String> stamp(String orgId) {
    return Future.all(docs(COSTS, orgId), docs(DEPARTURES, orgId)).map(all -> System.identityHashCode(all.resultAt(0))
        + "/" + System.identityHashCode(all.resultAt(1)));
  }

  /** Departure dates by person id, with whether each was voluntary. */
  public Future<Map<String, Map.Entry<LocalDate, Boolean>>> departures(String orgId) {
    return docs(DEPARTURES, orgId).map(docs -> {
      Map<String, Map.Entry<LocalDate, Boolean>> out = new TreeMap<>();
      for (JsonObject d : docs) {
        out.put(d.getString("userId"), Map.entry(LocalDate.parse(d.getString("date")), "voluntary".equals(d.getString("kind"))));
      }
      return out;
    });
  }

  /**
   * An organisation's costs (oldest month first) or departures (newest first): read by every KPI and
   * dashboard view, written by leaders now and then, so kept for {@link #KEEP_NANOS}. A write on this
   * node drops them once it is stored; another node's shows within that time.
   */
  private Future<List<JsonObject>> docs(String collection, String orgId) {
    JsonObject sort = COSTS.equals(collection) ? new JsonObject().put("month", 1) : new JsonObject().put("date", -1);
    return kept.get(collection + "/" + orgId, () -> context.content().find(collection,
        new JsonObject().put("orgId", orgId), sort, 100_000).map(List::copyOf));
  }

  private void forget(String collection, String orgId) {
    kept.forget(collection + "/" + orgId);
  }

  private static JsonObject departureView(JsonObject d) {
    return new JsonObject().put("userId", d.getString("userId")).put("date", d.getString("date"))
        .put("kind", d.getString("kind"));
  }
}
