package dev.quotient.plugin.development.kpi;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The raw counts one rep's KPIs are computed from, for one window. Small enough to store as a monthly
 * snapshot, and {@link #plus mergeable}, so a window of whole months is the sum of its months.
 *
 * <p>Merging is exact for selling time, lead response times and win rate. Two counts are per window
 * and become approximate over several months: a lead worked in two months counts once per month in
 * {@code leadsWorked}, and follow-ups of a meeting count only when they fall in the meeting's window.
 *
 * @param sellingMinutes minutes of selling activity that reported its length
 * @param timedActivities how many selling activities reported a length (0: selling hours unknown)
 * @param responseSeconds every lead response time in the window, ascending
 * @param leadTouches calls, emails and follow-ups that name a lead
 * @param leadsWorked distinct leads named by a call, email, follow-up, meeting or lead response
 * @param meetings meetings that name a lead or an opportunity
 * @param meetingsWithFive of those, meetings followed by five or more calls, emails or follow-ups
 * @param won won deals closed in the window
 * @param lost lost deals closed in the window
 * @param wonValue the worth of the won deals
 * @param bySource per lead source ({@link #UNKNOWN_SOURCE} when the activity named none)
 * @param customers per customer named on a won deal: its worth and when it was first won in the window
 * @param fastResponseSeconds a response within this many seconds counts as fast (the organisation's
 *     target in force for the window; {@code meetingsWithFive} was counted against its follow-up target)
 * @param fastResponses the responses that were fast by that target: windows of different targets add up
 * @param workingMinutes the working minutes of the window so far (Monday to Friday, 8 hours a day)
 * @param contactedLeads leads whose first meeting in the window followed calls or e-mails naming them (or none)
 * @param contactAttempts the calls and e-mails naming those leads before their first meeting
 */
public record KpiTally(
    long sellingMinutes, int timedActivities, long[] responseSeconds, int leadTouches, int leadsWorked,
    int meetings, int meetingsWithFive, int won, int lost, double wonValue, Map<String, SourceTally> bySource,
    Map<String, CustomerTally> customers, long fastResponseSeconds, int fastResponses, long workingMinutes,
    int contactedLeads, int contactAttempts) {

  /** Without working time or contact attempts (a tally stored before they were counted). */
  public KpiTally(long sellingMinutes, int timedActivities, long[] responseSeconds, int leadTouches, int leadsWorked,
      int meetings, int meetingsWithFive, int won, int lost, double wonValue, Map<String, SourceTally> bySource,
      Map<String, CustomerTally> customers, long fastResponseSeconds, int fastResponses) {
    this(sellingMinutes, timedActivities, responseSeconds, leadTouches, leadsWorked, meetings, meetingsWithFive, won,
        lost, wonValue, bySource, customers, fastResponseSeconds, fastResponses, 0, 0, 0);
  }

  /** Counted against the seed's targets (5 minutes, 5 follow-ups). */
  public KpiTally(long sellingMinutes, int timedActivities, long[] responseSeconds, int leadTouches, int leadsWorked,
      int meetings, int meetingsWithFive, int won, int lost, double wonValue, Map<String, SourceTally> bySource,
      Map<String, CustomerTally> customers) {
    this(sellingMinutes, timedActivities, responseSeconds, leadTouches, leadsWorked, meetings, meetingsWithFive, won,
        lost, wonValue, bySource, customers, FAST_RESPONSE_SECONDS);
  }

  /** Counted against a fast-response target of {@code fastResponseSeconds}. */
  public KpiTally(long sellingMinutes, int timedActivities, long[] responseSeconds, int leadTouches, int leadsWorked,
      int meetings, int meetingsWithFive, int won, int lost, double wonValue, Map<String, SourceTally> bySource,
      Map<String, CustomerTally> customers, long fastResponseSeconds) {
    this(sellingMinutes, timedActivities, responseSeconds, leadTouches, leadsWorked, meetings, meetingsWithFive, won,
        lost, wonValue, bySource, customers, fastResponseSeconds,
        (int) Arrays.stream(responseSeconds).filter(x -> x <= fastResponseSeconds).count());
  }

  /** The lead source key for activities that named none. */
  public static final String UNKNOWN_SOURCE = "unknown";

  /** Five minutes: the lead response target of tip 12. */
  public static final long FAST_RESPONSE_SECONDS = 300;

  /** Tip 10: most sales need at least five follow-ups after the meeting. */
  public static final int FOLLOW_UP_TARGET = 5;

  public static final KpiTally EMPTY = new KpiTally(0, 0, new long[0], 0, 0, 0, 0, 0, 0, 0, Map.of(), Map.of());

  public KpiTally {
    responseSeconds = responseSeconds.clone();
    Arrays.sort(responseSeconds);
    bySource = Map.copyOf(bySource);
    customers = Map.copyOf(customers);
  }

  /** Win and response counts of one lead source. */
  public record SourceTally(int won, int lost, long[] responseSeconds) {
    public SourceTally {
      responseSeconds = responseSeconds.clone();
      Arrays.sort(responseSeconds);
    }

    SourceTally plus(SourceTally o) {
      return new SourceTally(won + o.won, lost + o.lost, concat(responseSeconds, o.responseSeconds));
    }

    /** won / (won + lost), or null with nothing closed. */
    public Double winRate() {
      return won + lost == 0 ? null : (double) won / (won + lost);
    }

    /** Median response in minutes, or null with no responses. */
    public Double responseMedianMinutes() {
      return responseSeconds.length == 0 ? null : median(responseSeconds) / 60.0;
    }

    /** The share answered within {@code fastSeconds}, or null with no responses. */
    public Double responseWithinShare(long fastSeconds) {
      return within(responseSeconds, fastSeconds);
    }
  }

  /**
   * A customer's won worth in the window, the first moment they were won in it (epoch millis) and the
   * lead source of that first won deal.
   */
  public record CustomerTally(double wonValue, long firstWonAtMillis, String firstSource) {
    public CustomerTally {
      firstSource = firstSource == null ? UNKNOWN_SOURCE : firstSource;
    }

    CustomerTally plus(CustomerTally o) {
      boolean mine = firstWonAtMillis <= o.firstWonAtMillis;
      return new CustomerTally(wonValue + o.wonValue, mine ? firstWonAtMillis : o.firstWonAtMillis,
          mine ? firstSource : o.firstSource);
    }
  }

  /** The KPIs this tally gives; a KPI without data is absent. CAC and CLV are organisation figures. */
  public Map<Kpi, Double> values() {
    Map<Kpi, Double> v = new EnumMap<>(Kpi.class);
    if (timedActivities > 0) {
      v.put(Kpi.SELLING_HOURS, sellingMinutes / 60.0);
      if (workingMinutes > 0) {
        v.put(Kpi.SELLING_SHARE, (double) sellingMinutes / workingMinutes);
      }
    }
    if (contactedLeads > 0) {
      v.put(Kpi.ATTEMPTS_TO_CONTACT, (double) contactAttempts / contactedLeads);
    }
    if (responseSeconds.length > 0) {
      v.put(Kpi.RESPONSE_MEDIAN_MINUTES, median(responseSeconds) / 60.0);
      v.put(Kpi.RESPONSE_WITHIN_5_SHARE, (double) fastResponses / responseSeconds.length);
    }
    if (leadsWorked > 0) {
      v.put(Kpi.FOLLOW_UPS_PER_LEAD, (double) leadTouches / leadsWorked);
    }
    if (meetings > 0) {
      v.put(Kpi.FIVE_FOLLOW_UP_SHARE, (double) meetingsWithFive / meetings);
    }
    if (won + lost > 0) {
      v.put(Kpi.WIN_RATE, (double) won / (won + lost));
    }
    return v;
  }

  /** This tally and another of an adjacent window, as one. */
  public KpiTally plus(KpiTally o) {
    Map<String, SourceTally> sources = new TreeMap<>(bySource);
    o.bySource.forEach((k, s) -> sources.merge(k, s, SourceTally::plus));
    Map<String, CustomerTally> cs = new TreeMap<>(customers);
    o.customers.forEach((k, c) -> cs.merge(k, c, CustomerTally::plus));
    return new KpiTally(sellingMinutes + o.sellingMinutes, timedActivities + o.timedActivities,
        concat(responseSeconds, o.responseSeconds), leadTouches + o.leadTouches, leadsWorked + o.leadsWorked,
        meetings + o.meetings, meetingsWithFive + o.meetingsWithFive, won + o.won, lost + o.lost,
        wonValue + o.wonValue, sources, cs, this == EMPTY ? o.fastResponseSeconds : fastResponseSeconds,
        fastResponses + o.fastResponses, workingMinutes + o.workingMinutes, contactedLeads + o.contactedLeads,
        contactAttempts + o.contactAttempts);
  }

  /**
   * The median of ascending values: the middle one, or the mean of the two middle ones for an even
   * count.
   */
  static double median(long[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }

  private static Double within(long[] seconds, long fastSeconds) {
    if (seconds.length == 0) {
      return null;
    }
    long fast = Arrays.stream(seconds).filter(s -> s <= fastSeconds).count();
    return (double) fast / seconds.length;
  }

  private static long[] concat(long[] a, long[] b) {
    long[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  // --- storage form (a snapshot document) ---

  public JsonObject toJson() {
    JsonObject sources = new JsonObject();
    bySource.forEach((k, s) -> sources.put(k, new JsonObject().put("won", s.won).put("lost", s.lost)
        .put("responseSeconds", longs(s.responseSeconds))));
    JsonObject cs = new JsonObject();
    customers.forEach((k, c) -> cs.put(k, new JsonObject().put("wonValue", c.wonValue).put("firstWonAt", c.firstWonAtMillis)
        .put("firstSource", c.firstSource)));
    return new JsonObject().put("sellingMinutes", sellingMinutes).put("timedActivities", timedActivities)
        .put("responseSeconds", longs(responseSeconds)).put("leadTouches", leadTouches).put("leadsWorked", leadsWorked)
        .put("meetings", meetings).put("meetingsWithFive", meetingsWithFive).put("won", won).put("lost", lost)
        .put("wonValue", wonValue).put("bySource", sources).put("customers", cs)
        .put("fastResponseSeconds", fastResponseSeconds).put("fastResponses", fastResponses)
        .put("workingMinutes", workingMinutes).put("contactedLeads", contactedLeads)
        .put("contactAttempts", contactAttempts);
  }

  public static KpiTally fromJson(JsonObject j) {
    Objects.requireNonNull(j, "json");
    Map<String, SourceTally> sources = new TreeMap<>();
    JsonObject s = j.getJsonObject("bySource", new JsonObject());
    for (String k : s.fieldNames()) {
      JsonObject t = s.getJsonObject(k);
      sources.put(k, new SourceTally(t.getInteger("won", 0), t.getInteger("lost", 0), longs(t.getJsonArray("responseSeconds"))));
    }
    Map<String, CustomerTally> cs = new TreeMap<>();
    JsonObject c = j.getJsonObject("customers", new JsonObject());
    for (String k : c.fieldNames()) {
      JsonObject t = c.getJsonObject(k);
      cs.put(k, new CustomerTally(t.getDouble("wonValue", 0.0), t.getLong("firstWonAt", 0L), t.getString("firstSource")));
    }
    return new KpiTally(j.getLong("sellingMinutes", 0L), j.getInteger("timedActivities", 0),
        longs(j.getJsonArray("responseSeconds")), j.getInteger("leadTouches", 0), j.getInteger("leadsWorked", 0),
        j.getInteger("meetings", 0), j.getInteger("meetingsWithFive", 0), j.getInteger("won", 0),
        j.getInteger("lost", 0), j.getDouble("wonValue", 0.0), sources, cs,
        j.getLong("fastResponseSeconds", FAST_RESPONSE_SECONDS), fastResponses(j), j.getLong("workingMinutes", 0L),
        j.getInteger("contactedLeads", 0), j.getInteger("contactAttempts", 0));
  }

  /** The fast responses a stored tally counted (older ones: counted again against their target). */
  private static int fastResponses(JsonObject j) {
    Integer stored = j.getInteger("fastResponses");
    if (stored != null) {
      return stored;
    }
    long fast = j.getLong("fastResponseSeconds", FAST_RESPONSE_SECONDS);
    return (int) Arrays.stream(longs(j.getJsonArray("responseSeconds"))).filter(x -> x <= fast).count();
  }

  private static JsonArray longs(long[] values) {
    JsonArray a = new JsonArray();
    for (long v : values) {
      a.add(v);
    }
    return a;
  }

  private static long[] longs(JsonArray a) {
    if (a == null) {
      return new long[0];
    }
    long[] r = new long[a.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = ((Number) a.getValue(i)).longValue();
    }
    return r;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KpiTally t && toJson().equals(t.toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }

  @Override
  public String toString() {
    return "KpiTally" + toJson().encode();
  }
}
