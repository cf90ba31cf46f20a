package dev.quotient.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The assembled platform ({@code quotient-server.jar} with its {@code lib/} and {@code plugins/})
 * running as a separate JVM, the way an operator runs it: for tests that kill it, restart it or time
 * it. Output goes to a log file; {@link #start} returns once {@code /health} answers 200.
 */
public final class PlatformProcess extends PlatformClient implements AutoCloseable {

  /** Heap of the platform JVM. */
  public static final String MAX_HEAP = "-Xmx256m";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Path home;
  private final Path dataDir;
  private final int port;
  private final Map<String, String> env;
  private final Path log;
  private final List<String> jvmOptions;
  private Process process;
  private Duration lastStart;

  private PlatformProcess(Path home, Path dataDir, int port, Map<String, String> env, Path log,
      List<String> jvmOptions) {
    super(HttpClient.Version.HTTP_1_1);
    this.jvmOptions = List.copyOf(jvmOptions);
    this.home = home;
    this.dataDir = dataDir;
    this.port = port;
    this.env = Map.copyOf(env);
    this.log = log;
  }

  /** The assembled distribution ({@code quotient.home} system property). */
  public static Path distributionHome() {
    String home = System.getProperty("quotient.home");
    if (home == null) {
      throw new IllegalStateException("system property quotient.home is not set (run through Maven)");
    }
    return Path.of(home);
  }

  /** Starts the distribution on a free port with the demo organisation, storing in {@code dataDir}. */
  public static PlatformProcess start(Path dataDir) {
    return start(distributionHome(), dataDir, Map.of());
  }

  /** Starts {@code home}'s server jar with the demo environment plus {@code extraEnv}. */
  public static PlatformProcess start(Path home, Path dataDir, Map<String, String> extraEnv) {
    return start(home, dataDir, extraEnv, List.of(MAX_HEAP));
  }

  /**
   * Starts {@code home}'s server jar with the demo environment plus {@code extraEnv}, and these JVM
   * options instead of the default {@link #MAX_HEAP} (for example a small {@code -Xmx} to show that
   * memory stays flat).
   */
  public static PlatformProcess start(Path home, Path dataDir, Map<String, String> extraEnv, List<String> jvmOptions) {
    Path jar = home.resolve("quotient-server.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build the distribution first");
    }
    int port = freePort();
    Map<String, String> env = new HashMap<>();
    env.put("QUOTIENT_HTTP_PORT", String.valueOf(port));
    // several platforms may run at once: the metrics port too is any free one (named in the log)
    env.put("QUOTIENT_METRICS_PORT", "0");
    env.put("QUOTIENT_DATA_DIR", dataDir.toAbsolutePath().toString());
    env.put("QUOTIENT_DEMO", "true");
    env.put("QUOTIENT_DEMO_PASSWORD", TestPlatform.DEMO_PASSWORD);
    env.putAll(extraEnv);
    PlatformProcess p = new PlatformProcess(home, dataDir, port, env, dataDir.resolve("platform-process.log"),
        jvmOptions);
    p.launch();
    return p;
  }

  /** Starts the JVM again on the same port and data directory; the previous one must have ended. */
  public void restart() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("the platform process is still running");
    }
    launch();
  }

  private void launch() {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> command = new java.util.ArrayList<>();
    command.add(javaBinary().toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(home.resolve("quotient-server.jar").toString());
    ProcessBuilder pb = new ProcessBuilder(command)
        .directory(home.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    // Only this process's own settings: nothing leaks in from the environment running the tests.
    pb.environment().keySet().removeIf(k -> k.startsWith("QUOTIENT_") || k.equals("MONGO_URI"));
    pb.environment().putAll(env);
    long began = System.nanoTime();
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + pb.command(), e);
    }
    awaitHealthy(began);
    lastStart = Duration.ofNanos(System.nanoTime() - began);
  }

  private void awaitHealthy(long began) {
    long deadline = began + START_TIMEOUT.toNanos();
    HttpRequest health = HttpRequest.newBuilder(uri("/health")).timeout(Duration.ofSeconds(2)).GET().build();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the platform exited with " + process.exitValue() + " before it was healthy:\n"
            + logTail());
      }
      try {
        if (client().send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(10);
    }
    Path dump = threadDump();
    kill();
    throw new IllegalStateException("the platform was not healthy within " + START_TIMEOUT + " (threads: " + dump
        + "):\n" + logTail());
  }

  /** Time from launching the JVM to the first {@code /health} 200, for the latest (re)start. */
  public Duration startupTime() {
    return lastStart;
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed. Returns once the process is gone. */
  public void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    waitForExit();
  }

  /** SIGTERM: the clean shutdown path. Returns once the process is gone. */
  public void stop() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
    }
  }

  private void waitForExit() {
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  @Override
  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Standard output and error of every run of this process, appended. */
  public Path log() {
    return log;
  }

  /** The last lines of the log, for failure messages. */
  /** The token of the setup link the node printed (first run without an organisation), waiting up to 30 s. */
  public String setupToken() {
    java.util.regex.Pattern link = java.util.regex.Pattern.compile("/setup/([A-Za-z0-9_-]{43})");
    long until = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
    try {
      while (System.nanoTime() < until) {
        java.util.regex.Matcher m = link.matcher(java.nio.file.Files.readString(log()));
        if (m.find()) {
          return m.group(1);
        }
        Thread.sleep(100);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new AssertionError("no setup link in the log: " + logTail());
  }

  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /**
   * Writes the process's threads next to its log (through {@code jcmd}) and returns the file, so a start
   * that hangs can be diagnosed after the process is gone.
   */
  public Path threadDump() {
    // in the build's target folder when there is one: a test's temporary folder is gone after it fails
    Path dir = Files.isDirectory(Path.of("target")) ? Path.of("target") : log.getParent();
    Path dump = dir.resolve("platform-threads-" + System.currentTimeMillis() + ".txt").toAbsolutePath();
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process p = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print", "-l")
          .redirectErrorStream(true).redirectOutput(dump.toFile()).start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return dump;
  }

  @Override
  public void close() {
    stop();
  }

  /** The java launcher of the JVM running the tests. */
  public static Path javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /**
   * A TCP port nobody listens on right now, below the kernel's ephemeral range: a port picked from
   * that range and released could be taken by the platform's own embedded store (which binds port 0)
   * before the platform binds HTTP to it.
   */
  public static synchronized int freePort() {
    int below = ephemeralRangeStart();
    for (int tries = 0; tries < 200; tries++) {
      int candidate = 20_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(Math.max(1, below - 20_000));
      if (HANDED_OUT.contains(candidate)) {
        continue;
      }
      try (ServerSocket s = new ServerSocket(candidate)) {
        s.setReuseAddress(true);
        HANDED_OUT.add(candidate);
        return candidate;
      } catch (IOException taken) {
        // someone listens there: try another
      }
    }
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final java.util.Set<Integer> HANDED_OUT = new java.util.HashSet<>();

  /** The first port the kernel hands out for port 0 (Linux), or 32768 where that cannot be read. */
  private static int ephemeralRangeStart() {
    try {
      String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
      int low = Integer.parseInt(range.split("\\s+")[0]);
      return low > 21_000 ? low : 32_768;
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
