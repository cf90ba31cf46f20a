package dev.quotient.api;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Store reads kept in memory for a short time, so a page viewed again and again reads memory: one read
 * in flight per key (a burst of views shares it), a failed read not kept, and a write on this node
 * forgets its key at once. Another node's write is seen once the time is up, so the time bounds how
 * stale a view can be in a cluster. Bounded: past {@link #MAX} keys it starts again rather than grow.
 * Readers share what is kept and must not change it.
 */
public final class RecentReads<T> {

  static final int MAX = 10_000;

  private record Kept<T>(long at, Future<T> value) {}

  private final long keepNanos;
  private final Map<String, Kept<T>> kept = new ConcurrentHashMap<>();

  public RecentReads(Duration keep) {
    this.keepNanos = keep.toNanos();
  }

  /** What is kept under {@code key} if it is recent enough, else what {@code read} gives (then kept). */
  public Future<T> get(String key, Supplier<Future<T>> read) {
    long now = System.nanoTime();
    Kept<T> k = kept.get(key);
    if (k != null && now - k.at() < keepNanos && !k.value().failed()) {
      return k.value().isComplete() ? Future.succeededFuture(k.value().result()) : k.value();
    }
    if (kept.size() >= MAX) {
      kept.clear();
    }
    Future<T> value = read.get();
    kept.put(key, new Kept<>(now, value));
    return value;
  }

  /** Forgets everything kept: a write that many keys' reads include. */
  public void forgetAll() {
    kept.clear();
  }

  /** Forgets {@code key}: the next read goes to the store. */
  public void forget(String key) {
    kept.remove(key);
  }
}
