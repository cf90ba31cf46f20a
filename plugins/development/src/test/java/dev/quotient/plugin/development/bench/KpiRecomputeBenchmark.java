package dev.quotient.plugin.development.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.api.activity.ActivityLog.Entry;
import dev.quotient.plugin.development.kpi.Kpi;
import dev.quotient.plugin.development.kpi.KpiTally;
import dev.quotient.plugin.development.kpi.MonthSplitter;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Monthly KPI recomputation at scale: 1,000 reps x one year (2025, Europe/Warsaw) x 20,000 activities
 * a rep (20 million in all), generated deterministically per rep and streamed into a {@link
 * MonthSplitter} (twelve calculators), as a snapshot rebuild does after replaying a rep's year. Only
 * the 12,000 monthly tallies are kept; the activities are never held.
 *
 * <ul>
 *   <li>measured: generate + route + compute, the best of 2 runs after a warm-up, wall and CPU time of
 *       the running thread, the peak of heap used (sampled every 5 ms) and the collections;
 *   <li>anchor: the same generated stream consumed by a plain sum of the minutes (what any pass over
 *       the activities costs at least), alternating with the measured runs.
 * </ul>
 */
@Tag("bench")
class KpiRecomputeBenchmark {

  private static final int REPS = 1_000;
  private static final int PER_REP = 20_000;
  private static final ZoneId ZONE = ZoneId.of("Europe/Warsaw");
  private static final YearMonth FIRST = YearMonth.of(2025, 1);
  private static final YearMonth LAST = YearMonth.of(2025, 12);
  private static final String[] KINDS = {"call", "email", "follow-up", "meeting", "lead-received", "lead-responded",
      "opportunity-opened", "won", "lost"};
  /** Cumulative per mille of each kind: calls 35%, emails 25%, follow-ups 15%, meetings 5%, ... */
  private static final int[] CUMULATIVE = {350, 600, 750, 800, 850, 900, 940, 970, 1000};
  private static final String[] SOURCES = {"web", "referral", "event", "outbound", "partner"};
  private static final String[] IDS = new String[1024];

  static {
    for (int i = 0; i < IDS.length; i++) {
      IDS[i] = "act-" + i;
    }
  }

  @Test
  void recomputeAYearOfMonthlySnapshots() throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "%,d reps x %,d activities over %s..%s in %s (%,d activities)", REPS, PER_REP,
        FIRST, LAST, ZONE, (long) REPS * PER_REP));
    // warm-up: 50 reps of each
    run(50, KpiRecomputeBenchmark::kpis);
    run(50, KpiRecomputeBenchmark::anchor);

    Result best = null;
    Result anchor = null;
    for (int round = 0; round < 2; round++) {
      Result a = run(REPS, KpiRecomputeBenchmark::anchor);
      Result k = run(REPS, KpiRecomputeBenchmark::kpis);
      anchor = anchor == null || a.wallMs < anchor.wallMs ? a : anchor;
      best = best == null || k.wallMs < best.wallMs ? k : best;
      lines.add(String.format(Locale.ROOT, "round %d: KPIs %,d ms wall / %,d ms CPU, anchor %,d ms wall / %,d ms CPU",
          round + 1, k.wallMs, k.cpuMs, a.wallMs, a.cpuMs));
    }
    assertEquals((long) REPS * PER_REP, best.entries);
    @SuppressWarnings("unchecked")
    List<Map<YearMonth, KpiTally>> kept = (List<Map<YearMonth, KpiTally>>) best.kept;
    assertEquals(REPS, kept.size());
    Map<Kpi, Double> sample = kept.get(0).get(FIRST).values();
    assertTrue(sample.get(Kpi.WIN_RATE) > 0.3 && sample.get(Kpi.WIN_RATE) < 0.7, sample.toString());
    assertTrue(sample.containsKey(Kpi.SELLING_HOURS) && sample.containsKey(Kpi.FIVE_FOLLOW_UP_SHARE), sample.toString());
    long retained = usedHeap();
    kept.clear();
    long retainedAfter = usedHeap();

    lines.add(String.format(Locale.ROOT, "KPIs (best of 2): %,d ms wall, %,d ms CPU of the computing thread; %.2f M activities/s;"
        + " peak heap used %.1f MB (sampled), %d collections taking %,d ms", best.wallMs, best.cpuMs,
        best.entries / 1000.0 / best.wallMs, best.peakBytes / 1e6, best.gcCount, best.gcMs));
    lines.add(String.format(Locale.ROOT, "anchor (plain sum of minutes over the same stream, best of 2): %,d ms wall, %,d ms CPU;"
        + " peak heap used %.1f MB (sampled), %d collections taking %,d ms", anchor.wallMs, anchor.cpuMs,
        anchor.peakBytes / 1e6, anchor.gcCount, anchor.gcMs));
    lines.add(String.format(Locale.ROOT, "ratio KPIs/anchor: %.2f wall, %.2f CPU; the 12,000 monthly tallies retain %.1f MB of heap;"
        + " heap max %.0f MB", (double) best.wallMs / anchor.wallMs, (double) best.cpuMs / anchor.cpuMs,
        (retained - retainedAfter) / 1e6, Runtime.getRuntime().maxMemory() / 1e6));
    write("KpiRecomputeBenchmark", lines);
  }

  /** One pass: generate each rep's year and hand it to a consumer built per rep; keeps what it returns. */
  private record Result(long wallMs, long cpuMs, long entries, long peakBytes, long gcCount, long gcMs, List<?> kept) {}

  private interface Pass {
    Object rep(int rep, Consumer<Consumer<Entry>> stream);
  }

  private static Result run(int reps, Pass pass) throws InterruptedException {
    usedHeap();
    AtomicLong peak = new AtomicLong();
    AtomicBoolean running = new AtomicBoolean(true);
    Thread sampler = new Thread(() -> {
      while (running.get()) {
        peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    sampler.setDaemon(true);
    sampler.start();
    long gcCount = gcCount();
    long gcMs = gcMs();
    long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    long start = System.nanoTime();
    long[] entries = {0};
    List<Object> kept = new ArrayList<>();
    for (int r = 0; r < reps; r++) {
      int rep = r;
      kept.add(pass.rep(r, sink -> entries[0] += generate(rep, sink)));
    }
    long wall = (System.nanoTime() - start) / 1_000_000;
    long cpuMs = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu) / 1_000_000;
    running.set(false);
    sampler.join();
    return new Result(wall, cpuMs, entries[0], peak.get(), gcCount() - gcCount, gcMs() - gcMs, kept);
  }

  private static Object kpis(int rep, Consumer<Consumer<Entry>> stream) {
    MonthSplitter split = new MonthSplitter("rep-" + rep, FIRST, LAST, ZONE);
    stream.accept(split);
    return split.tallies();
  }

  private static Object anchor(int rep, Consumer<Consumer<Entry>> stream) {
    long[] sum = {0};
    stream.accept(e -> {
      if (e.minutes() != null) {
        sum[0] += e.minutes();
      }
    });
    return sum[0];
  }

  /** One rep's year, deterministic per rep, in no order (as the log hands it over). */
  private static long generate(int rep, Consumer<Entry> sink) {
    SplittableRandom random = new SplittableRandom(rep * 7919L + 13);
    String userId = "rep-" + rep;
    long from = FIRST.atDay(1).atStartOfDay(ZONE).toInstant().getEpochSecond();
    long span = LAST.plusMonths(1).atDay(1).atStartOfDay(ZONE).toInstant().getEpochSecond() - from;
    IntFunction<String> lead = i -> "L" + rep + "-" + i;
    String[] leads = new String[1_000];
    String[] opps = new String[300];
    String[] customers = new String[200];
    for (int i = 0; i < leads.length; i++) {
      leads[i] = lead.apply(i);
    }
    for (int i = 0; i < opps.length; i++) {
      opps[i] = "O" + rep + "-" + i;
    }
    for (int i = 0; i < customers.length; i++) {
      customers[i] = "C" + (rep % 100) + "-" + i;
    }
    for (int i = 0; i < PER_REP; i++) {
      int p = random.nextInt(1000);
      int k = 0;
      while (p >= CUMULATIVE[k]) {
        k++;
      }
      String kind = KINDS[k];
      Instant at = Instant.ofEpochSecond(from + random.nextLong(span));
      String leadId = random.nextInt(4) == 0 ? null : leads[random.nextInt(leads.length)];
      String oppId = random.nextInt(2) == 0 ? null : opps[random.nextInt(opps.length)];
      String source = SOURCES[random.nextInt(SOURCES.length)];
      Integer minutes = k <= 3 || k == 5 ? 1 + random.nextInt(60) : null;
      Double value = k >= 7 ? 100.0 + random.nextInt(10_000) : null;
      String customer = k == 7 ? customers[random.nextInt(customers.length)] : null;
      Instant received = k == 5 ? at.minusSeconds(random.nextInt(3_600)) : null;
      sink.accept(new Entry("org", IDS[i & 1023], userId, kind, at, value, minutes, source, customer, oppId, leadId, received));
    }
    return PER_REP;
  }

  private static long gcCount() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
  }

  private static long gcMs() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
  }

  private static long usedHeap() throws InterruptedException {
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Prints the figures and appends them to {@code target/bench-results.txt} of this module. */
  private static void write(String benchmark, List<String> lines) throws IOException {
    StringBuilder text = new StringBuilder();
    text.append("== ").append(benchmark).append(' ').append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
        .append(" (").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
        .append(System.getProperty("java.version")).append(")\n");
    lines.forEach(l -> text.append("  ").append(l).append('\n'));
    System.out.print(text);
    Path file = Path.of("target", "bench-results.txt");
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
