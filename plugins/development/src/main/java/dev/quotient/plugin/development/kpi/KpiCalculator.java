package dev.quotient.plugin.development.kpi;

import dev.quotient.api.activity.ActivityLog.Entry;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Computes one rep's KPIs over one window from a stream of activities, without I/O: feed it every
 * activity (in any order, from any thread), then ask for the {@link #tally()}. Activities of other
 * users or outside the window are ignored. The window is [{@code from}, {@code toExclusive}) of the
 * organisation's local days, so "March" in Europe/Warsaw starts at 23:00 UTC on the last day of
 * February and a DST week is 167 or 169 hours long.
 *
 * <p>The KPIs (absent, never zero, when the window has no data for them):
 *
 * <ul>
 *   <li><b>Selling hours</b>: the sum of {@code minutes} of calls, emails, meetings, follow-ups and
 *       lead responses, divided by 60; absent when none of them reported a length.
 *   <li><b>Lead response</b>: for each lead response, {@code occurredAt - leadReceivedAt} (responses
 *       without a received time, or answered "before" they arrived, are skipped). The median in minutes
 *       (for an even count, the mean of the two middle values) and the share answered within 5 minutes
 *       (300 seconds inclusive).
 *   <li><b>Follow-ups per lead</b>: calls, emails and follow-ups that name a {@code leadId}, divided
 *       by the distinct leads named by any call, email, follow-up, meeting or lead response. A lead
 *       answered once and never touched again counts as 0 follow-ups.
 *   <li><b>Five-follow-up share</b>: of the meetings in the window that name a lead or an opportunity,
 *       the share followed by at least five calls, emails or follow-ups that name the same
 *       {@code leadId} or the same {@code opportunityId} and happened strictly after the meeting and at
 *       most {@link #FOLLOW_UP_HORIZON} after it, whether or not that is still in the window: a meeting
 *       gets the same answer in a month, a quarter or a plan's 90 days. Each follow-up counts once per
 *       meeting even when it matches both ids. Meetings that name neither cannot be linked to their
 *       follow-ups and are left out rather than counted as failures.
 *   <li><b>Win rate</b>: won / (won + lost) for deals <em>closed</em> in the window. Tip 12 says
 *       "sales / opportunities in a period"; dividing by opportunities opened in the period would mix
 *       deals opened now with deals closed now (and exceed 100% after a slow month), so only closed
 *       deals count; opportunities still open are neither.
 * </ul>
 *
 * <p>Memory: the calculator keeps the response times and a compact record of each linked touch and
 * meeting (three ints or longs each), not the activities.
 */
public final class KpiCalculator implements Consumer<Entry> {

  /** How long after a meeting its follow-ups count (inside or after the window). */
  public static final java.time.Duration FOLLOW_UP_HORIZON = java.time.Duration.ofDays(30);
  private static final long HORIZON_MILLIS = FOLLOW_UP_HORIZON.toMillis();

  private final String userId;
  private final long fastResponseSeconds;
  private final int followUpTarget;
  private final Instant from;
  private final Instant to;
  /** Working time counts up to here: the window's end, or now for a window under way. */
  private final Instant asOf;

  private long sellingMinutes;
  private int timedActivities;
  private final LongList responses = new LongList();
  private int leadTouches;
  private final Map<String, Integer> leadIds = new HashMap<>();
  private final Map<String, Integer> opportunityIds = new HashMap<>();
  private final Map<String, int[]> sources = new TreeMap<>();
  private final Map<String, LongList> sourceResponses = new TreeMap<>();
  private final Map<String, double[]> customers = new TreeMap<>();
  private final Map<String, String> customerSources = new HashMap<>();
  private final LongList touchTimes = new LongList();
  private final IntList touchLeads = new IntList();
  private final IntList touchOpps = new IntList();
  /** 1 for a call or e-mail (an attempt to reach the lead), 0 for a follow-up. */
  private final IntList touchAttempts = new IntList();
  /** Touches after the window (within the horizon): follow-ups of the window's meetings only. */
  private final LongList laterTimes = new LongList();
  private final java.util.List<String> laterLeads = new java.util.ArrayList<>();
  private final java.util.List<String> laterOpps = new java.util.ArrayList<>();
  private final LongList meetingTimes = new LongList();
  private final IntList meetingLeads = new IntList();
  private final IntList meetingOpps = new IntList();
  private int won;
  private int lost;
  private double wonValue;

  /**
   * @param userId the rep; null to count every activity fed (the caller already chose one rep)
   * @param from the first instant of the window
   * @param to the first instant after it
   */
  public KpiCalculator(String userId, Instant from, Instant to) {
    this(userId, from, to, dev.quotient.api.directory.Directory.Targets.SEED);
  }

  /** As above, counting against the organisation's targets (fast response, follow-ups after a meeting). */
  public KpiCalculator(String userId, Instant from, Instant to, dev.quotient.api.directory.Directory.Targets targets) {
    this(userId, from, to, targets, to);
  }

  /** As above, for a window under way at {@code asOf}: its working time counts up to then. */
  public KpiCalculator(String userId, Instant from, Instant to, dev.quotient.api.directory.Directory.Targets targets,
      Instant asOf) {
    this.asOf = asOf == null || asOf.isAfter(to) ? to : asOf;
    this.fastResponseSeconds = targets.responseMinutes() * 60L;
    this.followUpTarget = targets.followUpsPerLead();
    this.userId = userId;
    this.from = Objects.requireNonNull(from, "from");
    this.to = Objects.requireNonNull(to, "to");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("empty window " + from + " .. " + to);
    }
  }

  /** A window of the organisation's local days [{@code from}, {@code toExclusive}). */
  public static KpiCalculator forDays(String userId, LocalDate from, LocalDate toExclusive, ZoneId zone) {
    return new KpiCalculator(userId, start(from, zone), start(toExclusive, zone));
  }

  /** The first instant of a local day in a zone. */
  public static Instant start(LocalDate day, ZoneId zone) {
    return day.atStartOfDay(zone).toInstant();
  }

  @Override
  public synchronized void accept(Entry e) {
    if (userId != null && !userId.equals(e.userId())) {
      return;
    }
    Instant at = e.occurredAt();
    if (!at.isBefore(to) && at.isBefore(to.plus(FOLLOW_UP_HORIZON))
        && (e.kind().equals("call") || e.kind().equals("email") || e.kind().equals("follow-up"))) {
      // counted only as a follow-up of a meeting in the window, resolved when the tally is taken
      laterTimes.add(at.toEpochMilli());
      laterLeads.add(e.leadId());
      laterOpps.add(e.opportunityId());
      return;
    }
    if (at.isBefore(from) || !at.isBefore(to)) {
      return;
    }
    String kind = e.kind();
    switch (kind) {
      case "call", "email", "follow-up" -> {
        timed(e);
        int lead = leadKey(e.leadId());
        if (lead >= 0) {
          leadTouches++;
        }
        int opp = key(opportunityIds, e.opportunityId());
        if (lead >= 0 || opp >= 0) {
          touchTimes.add(at.toEpochMilli());
          touchLeads.add(lead);
          touchOpps.add(opp);
          touchAttempts.add(kind.equals("follow-up") ? 0 : 1);
        }
      }
      case "meeting" -> {
        timed(e);
        int lead = leadKey(e.leadId());
        int opp = key(opportunityIds, e.opportunityId());
        if (lead >= 0 || opp >= 0) {
          meetingTimes.add(at.toEpochMilli());
          meetingLeads.add(lead);
          meetingOpps.add(opp);
        }
      }
      case "lead-responded" -> {
        timed(e);
        leadKey(e.leadId());
        if (e.leadReceivedAt() != null && !e.leadReceivedAt().isAfter(at)) {
          long seconds = at.getEpochSecond() - e.leadReceivedAt().getEpochSecond();
          responses.add(seconds);
          sourceResponses.computeIfAbsent(source(e), s -> new LongList()).add(seconds);
        }
      }
      case "won" -> {
        won++;
        double value = e.value() == null ? 0 : e.value();
        wonValue += value;
        sources.computeIfAbsent(source(e), s -> new int[2])[0]++;
        if (e.customerId() != null && !e.customerId().isBlank()) {
          double[] c = customers.computeIfAbsent(e.customerId(), k -> new double[] {0, Long.MAX_VALUE});
          c[0] += value;
          if (at.toEpochMilli() < c[1]) {
            c[1] = at.toEpochMilli();
            customerSources.put(e.customerId(), source(e));
          }
        }
      }
      case "lost" -> {
        lost++;
        sources.computeIfAbsent(source(e), s -> new int[2])[1]++;
      }
      default -> { } // lead-received, opportunity-opened and future kinds feed no KPI
    }
  }

  /** The counts of everything fed so far. */
  public synchronized KpiTally tally() {
    Map<String, KpiTally.SourceTally> bySource = new TreeMap<>();
    for (String s : union(sources.keySet(), sourceResponses.keySet())) {
      int[] wl = sources.getOrDefault(s, new int[2]);
      LongList r = sourceResponses.get(s);
      bySource.put(s, new KpiTally.SourceTally(wl[0], wl[1], r == null ? new long[0] : r.toArray()));
    }
    Map<String, KpiTally.CustomerTally> cs = new TreeMap<>();
    customers.forEach((k, c) -> cs.put(k, new KpiTally.CustomerTally(c[0], (long) c[1], customerSources.get(k))));
    KpiTally counted = new KpiTally(sellingMinutes, timedActivities, responses.toArray(), leadTouches, leadIds.size(),
        meetingTimes.size(), meetingsWithFive(), won, lost, wonValue, bySource, cs, fastResponseSeconds);
    int[] contact = contactAttempts();
    return new KpiTally(counted.sellingMinutes(), counted.timedActivities(), counted.responseSeconds(),
        counted.leadTouches(), counted.leadsWorked(), counted.meetings(), counted.meetingsWithFive(), counted.won(),
        counted.lost(), counted.wonValue(), counted.bySource(), counted.customers(), counted.fastResponseSeconds(),
        counted.fastResponses(), workingMinutes(from, asOf), contact[0], contact[1]);
  }

  /** Minutes of Monday-to-Friday working days (8 hours each) begun in [from, until). */
  static long workingMinutes(Instant from, Instant until) {
    long minutes = 0;
    // window bounds are local midnights: noon of each day names its local date in any zone within 12 hours of UTC
    for (Instant day = from; day.isBefore(until); day = day.plus(java.time.Duration.ofDays(1))) {
      java.time.DayOfWeek d = day.plus(java.time.Duration.ofHours(12)).atZone(java.time.ZoneOffset.UTC).getDayOfWeek();
      if (d != java.time.DayOfWeek.SATURDAY && d != java.time.DayOfWeek.SUNDAY) {
        minutes += 8 * 60;
      }
    }
    return minutes;
  }

  /**
   * Leads that reached a meeting in the window, and the calls and e-mails naming each before its first
   * meeting: {contacted leads, attempts}.
   */
  private int[] contactAttempts() {
    Map<Integer, Long> firstMeeting = new HashMap<>();
    for (int m = 0; m < meetingTimes.size(); m++) {
      int lead = meetingLeads.get(m);
      if (lead >= 0) {
        firstMeeting.merge(lead, meetingTimes.get(m), Math::min);
      }
    }
    int attempts = 0;
    for (int i = 0; i < touchTimes.size(); i++) {
      Long met = touchLeads.get(i) >= 0 ? firstMeeting.get(touchLeads.get(i)) : null;
      if (met != null && touchAttempts.get(i) == 1 && touchTimes.get(i) < met) {
        attempts++;
      }
    }
    return new int[] {firstMeeting.size(), attempts};
  }

  /** Shortcut: the KPI values of everything fed so far. */
  public Map<Kpi, Double> values() {
    return tally().values();
  }

  private int meetingsWithFive() {
    // touches after the window join those in it, for the leads and opportunities the window knows
    int inWindow = touchTimes.size();
    for (int i = 0; i < laterTimes.size(); i++) {
      Integer lead = laterLeads.get(i) == null ? null : leadIds.get(laterLeads.get(i));
      Integer opp = laterOpps.get(i) == null ? null : opportunityIds.get(laterOpps.get(i));
      if (lead != null || opp != null) {
        touchTimes.add(laterTimes.get(i));
        touchLeads.add(lead == null ? -1 : lead);
        touchOpps.add(opp == null ? -1 : opp);
        touchAttempts.add(0);
      }
    }
    try {
      return countMeetingsWithFive();
    } finally {
      touchTimes.truncate(inWindow);
      touchLeads.truncate(inWindow);
      touchOpps.truncate(inWindow);
      touchAttempts.truncate(inWindow);
    }
  }

  private int countMeetingsWithFive() {
    Map<Integer, IntList> byLead = new HashMap<>();
    Map<Integer, IntList> byOpp = new HashMap<>();
    for (int i = 0; i < touchTimes.size(); i++) {
      if (touchLeads.get(i) >= 0) {
        byLead.computeIfAbsent(touchLeads.get(i), k -> new IntList()).add(i);
      }
      if (touchOpps.get(i) >= 0) {
        byOpp.computeIfAbsent(touchOpps.get(i), k -> new IntList()).add(i);
      }
    }
    int[] seenBy = new int[touchTimes.size()];
    Arrays.fill(seenBy, -1);
    int result = 0;
    for (int m = 0; m < meetingTimes.size(); m++) {
      long at = meetingTimes.get(m);
      int count = count(byLead.get(meetingLeads.get(m)), at, m, seenBy, 0);
      if (count < followUpTarget) {
        count = count(byOpp.get(meetingOpps.get(m)), at, m, seenBy, count);
      }
      if (count >= followUpTarget) {
        result++;
      }
    }
    return result;
  }

  private int count(IntList touches, long after, int meeting, int[] seenBy, int count) {
    if (touches == null) {
      return count;
    }
    for (int j = 0; j < touches.size() && count < followUpTarget; j++) {
      int t = touches.get(j);
      if (touchTimes.get(t) > after && touchTimes.get(t) <= after + HORIZON_MILLIS && seenBy[t] != meeting) {
        seenBy[t] = meeting;
        count++;
      }
    }
    return count;
  }

  private void timed(Entry e) {
    if (e.minutes() != null && e.minutes() >= 0) {
      sellingMinutes += e.minutes();
      timedActivities++;
    }
  }

  private int leadKey(String leadId) {
    return key(leadIds, leadId);
  }

  private static int key(Map<String, Integer> ids, String id) {
    if (id == null || id.isBlank()) {
      return -1;
    }
    return ids.computeIfAbsent(id, k -> ids.size());
  }

  private static String source(Entry e) {
    return e.leadSource() == null || e.leadSource().isBlank() ? KpiTally.UNKNOWN_SOURCE : e.leadSource();
  }

  private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
    java.util.Set<String> u = new java.util.TreeSet<>(a);
    u.addAll(b);
    return u;
  }

  /** A growable array of longs (no boxing: a year of activities stays a few arrays). */
  static final class LongList {
    private long[] items = new long[16];
    private int size;

    void add(long v) {
      if (size == items.length) {
        items = Arrays.copyOf(items, size * 2);
      }
      items[size++] = v;
    }

    long get(int i) {
      return items[i];
    }

    int size() {
      return size;
    }

    long[] toArray() {
      return Arrays.copyOf(items, size);
    }

    void truncate(int n) {
      size = Math.min(size, n);
    }
  }

  static final class IntList {
    private int[] items = new int[8];
    private int size;

    void add(int v) {
      if (size == items.length) {
        items = Arrays.copyOf(items, size * 2);
      }
      items[size++] = v;
    }

    int get(int i) {
      return items[i];
    }

    int size() {
      return size;
    }

    void truncate(int n) {
      size = Math.min(size, n);
    }
  }
}
