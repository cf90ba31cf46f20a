package dev.quotient.api;

import dev.quotient.api.activity.ActivityLog;
import dev.quotient.api.directory.Directory;
import dev.quotient.api.event.EventBusGateway;
import dev.quotient.api.materials.Materials;
import dev.quotient.api.points.PointsLedger;
import dev.quotient.api.projection.Projections;
import dev.quotient.api.web.Markdown;
import dev.quotient.api.web.PageRenderer;
import dev.quotient.api.web.PluginRoutes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import org.slf4j.Logger;

/**
 * Everything the platform offers one plugin. Handed to {@link QuotientPlugin#start}; the plugin
 * keeps it for its lifetime. Every method is cheap and thread-safe.
 */
public interface PluginContext {

  /** The plugin id: route prefix, template folder, configuration key and collection prefix. */
  String pluginId();

  Vertx vertx();

  /**
   * Runs {@code handler} every {@code millis} while the plugin runs; the timer is cancelled when the
   * plugin stops or fails. Use it rather than {@code vertx().setPeriodic}, whose timers outlive the
   * plugin. A handler that throws counts as one of the plugin's faults.
   */
  long setPeriodic(long millis, io.vertx.core.Handler<Long> handler);

  /** Runs {@code handler} once after {@code millis}, unless the plugin stopped or failed meanwhile. */
  long setTimer(long millis, io.vertx.core.Handler<Long> handler);

  /** Cancels a timer this context set; false when it had fired or was cancelled already. */
  boolean cancelTimer(long id);

  /**
   * Runs blocking work (reading files, parsing, long computations) on this plugin's own worker pool,
   * off the event loop; the future completes on the caller's context. Use it rather than
   * {@code vertx().executeBlocking}: when the plugin stops or fails its pool is closed, running work
   * is interrupted, queued work never starts, and their futures fail, so nothing of a stopped plugin
   * keeps running. The pool's size is the plugin's {@code workerPoolSize} setting (2 by default).
   */
  <T> io.vertx.core.Future<T> executeBlocking(java.util.concurrent.Callable<T> work);

  /** This plugin's configuration section (never null; empty when nothing is configured). */
  JsonObject config();

  /** Documents in MongoDB, in collections prefixed with the plugin id. */
  ContentStore content();

  /** Routes under {@code /<id>} (pages) and {@code /api/<id>} (JSON), each with its access rule. */
  PluginRoutes routes();

  /** Renders this plugin's Handlebars templates inside the platform layout. */
  PageRenderer pages();

  /** Typed publish/subscribe and request/reply over the event catalogue. */
  EventBusGateway events();

  /** Sanitised Markdown rendering for text users write. */
  Markdown markdown();

  /** The platform's clock: use it for every "now", so schedules can be tested and replayed. */
  Clock clock();

  Logger log();

  // --- directory (people and teams) ---

  /** The people and teams of an organisation, read-only. */
  Directory directory();

  // --- trainer-content store ---

  /** The library of trainer content (worksheets, recorded sessions), read on behalf of a viewer. */
  Materials materials();

  // --- points ---

  /** The points ledger, read-only (live credits come as {@code points.awarded}). */
  PointsLedger points();

  // --- activity ---

  /** The activity log, read-only (new activities come as {@code activity.recorded}). */
  ActivityLog activities();

  // --- projections ---

  /** State in memory derived from the activity log and the points ledger, kept up to date by the platform. */
  Projections projections();
}
