package dev.quotient.plugin.development.plan;

import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Plan-page models kept for a while ({@code QUOTIENT_PLUGIN_DEVELOPMENT_PAGE_MODEL_SECONDS}; 0, the
 * default, builds every page from live data). Kept per viewer and per state of the plan (its revision,
 * version and status), so an edit, a send or an acceptance is seen at once; KPI actuals and completed
 * modules may be that many seconds old. Access is still checked on every request: only the model's
 * assembly (KPIs, names, modules) is skipped.
 */
final class PageModels {

  /** More viewers and plans than this: start again rather than grow without bound. */
  private static final int MAX = 10_000;

  private record Kept(Map<String, Object> model, long until) {}

  private final long ttlNanos;
  private final LongSupplier nanoTime;
  private final Map<String, Kept> kept = new ConcurrentHashMap<>();

  PageModels(long seconds, LongSupplier nanoTime) {
    this.ttlNanos = Math.max(0, seconds) * 1_000_000_000L;
    this.nanoTime = nanoTime;
  }

  boolean enabled() {
    return ttlNanos > 0;
  }

  /** The model kept for this viewer and state of the plan, or null. */
  Map<String, Object> get(String viewerId, JsonObject plan) {
    if (!enabled()) {
      return null;
    }
    Kept k = kept.get(key(viewerId, plan));
    return k == null || k.until() - nanoTime.getAsLong() < 0 ? null : k.model();
  }

  void put(String viewerId, JsonObject plan, Map<String, Object> model) {
    if (!enabled()) {
      return;
    }
    if (kept.size() >= MAX) {
      kept.clear();
    }
    // A copy the caller cannot change (models hold nulls, which Map.copyOf refuses).
    kept.put(key(viewerId, plan), new Kept(Collections.unmodifiableMap(new HashMap<>(model)),
        nanoTime.getAsLong() + ttlNanos));
  }

  private static String key(String viewerId, JsonObject plan) {
    return viewerId + "|" + plan.getString("_id") + "|" + plan.getValue("revision") + "|" + plan.getValue("version")
        + "|" + plan.getString("status");
  }
}
