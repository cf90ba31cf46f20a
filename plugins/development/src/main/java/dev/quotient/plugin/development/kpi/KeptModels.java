package dev.quotient.plugin.development.kpi;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Page models kept by a key that names everything they were built from, for at most a short time
 * (for what the key cannot name, such as a person's new name). Bounded: past {@link #MAX} models it
 * starts again rather than grow.
 */
final class KeptModels<T> {

  private static final int MAX = 2_000;

  private record Kept<T>(T model, long until) {}

  private final long ttlNanos;
  private final Map<String, Kept<T>> kept = new ConcurrentHashMap<>();

  KeptModels(Duration ttl) {
    this.ttlNanos = ttl.toNanos();
  }

  /** The model kept under this key, or null. */
  T get(String key) {
    Kept<T> k = kept.get(key);
    return k == null || k.until() - System.nanoTime() < 0 ? null : k.model();
  }

  /** Keeps the model, which must not change afterwards (readers share it). */
  void put(String key, T model) {
    if (kept.size() >= MAX) {
      kept.clear();
    }
    kept.put(key, new Kept<>(model, System.nanoTime() + ttlNanos));
  }

  /** A page model as kept: a copy no reader can change (models hold nulls, which Map.copyOf refuses). */
  static Map<String, Object> frozen(Map<String, Object> model) {
    return Collections.unmodifiableMap(new HashMap<>(model));
  }
}
