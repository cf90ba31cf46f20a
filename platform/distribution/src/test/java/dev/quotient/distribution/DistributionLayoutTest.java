package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.quotient.testkit.PlatformProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The assembled distribution holds every library its server jar names: one left out (jackson's
 * annotations) made Vert.x fall back to a JSON codec without data binding, and every event sent to
 * another cluster node failed to encode, which only two assembled nodes showed.
 */
class DistributionLayoutTest {

  @Test
  void everyLibraryTheServerJarNamesIsInLib() throws IOException {
    Path home = PlatformProcess.distributionHome();
    String classPath;
    try (JarFile jar = new JarFile(home.resolve("quotient-server.jar").toFile())) {
      classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
    }
    List<String> named = Arrays.stream(classPath.trim().split("\\s+")).toList();
    assertFalse(named.isEmpty());
    List<String> missing = named.stream().filter(entry -> !Files.isRegularFile(home.resolve(entry))).toList();
    assertEquals(List.of(), missing, "named by the server jar's Class-Path, absent from the distribution");
  }
}
