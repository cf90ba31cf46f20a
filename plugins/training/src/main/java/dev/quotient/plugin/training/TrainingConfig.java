package dev.quotient.plugin.training;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The plugin's configuration, parsed once at start; defaults live here.
 *
 * @param reinforcementDays days after completion when a reinforcement quiz falls due
 *     ({@code QUOTIENT_PLUGIN_TRAINING_REINFORCEMENT_DAYS}, default {@code 2,7,30})
 * @param grace how long after its due time a reinforcement quiz counts as merely due; later it is
 *     missed ({@code QUOTIENT_PLUGIN_TRAINING_REINFORCEMENT_GRACE_DAYS}, default 3)
 * @param curriculumDir a folder to import instead of the curriculum packaged in the jar, or null
 *     ({@code QUOTIENT_PLUGIN_TRAINING_CURRICULUM_DIR})
 */
record TrainingConfig(List<Integer> reinforcementDays, Duration grace, Path curriculumDir) {

  static final String DEFAULT_DAYS = "2,7,30";
  static final int DEFAULT_GRACE_DAYS = 3;

  TrainingConfig {
    reinforcementDays = List.copyOf(reinforcementDays);
  }

  static TrainingConfig from(JsonObject config) {
    List<Integer> days = new ArrayList<>();
    for (String part : config.getString("reinforcementDays", DEFAULT_DAYS).split(",")) {
      if (!part.isBlank()) {
        int d = Integer.parseInt(part.trim());
        if (d < 0 || d > 3650) {
          throw new IllegalArgumentException("reinforcementDays are 0 to 3650: " + d);
        }
        days.add(d);
      }
    }
    int grace = Integer.parseInt(config.getString("reinforcementGraceDays", String.valueOf(DEFAULT_GRACE_DAYS)).trim());
    if (grace < 0) {
      throw new IllegalArgumentException("reinforcementGraceDays is not negative: " + grace);
    }
    String dir = config.getString("curriculumDir");
    return new TrainingConfig(days.stream().distinct().sorted().toList(), Duration.ofDays(grace),
        dir == null || dir.isBlank() ? null : Path.of(dir));
  }
}
