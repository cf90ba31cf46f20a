package dev.quotient.server.plugin;

import com.github.jknack.handlebars.Handlebars;
import dev.quotient.api.Access;
import dev.quotient.api.ClientError;
import dev.quotient.api.ContentStore;
import dev.quotient.api.PluginContext;
import dev.quotient.api.directory.Directory;
import dev.quotient.api.event.EventBusGateway;
import dev.quotient.api.materials.Materials;
import dev.quotient.api.activity.ActivityLog;
import dev.quotient.api.points.PointsLedger;
import dev.quotient.api.web.Markdown;
import dev.quotient.api.web.PageRenderer;
import dev.quotient.api.web.PluginRoutes;
import dev.quotient.server.i18n.Messages;
import dev.quotient.server.web.PageEngine;
import dev.quotient.server.web.RouteRegistry;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded plugin: its status and the context it was handed. Everything the plugin registers
 * goes through here. A plugin that fails to start is FAILED and its routes answer 503; once running,
 * a handler or event consumer that throws costs that request (a 500 with a request id) or that event,
 * not the plugin: only {@link #BREAKER_FAULTS} faults within a minute open its breaker, and its routes
 * rest (503 with Retry-After) for {@link #BREAKER_OPEN_MILLIS} before it is tried again.
 */
final class HostedPlugin implements PluginContext {

  private static final Logger HOST_LOG = LoggerFactory.getLogger(HostedPlugin.class);

  /** Faults within {@link #BREAKER_WINDOW_MILLIS} that open the breaker. */
  static final int BREAKER_FAULTS = 10;
  static final long BREAKER_WINDOW_MILLIS = 60_000;
  static final long BREAKER_OPEN_MILLIS = 10_000;
  static final int DEFAULT_WORKER_POOL_SIZE = 2;

  private final AtomicReference<PluginStatus> status;
  /** Timers the plugin set through its context and that may still fire. */
  private final java.util.Set<Long> timers = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** The plugin's worker pool, made on its first blocking work; closed when it stops or fails. */
  private WorkerExecutor workers;
  private boolean workersClosed;
  /** Blocking work not yet finished, failed at once when the pool closes (a closed pool drops its queue). */
  private final java.util.Set<PendingWork<?>> pendingWork = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final java.util.ArrayDeque<Long> faults = new java.util.ArrayDeque<>();
  private final PluginServices services;
  private final Vertx vertx;
  private final JsonObject config;
  private final MongoContentStore content;
  private final PluginEvents events;
  private final Messages messages;
  private final Handlebars templates;
  /** The folder of the plugin's templates in its jar, or null when it has none. */
  private final java.net.URL templateFolder;
  private final PageEngine pageEngine;
  private final RouteRegistry registry;
  private final Logger log;
  private volatile Access homeAccess;
  private final dev.quotient.api.projection.Projections projections;

  HostedPlugin(PluginStatus initial, ClassLoader loader, Map<String, String> config, PluginServices services) {
    this.status = new AtomicReference<>(initial);
    this.services = services;
    this.vertx = services.vertx();
    this.config = new JsonObject(new java.util.HashMap<>(config));
    this.content = new MongoContentStore(services.database(), initial.id());
    this.events = new PluginEvents(vertx, this::fault);
    this.messages = Messages.load(loader, "i18n/" + initial.id() + "/messages", services.platformMessages());
    this.templates = PageEngine.handlebars(new PluginTemplateLoader(loader, initial.id()));
    this.templateFolder = loader.getResource("templates/" + initial.id() + "/");
    this.pageEngine = services.pages();
    this.registry = services.registry();
    this.log = LoggerFactory.getLogger("plugin." + initial.id());
    this.projections = services.projections().forPlugin(initial.id(), log);
  }

  /** Compiles and rehearses the plugin's page templates (see {@link PageEngine#warm}); blocking. */
  int warmTemplates() {
    if (templateFolder == null) {
      return 0;
    }
    return pageEngine.warm(templates, messages,
        PageEngine.templateNames(templateFolder, "templates/" + status.get().id() + "/"));
  }

  PluginStatus status() {
    return status.get();
  }

  boolean started() {
    return status.get().state() == PluginState.STARTED;
  }

  void moveTo(PluginState state) {
    status.updateAndGet(s -> s.in(state));
  }

  /**
   * One request or event the running plugin failed (it threw, or answered 5xx): counted, and when
   * {@link #BREAKER_FAULTS} fall within a minute the breaker opens for {@link #BREAKER_OPEN_MILLIS}.
   */
  void fault(Throwable cause) {
    long now = System.currentTimeMillis();
    boolean open;
    synchronized (faults) {
      faults.addLast(now);
      while (!faults.isEmpty() && faults.peekFirst() < now - BREAKER_WINDOW_MILLIS) {
        faults.pollFirst();
      }
      open = faults.size() >= BREAKER_FAULTS;
      if (open) {
        faults.clear();
      }
    }
    // Each fault is logged where it happened (a request's 500 with its id, a consumer's failure); here
    // only the breaker opening.
    if (open) {
      status.updateAndGet(s -> s.resting(now + BREAKER_OPEN_MILLIS, PluginStatus.reason(cause)));
      HOST_LOG.error("plugin {}: {} faults within a minute, the last {}; its routes rest for {} s", pluginId(),
          BREAKER_FAULTS, PluginStatus.reason(cause), BREAKER_OPEN_MILLIS / 1000);
    }
  }

  /** Millis its routes still rest after too many faults; 0 when it serves. */
  long resting() {
    return Math.max(0, status.get().breakerOpenUntil() - System.currentTimeMillis());
  }

  /** Marks the plugin failed (once) and drops its event consumers. */
  void crashed(Throwable cause) {
    PluginStatus before = status.getAndUpdate(s -> s.state() == PluginState.FAILED ? s : s.failed(cause));
    if (before.state() != PluginState.FAILED) {
      HOST_LOG.error("plugin {} failed and is isolated", before.id(), cause);
      cancelTimers();
      closeWorkers();
      events.close();
    }
  }

  PluginEvents eventsInternal() {
    return events;
  }

  Messages messages() {
    return messages;
  }

  /** Access rule of the plugin's home page ({@code GET /<id>}), or null if it has none. */
  Access homeAccess() {
    return homeAccess;
  }

  @Override
  public String pluginId() {
    return status.get().id();
  }

  @Override
  public Vertx vertx() {
    return vertx;
  }

  @Override
  public long setPeriodic(long millis, Handler<Long> handler) {
    long[] id = new long[1];
    id[0] = vertx.setPeriodic(millis, t -> {
      if (ended()) {
        cancelTimer(id[0]);
      } else if (started()) {
        run(handler, t);
      }
    });
    timers.add(id[0]);
    return id[0];
  }

  @Override
  public long setTimer(long millis, Handler<Long> handler) {
    long id = vertx.setTimer(millis, t -> {
      timers.remove(t);
      if (started()) {
        run(handler, t);
      }
    });
    timers.add(id);
    return id;
  }

  @Override
  public boolean cancelTimer(long id) {
    timers.remove(id);
    return vertx.cancelTimer(id);
  }

  private void run(Handler<Long> handler, long timer) {
    try {
      handler.handle(timer);
    } catch (RuntimeException e) {
      HOST_LOG.warn("plugin {}: a timer failed", pluginId(), e);
      fault(e);
    }
  }

  /** Failed, stopped or skipped: nothing of the plugin runs any more. */
  private boolean ended() {
    PluginState state = status.get().state();
    return state == PluginState.FAILED || state == PluginState.STOPPED || state == PluginState.SKIPPED;
  }

  /** Cancels every timer the plugin set: it stopped or failed. */
  void cancelTimers() {
    for (Long id : List.copyOf(timers)) {
      cancelTimer(id);
    }
  }

  @Override
  public <T> Future<T> executeBlocking(Callable<T> work) {
    WorkerExecutor pool;
    synchronized (pendingWork) {
      if (workersClosed || ended()) {
        return Future.failedFuture(new IllegalStateException(
            "plugin " + pluginId() + " has stopped; its blocking work no longer runs"));
      }
      if (workers == null) {
        workers = vertx.createSharedWorkerExecutor("quotient-plugin-" + pluginId(),
            workerPoolSize());
      }
      pool = workers;
    }
    PendingWork<T> pending = new PendingWork<>(vertx.getOrCreateContext(), Promise.promise());
    pendingWork.add(pending);
    pool.executeBlocking(work, false).onComplete(r -> {
      pendingWork.remove(pending);
      IllegalStateException stopped = stoppedCause;
      if (stopped != null) {
        // closing the pool interrupted the work: say the plugin stopped, not "sleep interrupted"
        pending.promise().tryFail(stopped);
      } else if (r.succeeded()) {
        pending.promise().tryComplete(r.result());
      } else {
        pending.promise().tryFail(r.cause());
      }
    });
    return pending.promise().future();
  }

  /** The {@code workerPoolSize} setting, or the default when it is absent or not a positive number. */
  private int workerPoolSize() {
    try {
      return Math.max(1, Integer.parseInt(config.getString("workerPoolSize", "" + DEFAULT_WORKER_POOL_SIZE).trim()));
    } catch (NumberFormatException e) {
      log.warn("workerPoolSize is not a number; using {}", DEFAULT_WORKER_POOL_SIZE);
      return DEFAULT_WORKER_POOL_SIZE;
    }
  }

  /** Closes the plugin's worker pool (interrupting what runs) and fails the work that had not finished. */
  void closeWorkers() {
    WorkerExecutor pool;
    IllegalStateException stopped = new IllegalStateException(
        "plugin " + pluginId() + " stopped before this blocking work finished");
    synchronized (pendingWork) {
      workersClosed = true;
      stoppedCause = stopped;
      pool = workers;
      workers = null;
    }
    if (pool != null) {
      pool.close();
    }
    for (PendingWork<?> pending : List.copyOf(pendingWork)) {
      pendingWork.remove(pending);
      pending.context().runOnContext(v -> pending.promise().tryFail(stopped));
    }
  }

  /** Set before the pool closes, so interrupted work reports that the plugin stopped. */
  private volatile IllegalStateException stoppedCause;

  private record PendingWork<T>(Context context, Promise<T> promise) {}

  @Override
  public JsonObject config() {
    return config.copy();
  }

  @Override
  public ContentStore content() {
    return content;
  }

  @Override
  public PluginRoutes routes() {
    return new PluginRoutes() {
      @Override
      public void page(HttpMethod method, String path, Access access, Handler<RoutingContext> handler) {
        String full = "/" + pluginId() + relative(path);
        if (method == HttpMethod.GET && "/".equals(path)) {
          homeAccess = access;
        }
        registry.add(pluginId(), RouteRegistry.Kind.PAGE, method, full, access, isolate(handler));
      }

      @Override
      public void api(HttpMethod method, String path, Access access, Handler<RoutingContext> handler) {
        String full = "/api/" + pluginId() + relative(path);
        registry.add(pluginId(), RouteRegistry.Kind.API, method, full, access, isolate(handler));
      }
    };
  }

  @Override
  public PageRenderer pages() {
    return new PageRenderer() {
      @Override
      public void render(RoutingContext ctx, String template, String titleKey, Map<String, Object> model) {
        pageEngine.render(ctx, templates, messages, template, titleKey, model);
      }

      @Override
      public void renderKept(RoutingContext ctx, String template, String titleKey, Map<String, Object> model) {
        pageEngine.renderKept(ctx, templates, messages, template, titleKey, model);
      }

      @Override
      public String text(Locale locale, String key, Object... args) {
        return messages.text(locale, key, args);
      }
    };
  }

  @Override
  public EventBusGateway events() {
    return events;
  }

  @Override
  public Markdown markdown() {
    return services.markdown();
  }

  @Override
  public Clock clock() {
    return services.clock();
  }

  @Override
  public Logger log() {
    return log;
  }

  // --- directory (people and teams) ---

  @Override
  public Directory directory() {
    return services.directory();
  }

  // --- trainer-content store ---

  @Override
  public Materials materials() {
    return services.materials();
  }

  // --- points ---

  @Override
  public PointsLedger points() {
    return services.points();
  }

  // --- activity ---

  @Override
  public ActivityLog activities() {
    return services.activities();
  }

  // --- projections ---

  @Override
  public dev.quotient.api.projection.Projections projections() {
    return projections;
  }

  /** Stops the plugin's projections, saving them. */
  Future<Void> closeProjections() {
    return services.projections().close(status.get().id());
  }

  private Handler<RoutingContext> isolate(Handler<RoutingContext> handler) {
    return ctx -> {
      try {
        handler.handle(ctx);
      } catch (ClientError e) {
        ctx.fail(e);
      } catch (RuntimeException e) {
        // this request's 500 (the plugin's failure handler counts the fault); the plugin goes on
        ctx.fail(e);
      }
    };
  }

  private static String relative(String path) {
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("plugin paths start with '/': " + path);
    }
    return "/".equals(path) ? "" : path;
  }
}
