package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The plugins that ship with the product set timers and run blocking work through their context, so
 * everything of theirs stops when they stop or fail; Vert.x's own timers and pools would outlive them.
 */
class PluginsWorkThroughTheirContextTest {

  private static final Pattern AROUND_THE_CONTEXT =
      Pattern.compile("vertx\\(\\)\\s*\\.\\s*(setPeriodic|setTimer|executeBlocking|createSharedWorkerExecutor|eventBus)\\b");

  @Test
  void noShippedPluginSetsTimersOrRunsBlockingWorkAroundItsContext() throws IOException {
    Path plugins = Path.of("..", "..", "plugins").toAbsolutePath().normalize();
    List<Path> sources;
    try (Stream<Path> walk = Files.walk(plugins)) {
      sources = walk.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/")).toList();
    }
    assertTrue(sources.size() > 20, "found the plugins' sources in " + plugins);
    List<String> offenders = sources.stream()
        .flatMap(p -> {
          try {
            List<String> lines = Files.readAllLines(p);
            return java.util.stream.IntStream.range(0, lines.size())
                .filter(i -> AROUND_THE_CONTEXT.matcher(lines.get(i)).find())
                .mapToObj(i -> plugins.relativize(p) + ":" + (i + 1) + ": " + lines.get(i).trim());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        })
        .toList();
    assertEquals(List.of(), offenders);
  }
}
