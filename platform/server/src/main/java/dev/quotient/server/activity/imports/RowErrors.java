package dev.quotient.server.activity.imports;

import java.util.ArrayList;
import java.util.List;

/**
 * The errors of a pass, kept up to a limit: the first {@code max} in the order they are added (row
 * order, as passes add them), and a count of all. Holding a file's every error would grow with the file.
 * Not thread-safe.
 */
final class RowErrors {

  private final int max;
  private final List<RowError> kept = new ArrayList<>();
  private long count;

  RowErrors(int max) {
    this.max = max;
  }

  void add(RowError error) {
    count++;
    if (kept.size() < max) {
      kept.add(error);
    }
  }

  void addAll(List<RowError> errors) {
    errors.forEach(this::add);
  }

  /** The first errors, at most the limit. */
  List<RowError> kept() {
    return List.copyOf(kept);
  }

  /** How many errors were added, kept or not. */
  long count() {
    return count;
  }
}
