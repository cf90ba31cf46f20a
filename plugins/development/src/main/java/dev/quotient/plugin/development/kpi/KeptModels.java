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

  /**
   * The model kept under this key (past its time too, while it is built again), else the one being built
   * under it, else one {@code build} makes (and which is then kept): when a kept model expired under load, every waiting request built it again at
   * once (64 builds of a 500-person team's figures), and the slowest hundredth of pages waited for them.
   */
  io.vertx.core.Future<T> get(String key, java.util.function.Supplier<io.vertx.core.Future<T>> build) {
    Kept<T> k = kept.get(key);
    if (k != null) {
      if (k.until() - System.nanoTime() < 0) {
        // Expired under the same key: only what the key cannot name may have changed. The views go on
        // with the kept model while one build replaces it; waiting for it put a build (a quarter of a
        // second for a 500-person team) in the slowest hundredth of views every ten seconds.
        build(key, build);
      }
      return io.vertx.core.Future.succeededFuture(k.model());
    }
    return build(key, build);
  }

  /** The build under way for this key, else one started now (and kept once it succeeds). */
  private io.vertx.core.Future<T> build(String key, java.util.function.Supplier<io.vertx.core.Future<T>> build) {
    io.vertx.core.Promise<T> promise = io.vertx.core.Promise.promise();
    io.vertx.core.Future<T> other = building.putIfAbsent(key, promise.future());
    if (other != null) {
      return other;
    }
    io.vertx.core.Future<T> built;
    try {
      built = build.get();
    } catch (RuntimeException e) {
      built = io.vertx.core.Future.failedFuture(e);
    }
    built.onComplete(r -> {
      if (r.succeeded()) {
        put(key, r.result());
      }
      building.remove(key, promise.future());
      promise.handle(r);
    });
    return promise.future();
  }

  /** Models being built, by key. */
  private final Map<String, io.vertx.core.Future<T>> building = new ConcurrentHashMap<>();

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
