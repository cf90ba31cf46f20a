package dev.quotient.distribution.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code wrk -t2 -c64 --latency} run and what the benchmarks quote from it. Any non-2xx/3xx answer
 * or socket error fails the run: a fast error page is not a result.
 */
record Wrk(double requestsPerSecond, double p99Millis, String output) {

  /**
   * The run before each measured one, not counted: the JIT is still compiling a page's path after three
   * seconds of load (its compiler threads took a sixth of the CPU in a profile of the measured run).
   */
  static final String WARM_UP = "10s";

  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern P99 = Pattern.compile("\\s99%\\s+([0-9.]+)(us|ms|s)\\b");
  private static final Pattern ERRORS = Pattern.compile("Non-2xx or 3xx responses: (\\d+)|Socket errors: .*");

  /** True when wrk is on the PATH (Debian: {@code apt-get install wrk}). */
  static boolean installed() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "wrk"))) {
        return true;
      }
    }
    return false;
  }

  /** Runs wrk against {@code uri}; {@code options} come before the URL (for example {@code -H} or {@code -s}). */
  static Wrk run(URI uri, String duration, String... options) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c64", "-d" + duration, "--latency"));
    command.addAll(List.of(options));
    command.add(uri.toString());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("wrk did not finish");
    }
    assertEquals(0, p.exitValue(), out);
    assertTrue(!ERRORS.matcher(out).find(), "wrk saw failed requests on " + uri + ":\n" + out);
    Matcher rate = RATE.matcher(out);
    Matcher p99 = P99.matcher(out);
    assertTrue(rate.find() && p99.find(), "unexpected wrk output:\n" + out);
    double latency = Double.parseDouble(p99.group(1));
    double millis = switch (p99.group(2)) {
      case "us" -> latency / 1000;
      case "s" -> latency * 1000;
      default -> latency;
    };
    return new Wrk(Double.parseDouble(rate.group(1)), millis, out);
  }

  /**
   * A page and its anchor measured in turns ({@code rounds} runs each, page first), each after a warm-up
   * of both: the medians of each. On a shared machine a neighbour's burst lands on one run, not on every
   * run of one side.
   */
  static Wrk[] alternating(URI page, URI anchor, int rounds, String duration, String... options)
      throws IOException, InterruptedException {
    run(page, WARM_UP, options);
    run(anchor, WARM_UP, options);
    List<Wrk> pages = new ArrayList<>();
    List<Wrk> anchors = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      pages.add(run(page, duration, options));
      anchors.add(run(anchor, duration, options));
    }
    return new Wrk[] {median(pages), median(anchors)};
  }

  /** The run of median rate, with the median p99 of the runs. */
  static Wrk median(List<Wrk> runs) {
    List<Wrk> byRate = new ArrayList<>(runs);
    byRate.sort(java.util.Comparator.comparingDouble(Wrk::requestsPerSecond));
    double[] p99s = runs.stream().mapToDouble(Wrk::p99Millis).sorted().toArray();
    Wrk mid = byRate.get(byRate.size() / 2);
    return new Wrk(mid.requestsPerSecond(), p99s[p99s.length / 2], mid.output());
  }
}
