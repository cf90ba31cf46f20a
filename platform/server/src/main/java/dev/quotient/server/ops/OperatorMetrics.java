package dev.quotient.server.ops;

import dev.quotient.api.projection.ProjectionView;
import dev.quotient.server.activity.ActivityService;
import dev.quotient.server.mongo.EmbeddedMongo;
import dev.quotient.server.plugin.PluginHost;
import dev.quotient.server.plugin.PluginState;
import dev.quotient.server.plugin.PluginStatus;
import dev.quotient.server.projection.ProjectionHost;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * What an operator watches beside Vert.x's own HTTP and event-bus figures: the JVM (heap, collections,
 * threads), the embedded store (commits, their time, failed commands, file size), each plugin's state,
 * activities stored, and how far each projection is behind the logs. Served on the metrics port only
 * ({@code QUOTIENT_METRICS_PORT}). Per-plugin and per-projection rows are refreshed every few seconds:
 * plugins and projections come and go while the node runs.
 */
public final class OperatorMetrics {

  private static final long REFRESH_MILLIS = 5_000;

  private OperatorMetrics() {}

  /**
   * Filters for the registry, to configure before any meter is registered: two of the processor
   * binder's meters fail Prometheus' naming rules ({@code promtool check metrics}).
   */
  public static void configure(MeterRegistry registry) {
    registry.config().meterFilter(MeterFilter.denyNameStartsWith("system.cpu.count"))
        .meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"));
  }

  public static void bind(MeterRegistry registry, Vertx vertx, EmbeddedMongo store, PluginHost plugins,
      ProjectionHost projections, ActivityService activities) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    if (store != null) {
      store.bindTo(registry);
    }
    FunctionCounter.builder("quotient.activities.recorded", activities, ActivityService::recorded)
        .description("activities stored by this node (API, imports and plugins)").register(registry);
    MultiGauge pluginUp = MultiGauge.builder("quotient.plugin.up")
        .description("1 when the plugin is started and its breaker closed, else 0 (failed, skipped, resting)")
        .register(registry);
    MultiGauge behind = MultiGauge.builder("quotient.projection.behind")
        .description("positions of the log this node knows of that the projection has not folded yet")
        .register(registry);
    Runnable refresh = () -> {
      List<MultiGauge.Row<?>> up = new ArrayList<>();
      for (PluginStatus s : plugins.statuses()) {
        up.add(MultiGauge.Row.of(Tags.of("plugin", s.id()), () -> serving(plugins, s.id())));
      }
      pluginUp.register(up, true);
      List<MultiGauge.Row<?>> rows = new ArrayList<>();
      for (ProjectionView.Status s : projections.statuses()) {
        rows.add(MultiGauge.Row.of(Tags.of("projection", s.name(), "log", "activities"),
            () -> behind(projections, s.name(), true)));
        rows.add(MultiGauge.Row.of(Tags.of("projection", s.name(), "log", "points"),
            () -> behind(projections, s.name(), false)));
      }
      behind.register(rows, true);
      if (store != null) {
        for (String collection : store.scans().keySet()) {
          FunctionCounter.builder("quotient.store.scans", store, s -> s.scans().getOrDefault(collection, 0L))
              .tag("collection", collection)
              .description("queries the embedded store answered by reading the whole collection").register(registry);
        }
      }
    };
    refresh.run();
    vertx.setPeriodic(REFRESH_MILLIS, t -> refresh.run());
  }

  /** 1 when the plugin is started and its breaker closed, read at each scrape. */
  private static int serving(PluginHost plugins, String id) {
    long now = System.currentTimeMillis();
    return plugins.statuses().stream().anyMatch(s -> s.id().equals(id) && s.state() == PluginState.STARTED
        && s.breakerOpenUntil() <= now) ? 1 : 0;
  }

  /** How far the projection is behind the log this node knows, read at each scrape. */
  private static long behind(ProjectionHost projections, String name, boolean activities) {
    long[] heads = projections.knownHeads();
    return projections.statuses().stream().filter(s -> s.name().equals(name)).findFirst()
        .map(s -> Math.max(0, activities ? heads[0] - s.activityPosition() : heads[1] - s.pointsPosition()))
        .orElse(0L);
  }
}
