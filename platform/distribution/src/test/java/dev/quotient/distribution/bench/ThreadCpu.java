package dev.quotient.distribution.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Where the CPU of a stretch of a benchmark went: the CPU time of this JVM's threads between two
 * snapshots, grouped by thread name without its numbers ({@code vert.x-eventloop-thread-N}). Threads
 * that ended in between are missing: benchmark clients add their own time with {@link #add}.
 */
final class ThreadCpu {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Map<Long, Long> startById = new HashMap<>();
  private final Map<String, Long> ended = new TreeMap<>();

  private ThreadCpu() {}

  static ThreadCpu start() {
    ThreadCpu cpu = new ThreadCpu();
    cpu.startById.putAll(cpu.snapshot());
    return cpu;
  }

  /** CPU of a thread that ends before the report (a client), under {@code group}. */
  synchronized void add(String group, long nanos) {
    ended.merge(group, nanos, Long::sum);
  }

  /**
   * Microseconds of CPU per item since the start, by thread group, largest first; groups under 1% of
   * the total are left out. The total includes them.
   */
  synchronized String perItem(long items) {
    Map<String, Long> byGroup = new TreeMap<>(ended);
    snapshot().forEach((id, n) -> {
      long used = n - startById.getOrDefault(id, 0L);
      if (used > 0) {
        byGroup.merge(names.get(id), used, Long::sum);
      }
    });
    long total = byGroup.values().stream().mapToLong(Long::longValue).sum();
    String parts = byGroup.entrySet().stream().filter(e -> e.getValue() * 100 >= total)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .map(e -> String.format(Locale.ROOT, "%s %.0f", e.getKey(), e.getValue() / 1e3 / items))
        .collect(Collectors.joining(", "));
    return String.format(Locale.ROOT, "%.0f (%s)", total / 1e3 / items, parts);
  }

  private final Map<Long, String> names = new HashMap<>();

  /** CPU nanoseconds of every live thread, by id (their groups noted in {@code names}). */
  private Map<Long, Long> snapshot() {
    Map<Long, Long> out = new HashMap<>();
    for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (t == null) {
        continue;
      }
      long nanos = THREADS.getThreadCpuTime(t.getThreadId());
      if (nanos > 0) {
        out.put(t.getThreadId(), nanos);
        names.put(t.getThreadId(), t.getThreadName().replaceAll("\\d+", "N").replaceAll(" /.*", ""));
      }
    }
    return out;
  }
}
