package dev.quotient.distribution.bench;

import dev.quotient.testkit.PlatformProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Figures of one benchmark run: printed, and appended to {@code target/bench-results.txt}. */
final class BenchResults {

  private final String benchmark;
  private final List<String> lines = new ArrayList<>();

  BenchResults(String benchmark) {
    this.benchmark = benchmark;
  }

  void line(String format, Object... args) {
    lines.add(String.format(Locale.ROOT, format, args));
  }

  /** Prints the figures and appends them, with the time and machine size, to the results file. */
  void write() {
    StringBuilder text = new StringBuilder();
    text.append("== ").append(benchmark).append(' ').append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
        .append(" (").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
        .append(System.getProperty("java.version")).append(")\n");
    lines.forEach(l -> text.append("  ").append(l).append('\n'));
    System.out.print(text);
    Path file = file();
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code target/bench-results.txt}: beside the assembled distribution. */
  static Path file() {
    return PlatformProcess.distributionHome().toAbsolutePath().getParent().resolve("bench-results.txt");
  }

  static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static long min(List<Long> values) {
    return Collections.min(values);
  }

  static long max(List<Long> values) {
    return Collections.max(values);
  }
}
