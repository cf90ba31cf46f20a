package dev.quotient.plugin.development.kpi;

import dev.quotient.api.PluginContext;
import dev.quotient.api.activity.ActivityLog.Entry;
import dev.quotient.api.points.PointsLedger;
import dev.quotient.api.projection.Projection;
import dev.quotient.api.projection.ProjectionView;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What KPIs are computed from, in memory: a projection of the activity log and the points ledger.
 * Per organisation and rep it keeps the facts a KPI reads (time, kind, length, lead, opportunity,
 * response time, lead source, customer, value) in compact columns, and points in quarter-hour buckets.
 * Activities no KPI reads (a call with no length that names no lead or opportunity, kinds outside the
 * KPIs) are not kept.
 *
 * <p>Facts are kept by instant, not by local month, so any window of any zone is computed exactly from
 * memory (every zone's offset is a whole number of quarter hours, so point buckets split cleanly too),
 * and a change of the organisation's zone needs no rebuild. A window's tally is cached until the next
 * fact of that rep is folded.
 */
public final class KpiLog {

  /** The kinds a KPI reads (the codes of the stored facts). */
  static final List<String> KINDS = List.of("call", "email", "follow-up", "meeting", "lead-responded", "won", "lost");
  static final long BUCKET_MILLIS = 15 * 60_000L;
  /** Bytes of one fact in a checkpoint. */
  private static final int FACT_BYTES = 8 + 1 + 4 * 6 + 8;
  /** More cached windows per rep than this: start again. */
  private static final int MAX_WINDOWS = 512;

  /** One rep's facts (sorted by time before a read) and credits. */
  static final class Rep {
    int size;
    long[] at = new long[8];
    byte[] kind = new byte[8];
    int[] minutes = new int[8];
    int[] lead = new int[8];
    int[] opp = new int[8];
    int[] response = new int[8];
    int[] source = new int[8];
    int[] customer = new int[8];
    double[] value = new double[8];
    boolean sorted = true;

    int credits;
    long[] creditAt = new long[4];
    long[] creditPoints = new long[4];
    boolean creditsSorted = true;

    final Map<String, KpiTally> windows = new HashMap<>();

    void add(long time, byte k, int mins, int leadId, int oppId, int responseSeconds, int sourceId, int customerId,
        double worth) {
      if (size == at.length) {
        capacity(size + (size >> 1) + 8);
      }
      if (size > 0 && time < at[size - 1]) {
        sorted = false;
      }
      at[size] = time;
      kind[size] = k;
      minutes[size] = mins;
      lead[size] = leadId;
      opp[size] = oppId;
      response[size] = responseSeconds;
      source[size] = sourceId;
      customer[size] = customerId;
      value[size] = worth;
      size++;
      windows.clear();
    }

    /**
     * Room for {@code n} facts. Grown by half (not doubled) and sized exactly from a checkpoint: a year of
     * 500 reps is over a million facts, and doubling left a quarter of the columns empty on average.
     */
    void capacity(int n) {
      at = Arrays.copyOf(at, n);
      kind = Arrays.copyOf(kind, n);
      minutes = Arrays.copyOf(minutes, n);
      lead = Arrays.copyOf(lead, n);
      opp = Arrays.copyOf(opp, n);
      response = Arrays.copyOf(response, n);
      source = Arrays.copyOf(source, n);
      customer = Arrays.copyOf(customer, n);
      value = Arrays.copyOf(value, n);
    }

    void credit(long time, long points) {
      long bucket = Math.floorDiv(time, BUCKET_MILLIS) * BUCKET_MILLIS;
      windows.clear();
      if (credits > 0 && creditAt[credits - 1] == bucket) {
        creditPoints[credits - 1] += points;
        return;
      }
      if (credits == creditAt.length) {
        creditCapacity(credits + (credits >> 1) + 4);
      }
      if (credits > 0 && bucket < creditAt[credits - 1]) {
        creditsSorted = false;
      }
      creditAt[credits] = bucket;
      creditPoints[credits] = points;
      credits++;
    }

    void creditCapacity(int n) {
      creditAt = Arrays.copyOf(creditAt, n);
      creditPoints = Arrays.copyOf(creditPoints, n);
    }

    /** Orders the facts by time (stable), once after facts arrived out of order. */
    void sort() {
      if (sorted) {
        return;
      }
      Integer[] order = new Integer[size];
      for (int i = 0; i < size; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Long.compare(at[a], at[b]));
      long[] a2 = new long[at.length];
      byte[] k2 = new byte[at.length];
      int[] m2 = new int[at.length];
      int[] l2 = new int[at.length];
      int[] o2 = new int[at.length];
      int[] r2 = new int[at.length];
      int[] s2 = new int[at.length];
      int[] c2 = new int[at.length];
      double[] v2 = new double[at.length];
      for (int i = 0; i < size; i++) {
        int j = order[i];
        a2[i] = at[j];
        k2[i] = kind[j];
        m2[i] = minutes[j];
        l2[i] = lead[j];
        o2[i] = opp[j];
        r2[i] = response[j];
        s2[i] = source[j];
        c2[i] = customer[j];
        v2[i] = value[j];
      }
      at = a2;
      kind = k2;
      minutes = m2;
      lead = l2;
      opp = o2;
      response = r2;
      source = s2;
      customer = c2;
      value = v2;
      sorted = true;
    }

    void sortCredits() {
      if (creditsSorted) {
        return;
      }
      Integer[] order = new Integer[credits];
      for (int i = 0; i < credits; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Long.compare(creditAt[a], creditAt[b]));
      long[] a2 = new long[creditAt.length];
      long[] p2 = new long[creditAt.length];
      for (int i = 0; i < credits; i++) {
        a2[i] = creditAt[order[i]];
        p2[i] = creditPoints[order[i]];
      }
      creditAt = a2;
      creditPoints = p2;
      creditsSorted = true;
    }

    /** The points earned in [from, to). */
    long points(long from, long to) {
      sortCredits();
      long sum = 0;
      for (int i = lowerBound(creditAt, credits, from); i < credits && creditAt[i] < to; i++) {
        sum += creditPoints[i];
      }
      return sum;
    }

    /** The tally of [from, to), from the cache or computed. */
    KpiTally tally(Org org, String orgId, String userId, long from, long to,
        dev.quotient.api.directory.Directory.Targets targets, long now) {
      // a window under way counts working time up to today: kept for the day, not longer
      String key = from + "/" + to + "/" + targets + (to > now ? "/" + Math.floorDiv(now, 86_400_000L) : "");
      KpiTally kept = windows.get(key);
      if (kept != null) {
        return kept;
      }
      sort();
      KpiCalculator calc = new KpiCalculator(null, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), targets,
          Instant.ofEpochMilli(Math.min(to, now)));
      // a meeting's follow-ups count up to the horizon after it, also past the window's end
      long until = to + KpiCalculator.FOLLOW_UP_HORIZON.toMillis();
      for (int i = lowerBound(at, size, from); i < size && at[i] < until; i++) {
        calc.accept(entry(org, orgId, userId, i));
      }
      if (windows.size() >= MAX_WINDOWS) {
        windows.clear();
      }
      KpiTally t = calc.tally();
      windows.put(key, t);
      return t;
    }

    private Entry entry(Org org, String orgId, String userId, int i) {
      Instant time = Instant.ofEpochMilli(at[i]);
      Instant received = response[i] < 0 ? null : Instant.ofEpochSecond(time.getEpochSecond() - response[i]);
      return new Entry(orgId, "", userId, KINDS.get(kind[i]), time, Double.isNaN(value[i]) ? null : value[i],
          minutes[i] < 0 ? null : minutes[i], org.string(source[i]), org.string(customer[i]), org.string(opp[i]),
          org.string(lead[i]), received);
    }

    void write(ByteBuffer b) {
      for (int i = 0; i < size; i++) {
        b.putLong(at[i]).put(kind[i]).putInt(minutes[i]).putInt(lead[i]).putInt(opp[i]).putInt(response[i])
            .putInt(source[i]).putInt(customer[i]).putDouble(value[i]);
      }
    }

    void read(ByteBuffer b) {
      capacity(size + b.remaining() / FACT_BYTES);
      while (b.remaining() >= FACT_BYTES) {
        add(b.getLong(), b.get(), b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getDouble());
      }
    }
  }

  /** One organisation: its reps and the ids and names they mention, each kept once. */
  static final class Org {
    final List<String> strings = new ArrayList<>();
    final Map<String, Integer> ids = new HashMap<>();
    final Map<String, Rep> reps = new HashMap<>();

    int id(String s) {
      if (s == null) {
        return -1;
      }
      Integer known = ids.get(s);
      if (known != null) {
        return known;
      }
      strings.add(s);
      ids.put(s, strings.size() - 1);
      return strings.size() - 1;
    }

    String string(int id) {
      return id < 0 ? null : strings.get(id);
    }

    Rep rep(String userId) {
      return reps.computeIfAbsent(userId, k -> new Rep());
    }
  }

  /** Every organisation, by id. */
  static final class State {
    final Map<String, Org> orgs = new HashMap<>();

    Org org(String orgId) {
      return orgs.computeIfAbsent(orgId, k -> new Org());
    }
  }

  private final ProjectionView<State> view;

  private final java.time.Clock clock;

  public KpiLog(PluginContext context) {
    this.clock = context.clock();
    this.view = context.projections().open(new Fold());
  }

  /** Completes once the log as it stood at start is folded. */
  public Future<Void> ready() {
    return view.ready();
  }

  /** Completes once every fact this node knows was stored before the call is folded. */
  public Future<Void> caughtUp() {
    return view.ready().compose(x -> view.caughtUp());
  }

  /** Changes whenever a fact is folded: what a page model built from this projection is kept by. */
  public String version() {
    var s = view.status();
    return s.activityPosition() + "/" + s.pointsPosition();
  }

  /**
   * The tallies of each rep over each window, each counted against the targets given for it (one a
   * window), once every fact stored before the call is folded.
   */
  public Future<Map<String, List<KpiTally>>> tallies(String orgId, List<String> userIds, List<Instant> bounds,
      List<dev.quotient.api.directory.Directory.Targets> targets) {
    long now = clock.millis();
    return read(state -> {
      Org org = state.orgs.get(orgId);
      Map<String, List<KpiTally>> out = new LinkedHashMap<>();
      for (String userId : userIds) {
        Rep rep = org == null ? null : org.reps.get(userId);
        List<KpiTally> each = new ArrayList<>(bounds.size() - 1);
        for (int i = 0; i + 1 < bounds.size(); i++) {
          each.add(rep == null ? KpiTally.EMPTY
              : rep.tally(org, orgId, userId, bounds.get(i).toEpochMilli(), bounds.get(i + 1).toEpochMilli(),
                  targets.get(i), now));
        }
        out.put(userId, each);
      }
      return out;
    });
  }

  /** Points per rep earned in [from, to) (reps without points are left out). */
  public Future<Map<String, Long>> points(String orgId, Set<String> userIds, Instant from, Instant to) {
    return read(state -> {
      Org org = state.orgs.get(orgId);
      Map<String, Long> out = new java.util.TreeMap<>();
      if (org != null) {
        for (String userId : userIds) {
          Rep rep = org.reps.get(userId);
          long p = rep == null ? 0 : rep.points(from.toEpochMilli(), to.toEpochMilli());
          if (p != 0) {
            out.put(userId, p);
          }
        }
      }
      return out;
    });
  }

  /** Reads once the state reflects the log as it stood at start and every fact stored before the call. */
  private <T> Future<T> read(Function<State, T> reader) {
    return caughtUp().map(x -> view.read(reader));
  }

  /** Keeps the facts a KPI reads; the checkpoint codec. */
  static final class Fold implements Projection<State> {
    @Override
    public String name() {
      return "kpi";
    }

    /** 2: facts and credits deflated in the checkpoint (a year of an organisation's facts is tens of MB). */
    @Override
    public int version() {
      return 2;
    }

    @Override
    public Set<Log> logs() {
      return Set.of(Log.ACTIVITIES, Log.POINTS);
    }

    @Override
    public State initial() {
      return new State();
    }

    @Override
    public void activity(State state, Entry e) {
      int kind = KINDS.indexOf(e.kind());
      boolean closed = "won".equals(e.kind()) || "lost".equals(e.kind());
      boolean timed = e.minutes() != null && e.minutes() >= 0;
      if (kind < 0 || !(closed || timed || present(e.leadId()) || present(e.opportunityId())
          || e.leadReceivedAt() != null)) {
        return;
      }
      int response = -1;
      if ("lead-responded".equals(e.kind()) && e.leadReceivedAt() != null && !e.leadReceivedAt().isAfter(e.occurredAt())) {
        response = (int) Math.min(Integer.MAX_VALUE, e.occurredAt().getEpochSecond() - e.leadReceivedAt().getEpochSecond());
      }
      Org org = state.org(e.orgId());
      org.rep(e.userId()).add(e.occurredAt().toEpochMilli(), (byte) kind, timed ? e.minutes() : -1, org.id(e.leadId()),
          org.id(e.opportunityId()), response, org.id(e.leadSource()), org.id(e.customerId()),
          e.value() == null ? Double.NaN : e.value());
    }

    @Override
    public void credit(State state, PointsLedger.Entry e) {
      state.org(e.orgId()).rep(e.userId()).credit(e.occurredAt().toEpochMilli(), e.points());
    }

    private static boolean present(String s) {
      return s != null && !s.isBlank();
    }

    @Override
    public JsonObject save(State state) {
      JsonObject orgs = new JsonObject();
      state.orgs.forEach((orgId, org) -> {
        JsonObject reps = new JsonObject();
        org.reps.forEach((userId, rep) -> {
          ByteBuffer facts = ByteBuffer.allocate(rep.size * FACT_BYTES);
          rep.write(facts);
          ByteBuffer credits = ByteBuffer.allocate(rep.credits * 16);
          for (int i = 0; i < rep.credits; i++) {
            credits.putLong(rep.creditAt[i]).putLong(rep.creditPoints[i]);
          }
          reps.put(userId, new JsonObject().put("facts", packed(facts.array())).put("credits", packed(credits.array())));
        });
        orgs.put(orgId, new JsonObject().put("strings", new JsonArray(new ArrayList<>(org.strings))).put("reps", reps));
      });
      return new JsonObject().put("orgs", orgs);
    }

    @Override
    public State load(JsonObject saved) {
      State state = new State();
      JsonObject orgs = saved.getJsonObject("orgs", new JsonObject());
      for (String orgId : orgs.fieldNames()) {
        JsonObject o = orgs.getJsonObject(orgId);
        Org org = state.org(orgId);
        for (Object s : o.getJsonArray("strings", new JsonArray())) {
          org.strings.add((String) s);
          org.ids.put((String) s, org.strings.size() - 1);
        }
        JsonObject reps = o.getJsonObject("reps", new JsonObject());
        for (String userId : reps.fieldNames()) {
          JsonObject r = reps.getJsonObject(userId);
          Rep rep = org.rep(userId);
          rep.read(ByteBuffer.wrap(unpacked(r.getString("facts", ""))));
          ByteBuffer credits = ByteBuffer.wrap(unpacked(r.getString("credits", "")));
          rep.creditCapacity(rep.credits + credits.remaining() / 16);
          while (credits.remaining() >= 16) {
            rep.credit(credits.getLong(), credits.getLong());
          }
        }
      }
      return state;
    }
  }

  /** Bytes deflated (fastest level: facts repeat a lot) and in Base64, for the checkpoint's JSON. */
  static String packed(byte[] bytes) {
    java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.BEST_SPEED);
    try {
      deflater.setInput(bytes);
      deflater.finish();
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(Math.max(64, bytes.length / 4));
      byte[] buffer = new byte[64 * 1024];
      while (!deflater.finished()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
      return Base64.getEncoder().encodeToString(out.toByteArray());
    } finally {
      deflater.end();
    }
  }

  static byte[] unpacked(String text) {
    java.util.zip.Inflater inflater = new java.util.zip.Inflater();
    try {
      inflater.setInput(Base64.getDecoder().decode(text));
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      byte[] buffer = new byte[64 * 1024];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (java.util.zip.DataFormatException e) {
      throw new IllegalArgumentException("a KPI checkpoint that does not inflate", e);
    } finally {
      inflater.end();
    }
  }

  /** The first index of a sorted prefix of {@code a} whose value is at least {@code key}. */
  static int lowerBound(long[] a, int n, long key) {
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
