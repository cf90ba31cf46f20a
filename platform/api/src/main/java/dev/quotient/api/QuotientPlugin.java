package dev.quotient.api;

import io.vertx.core.Future;
import org.pf4j.ExtensionPoint;

/**
 * The extension point every plugin implements exactly once.
 *
 * <p>{@link #start} runs on a Vert.x context of the platform; a failed future or an exception marks
 * the plugin failed (its routes then answer 503) without affecting other plugins.
 */
public interface QuotientPlugin extends ExtensionPoint {

  /** Registers routes, pages and event consumers. Must not block. */
  Future<Void> start(PluginContext context);

  /** Releases what {@link #start} acquired beyond what the context tracks. */
  default Future<Void> stop() {
    return Future.succeededFuture();
  }
}
