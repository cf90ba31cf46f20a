package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's {@code docker-compose.yml} is valid as Compose reads it. No containers are started:
 * only the file is checked. Skipped only where no Compose binary is installed.
 */
class DockerComposeTest {

  private static List<String> compose;

  @BeforeAll
  static void findCompose() {
    for (List<String> candidate : List.of(List.of("docker-compose"), List.of("docker", "compose"))) {
      List<String> version = new ArrayList<>(candidate);
      version.add("version");
      try {
        if (run(version, Path.of(".")).exitCode() == 0) {
          compose = candidate;
          return;
        }
      } catch (IOException e) {
        // not installed
      }
    }
    Assumptions.abort("no docker-compose (or docker compose) on the PATH");
  }

  @Test
  void composeFileIsValid() throws IOException {
    Path root = repositoryRoot();
    Path file = root.resolve("docker-compose.yml");
    assertTrue(Files.isRegularFile(file), file + " is missing");

    Result check = compose(root, file, "config", "-q");
    assertEquals(0, check.exitCode(), "docker-compose config rejected the file:\n" + check.output());

    Result services = compose(root, file, "config", "--services");
    assertEquals(0, services.exitCode(), services.output());
    List<String> names = services.output().lines().map(String::strip).filter(s -> !s.isEmpty()).sorted().toList();
    assertEquals(List.of("mongo", "quotient"), names);

    Result resolved = compose(root, file, "config");
    assertEquals(0, resolved.exitCode(), resolved.output());
    assertTrue(resolved.output().contains("mongodb://mongo:27017/?replicaSet=rs0"), resolved.output());
    assertTrue(resolved.output().contains("condition: service_healthy"), resolved.output());
    assertTrue(resolved.output().contains("platform/distribution/target/quotient:/opt/quotient:ro"),
        resolved.output());
  }

  /** The check has teeth: a broken copy of the file is refused. */
  @Test
  void aBrokenComposeFileIsRefused(@TempDir Path dir) throws IOException {
    String valid = Files.readString(repositoryRoot().resolve("docker-compose.yml"), StandardCharsets.UTF_8);
    Path broken = dir.resolve("docker-compose.yml");
    Files.writeString(broken, valid.replace("depends_on:", "depends_on: [mongo]\n    depends_on_again:"),
        StandardCharsets.UTF_8);
    Result check = compose(dir, broken, "config", "-q");
    assertNotEquals(0, check.exitCode(), "a broken file passed:\n" + check.output());
  }

  /** The repository root, from the {@code quotient.root} system property Maven sets. */
  static Path repositoryRoot() {
    String root = System.getProperty("quotient.root");
    if (root == null) {
      throw new IllegalStateException("system property quotient.root is not set (run through Maven)");
    }
    return Path.of(root).toAbsolutePath().normalize();
  }

  private static Result compose(Path dir, Path file, String... args) throws IOException {
    List<String> command = new ArrayList<>(compose);
    command.add("-f");
    command.add(file.toString());
    command.addAll(List.of(args));
    return run(command, dir);
  }

  record Result(int exitCode, String output) {}

  private static Result run(List<String> command, Path dir) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    // The file's own defaults, not whatever the machine running the tests exports.
    pb.environment().remove("QUOTIENT_DEMO_PASSWORD");
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(command + " did not finish");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return new Result(p.exitValue(), output);
  }
}
