package dev.quotient.plugin.mentoring.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.plugin.mentoring.matching.Assignment;
import dev.quotient.plugin.mentoring.matching.FitModel;
import dev.quotient.plugin.mentoring.matching.MatchSolver;
import dev.quotient.plugin.mentoring.matching.MenteeProfile;
import dev.quotient.plugin.mentoring.matching.MentorProfile;
import dev.quotient.plugin.mentoring.matching.Problem;
import dev.quotient.plugin.mentoring.matching.Weights;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Organisation-wide matching at scale: 5,000 mentees x 500 mentors with capacities 1 to 10 (about
 * 2,750 slots, so about half the mentees stay unmatched and mentors compete for them).
 *
 * <ul>
 *   <li>exact: {@link MatchSolver#solve}, the median of 5 runs after a warm-up, in wall time and in
 *       CPU time of the solving thread (which the other work on a shared machine disturbs less), with
 *       the bytes the solving thread allocates per run;
 *   <li>anchor: the greedy baseline in the same run (every allowed pair sorted by score, best first,
 *       ties by index; a pair is taken when its mentee is free and its mentor has room), also the
 *       median of 5 after a warm-up, and the fit it loses against the exact optimum.
 * </ul>
 * Two instances: scores from {@link FitModel} over random profiles (8 sub-skills, 14 week slots, 3
 * zones, 2 languages, about 5% of pairs forbidden), and uniform random scores 1 to 1000 with 5%
 * forbidden.
 */
@Tag("bench")
class MatchingBenchmark {

  private static final int MENTEES = 5_000;
  private static final int MENTORS = 500;
  private static final int MAX_CAPACITY = 10;
  private static final int RUNS = 5;
  private static final String[] SKILLS = {"discovery", "empathy", "objections", "closing", "prospecting",
      "negotiation", "product:core", "kpi:conversion"};
  private static final String[] DAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  private static final ZoneId[] ZONES = {ZoneId.of("Europe/Warsaw"), ZoneId.of("Europe/London"),
      ZoneId.of("America/New_York")};
  private static final String[] LANGUAGES = {"pl", "en"};

  @Test
  void exactAgainstGreedy() throws Exception {
    SplittableRandom random = new SplittableRandom(42);
    int[] capacity = new int[MENTORS];
    for (int j = 0; j < MENTORS; j++) {
      capacity[j] = 1 + random.nextInt(MAX_CAPACITY);
    }
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "%,d mentees x %,d mentors, capacities 1-%d (%,d slots)", MENTEES, MENTORS,
        MAX_CAPACITY, Arrays.stream(capacity).sum()));

    long before = usedHeap();
    long fitStart = System.nanoTime();
    Problem fitted = new Problem(fitScores(random), capacity);
    long fitMillis = (System.nanoTime() - fitStart) / 1_000_000;
    long matrixHeap = usedHeap() - before;
    lines.add(String.format(Locale.ROOT, "FitModel scores: %,d pairs scored in %,d ms; score matrix %.1f MB of heap",
        (long) MENTEES * MENTORS, fitMillis, matrixHeap / 1e6));
    measure("FitModel scores", fitted, lines);

    int[][] uniform = new int[MENTEES][MENTORS];
    for (int[] row : uniform) {
      for (int j = 0; j < MENTORS; j++) {
        row[j] = random.nextInt(20) == 0 ? Problem.FORBIDDEN : 1 + random.nextInt(1000);
      }
    }
    measure("uniform scores 1-1000", new Problem(uniform, capacity), lines);
    lines.add(String.format(Locale.ROOT, "heap after the run: %.1f MB used, %.1f MB max", usedHeap() / 1e6,
        Runtime.getRuntime().maxMemory() / 1e6));
    write("MatchingBenchmark", lines);
  }

  private static void measure(String name, Problem p, List<String> lines) {
    Result exact = time(() -> MatchSolver.solve(p));
    Result greedy = time(() -> greedy(p));
    check(p, exact.assignment);
    check(p, greedy.assignment);
    long optimum = exact.assignment.total();
    long lost = optimum - greedy.assignment.total();
    assertTrue(lost >= 0, "greedy never beats the optimum");
    assertEquals(optimum, MatchSolver.solve(p).total(), "deterministic");
    lines.add(String.format(Locale.ROOT, "%s, exact: median %,d ms wall (runs %s), %,d ms CPU of the solving "
        + "thread; %.1f MB allocated per solve; total %,d, %,d matched", name, exact.median(),
        Arrays.toString(exact.millis), exact.cpuMedian(), exact.allocated / 1e6, optimum, matched(exact.assignment)));
    lines.add(String.format(Locale.ROOT, "%s, greedy: median %,d ms wall (runs %s), %,d ms CPU; %.1f MB allocated "
        + "per run; total %,d, %,d matched", name, greedy.median(), Arrays.toString(greedy.millis), greedy.cpuMedian(),
        greedy.allocated / 1e6, greedy.assignment.total(), matched(greedy.assignment)));
    lines.add(String.format(Locale.ROOT, "%s: exact/greedy %.2f wall, %.2f CPU; greedy loses %,d fit (%.2f%% of "
        + "the optimum)", name, exact.median() / (double) Math.max(1, greedy.median()),
        exact.cpuMedian() / (double) Math.max(1, greedy.cpuMedian()), lost, 100.0 * lost / optimum));
  }

  private record Result(Assignment assignment, long[] millis, long[] cpuMillis, long allocated) {
    long median() {
      long[] sorted = millis.clone();
      Arrays.sort(sorted);
      return sorted[sorted.length / 2];
    }

    long cpuMedian() {
      long[] sorted = cpuMillis.clone();
      Arrays.sort(sorted);
      return sorted[sorted.length / 2];
    }
  }

  private static Result time(Supplier<Assignment> run) {
    run.get(); // warm-up
    long[] millis = new long[RUNS];
    long[] cpuMillis = new long[RUNS];
    Assignment last = null;
    long allocated = 0;
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int k = 0; k < RUNS; k++) {
      long bytes = threads.getCurrentThreadAllocatedBytes();
      long cpu = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      last = run.get();
      millis[k] = (System.nanoTime() - start) / 1_000_000;
      cpuMillis[k] = (threads.getCurrentThreadCpuTime() - cpu) / 1_000_000;
      allocated = threads.getCurrentThreadAllocatedBytes() - bytes;
    }
    return new Result(last, millis, cpuMillis, allocated);
  }

  /** Every allowed pair, best score first (ties by mentee, then mentor); take it when both sides can. */
  static Assignment greedy(Problem p) {
    int n = p.mentees();
    int m = p.mentors();
    long[] pairs = new long[n * m];
    int count = 0;
    for (int i = 0; i < n; i++) {
      int[] row = p.score()[i];
      for (int j = 0; j < m; j++) {
        if (row[j] > 0) {
          pairs[count++] = ((long) (Integer.MAX_VALUE - row[j]) << 32) | ((long) i * m + j);
        }
      }
    }
    Arrays.sort(pairs, 0, count);
    int[] mentorOf = new int[n];
    Arrays.fill(mentorOf, -1);
    int[] room = p.capacity().clone();
    long total = 0;
    for (int t = 0; t < count; t++) {
      int pair = (int) pairs[t];
      int i = pair / m;
      int j = pair % m;
      if (mentorOf[i] < 0 && room[j] > 0) {
        mentorOf[i] = j;
        room[j]--;
        total += p.score()[i][j];
      }
    }
    return new Assignment(mentorOf, total);
  }

  private static void check(Problem p, Assignment a) {
    int[] used = new int[p.mentors()];
    long total = 0;
    for (int i = 0; i < p.mentees(); i++) {
      int j = a.mentorOf()[i];
      if (j >= 0) {
        assertTrue(p.score()[i][j] > 0, "no forbidden pair");
        used[j]++;
        total += p.score()[i][j];
      }
    }
    for (int j = 0; j < p.mentors(); j++) {
      assertTrue(used[j] <= p.capacity()[j], "capacity kept");
    }
    assertEquals(total, a.total());
  }

  private static int matched(Assignment a) {
    return (int) Arrays.stream(a.mentorOf()).filter(j -> j >= 0).count();
  }

  private static int[][] fitScores(SplittableRandom random) {
    Instant now = Instant.parse("2026-11-27T12:00:00Z");
    List<MenteeProfile> mentees = new ArrayList<>();
    for (int i = 0; i < MENTEES; i++) {
      Map<String, Integer> levels = new HashMap<>();
      for (String skill : SKILLS) {
        levels.put(skill, 1 + random.nextInt(5));
      }
      mentees.add(new MenteeProfile("mentee-" + i, levels, slots(random), languages(random),
          ZONES[random.nextInt(ZONES.length)]));
    }
    List<MentorProfile> mentors = new ArrayList<>();
    for (int j = 0; j < MENTORS; j++) {
      Map<String, Integer> strengths = new HashMap<>();
      for (String skill : SKILLS) {
        strengths.put(skill, 2 + random.nextInt(4)); // mentors are stronger: 2 to 5
      }
      mentors.add(new MentorProfile("mentor-" + j, strengths, 1, slots(random), languages(random),
          ZONES[random.nextInt(ZONES.length)]));
    }
    int[][] score = new int[MENTEES][MENTORS];
    for (int i = 0; i < MENTEES; i++) {
      for (int j = 0; j < MENTORS; j++) {
        score[i][j] = random.nextInt(20) == 0 ? Problem.FORBIDDEN
            : FitModel.fit(mentees.get(i), mentors.get(j), Weights.DEFAULT, now).score();
      }
    }
    return score;
  }

  private static Set<String> slots(SplittableRandom random) {
    Set<String> slots = new HashSet<>();
    int count = 3 + random.nextInt(6);
    while (slots.size() < count) {
      slots.add(DAYS[random.nextInt(DAYS.length)] + (random.nextBoolean() ? "-am" : "-pm"));
    }
    return slots;
  }

  private static List<String> languages(SplittableRandom random) {
    int pick = random.nextInt(4);
    return pick == 0 ? List.of("pl", "en") : List.of(LANGUAGES[pick % 2]);
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
