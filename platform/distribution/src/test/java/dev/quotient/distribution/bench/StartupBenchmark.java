package dev.quotient.distribution.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.PlatformProcess;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cold start of the assembled platform as its own JVM, from launch to {@code /health} 200 with every
 * plugin started, on an empty data directory (schema and demo organisation created). The anchor is
 * the same JVM, heap and class path running a main that returns at once, measured in the same run:
 * the ratio is what the platform adds to bare JVM start-up. Runs alternate anchor and platform so
 * drift in the machine's load hits both alike.
 */
@Tag("bench")
class StartupBenchmark {

  private static final int RUNS = 7;

  @Test
  void coldStartToHealthy(@TempDir Path work) throws Exception {
    Path home = PlatformProcess.distributionHome();
    long pluginJars;
    try (Stream<Path> jars = Files.list(home.resolve("plugins"))) {
      pluginJars = jars.filter(p -> p.toString().endsWith(".jar")).count();
    }
    assertTrue(pluginJars > 0, "no plugins in " + home);

    // One of each, not counted: the files are in the OS cache for every counted run.
    anchorMillis(home);
    startMillis(home, work.resolve("warm-up"));

    List<Long> anchor = new ArrayList<>();
    List<Long> platform = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      anchor.add(anchorMillis(home));
      platform.add(startMillis(home, work.resolve("run-" + i)));
    }

    long platformMedian = BenchResults.median(platform);
    long anchorMedian = BenchResults.median(anchor);
    BenchResults results = new BenchResults("StartupBenchmark");
    results.line("cold start to /health 200 (%d plugins, empty data dir, %s), %d runs: median %d ms, min %d, max %d",
        pluginJars, PlatformProcess.MAX_HEAP, RUNS, platformMedian, BenchResults.min(platform),
        BenchResults.max(platform));
    results.line("anchor: same JVM and class path, trivial main, %d runs: median %d ms, min %d, max %d",
        RUNS, anchorMedian, BenchResults.min(anchor), BenchResults.max(anchor));
    results.line("ratio platform/anchor (medians): %.1f", (double) platformMedian / anchorMedian);
    results.line("runs platform ms %s; anchor ms %s", platform, anchor);
    results.write();
  }

  private static long startMillis(Path home, Path dataDir) {
    PlatformProcess p = PlatformProcess.start(home, dataDir, Map.of());
    try {
      return p.startupTime().toMillis();
    } finally {
      p.stop();
    }
  }

  private static long anchorMillis(Path home) throws IOException, InterruptedException {
    String classPath = String.join(File.pathSeparator,
        home.resolve("quotient-server.jar").toString(),
        home.resolve("lib").resolve("*").toString(),
        Path.of(AnchorMain.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString());
    ProcessBuilder pb = new ProcessBuilder(PlatformProcess.javaBinary().toString(), PlatformProcess.MAX_HEAP,
        "-cp", classPath, AnchorMain.class.getName())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    long began = System.nanoTime();
    Process process = pb.start();
    int exit = process.waitFor();
    long millis = (System.nanoTime() - began) / 1_000_000;
    assertEquals(0, exit, "the anchor JVM failed");
    return millis;
  }
}
