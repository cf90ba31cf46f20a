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
final class KeptModels {

  private static final int MAX = 2_000;

  private record Kept(Map<String, Object> model, long until) {}

  private final long ttlNanos;
  private final Map<String, Kept> kept = new ConcurrentHashMap<>();

  KeptModels(Duration ttl) {
    this.ttlNanos = ttl.toNanos();
  }

  /** The model kept under this key, or null. */
  Map<String, Object> get(String key) {
    Kept k = kept.get(key);
    return k == null || k.until() - System.nanoTime() < 0 ? null : k.model();
  }

  void put(String key, Map<String, Object> model) {
    if (kept.size() >= MAX) {
      kept.clear();
    }
    // Models hold nulls, which Map.copyOf refuses.
    kept.put(key, new Kept(Collections.unmodifiableMap(new HashMap<>(model)), System.nanoTime() + ttlNanos));
  }
}
