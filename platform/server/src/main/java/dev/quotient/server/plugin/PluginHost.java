package dev.quotient.server.plugin;

import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.QuotientPlugin;
import dev.quotient.server.i18n.Messages;
import dev.quotient.server.mongo.Database;
import dev.quotient.server.web.PageEngine;
import dev.quotient.server.web.Problems;
import dev.quotient.server.web.RequestLocale;
import dev.quotient.server.web.RouteRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.pf4j.JarPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads every plugin jar in the plugins directory with PF4J, hands each its context and starts it.
 * A plugin that fails to start, or later throws, is marked failed with the reason; its routes then
 * answer 503 and the other plugins carry on.
 */
public final class PluginHost {

  private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);
  private static final long START_TIMEOUT_MILLIS = 15_000;

  private final Vertx vertx;
  private final Path pluginsDir;
  private final PluginServices services;
  private final PageEngine pages;
  private final Router router;
  private final Problems problems;
  private final Map<String, Map<String, String>> config;
  private final List<HostedPlugin> plugins = new CopyOnWriteArrayList<>();
  /** Jars of the plugins folder that could not be loaded, with why. */
  private final List<PluginStatus> skipped = new CopyOnWriteArrayList<>();
  private final List<Future<Integer>> templatesWarmed = new CopyOnWriteArrayList<>();
  private final Map<String, QuotientPlugin> instances = new ConcurrentHashMap<>();
  private PluginManager manager;

  public PluginHost(PluginServices services, Path pluginsDir, Router router, Problems problems,
      Map<String, Map<String, String>> config) {
    this.services = services;
    this.vertx = services.vertx();
    this.pluginsDir = pluginsDir;
    this.pages = services.pages();
    this.router = router;
    this.problems = problems;
    this.config = config;
  }

  /**
   * Completes when every started plugin's page templates are compiled and rehearsed, with how many;
   * never fails (a template that does not compile is compiled, and fails, at its view).
   */
  public Future<Integer> templatesWarmed() {
    List<Future<Integer>> warms = List.copyOf(templatesWarmed);
    if (warms.stream().allMatch(Future::isComplete)) {
      // answered at once (a composition would answer on the warms' context, a moment later)
      return Future.succeededFuture(warms.stream().mapToInt(Future::result).sum());
    }
    return Future.all(warms).map(all -> warms.stream().mapToInt(Future::result).sum());
  }

  /** Loads and starts every plugin; never fails because of a plugin. */
  public Future<Void> start() {
    return vertx.executeBlocking(() -> {
      if (!Files.isDirectory(pluginsDir)) {
        LOG.warn("plugins directory {} does not exist: no plugins loaded", pluginsDir);
        return List.<PluginWrapper>of();
      }
      manager = new JarPluginManager(pluginsDir);
      // One jar at a time: an empty or corrupt jar, or a second jar with a taken id, is skipped and
      // named on /admin/plugins; the others load (all at once, one bad jar stopped the server).
      List<Path> jars;
      try (var listing = Files.list(pluginsDir)) {
        jars = listing.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
      }
      for (Path jar : jars) {
        try {
          manager.loadPlugin(jar);
        } catch (RuntimeException | LinkageError e) {
          String reason = PluginStatus.reason(e);
          LOG.error("plugin jar {} skipped: {}", jar.getFileName(), reason);
          skipped.add(new PluginStatus(jar.getFileName().toString(), null, null, PluginState.SKIPPED, reason));
        }
      }
      manager.startPlugins();
      return manager.getPlugins();
    }).compose(wrappers -> {
      Future<Void> chain = Future.succeededFuture();
      for (PluginWrapper wrapper : wrappers) {
        chain = chain.compose(v -> startOne(wrapper));
      }
      return chain;
    });
  }

  private Future<Void> startOne(PluginWrapper wrapper) {
    String id = wrapper.getPluginId();
    PluginStatus initial = new PluginStatus(id, wrapper.getDescriptor().getVersion(),
        wrapper.getDescriptor().getPluginDescription(), PluginState.LOADED, null);
    HostedPlugin hosted;
    try {
      hosted = new HostedPlugin(initial, wrapper.getPluginClassLoader(), config.getOrDefault(id, Map.of()), services);
    } catch (RuntimeException e) {
      LOG.error("plugin {} could not be prepared", id, e);
      plugins.add(failedShell(initial, e));
      return Future.succeededFuture();
    }
    plugins.add(hosted);
    guard(hosted);
    // compiled beside the starts; the node listens once they are (see templatesWarmed)
    templatesWarmed.add(vertx.executeBlocking(hosted::warmTemplates, false).otherwise(e -> {
      LOG.warn("templates of plugin {} not compiled ahead: each compiles at its first view", id, e);
      return 0;
    }));
    if (wrapper.getPluginState() != org.pf4j.PluginState.STARTED) {
      hosted.crashed(wrapper.getFailedException() != null
          ? wrapper.getFailedException()
          : new IllegalStateException("PF4J left the plugin " + wrapper.getPluginState()));
      return Future.succeededFuture();
    }
    List<QuotientPlugin> extensions;
    try {
      extensions = manager.getExtensions(QuotientPlugin.class, id);
    } catch (RuntimeException | LinkageError e) {
      hosted.crashed(e);
      return Future.succeededFuture();
    }
    if (extensions.size() != 1) {
      hosted.crashed(new IllegalStateException(
          "a plugin has exactly one QuotientPlugin extension; found " + extensions.size()));
      return Future.succeededFuture();
    }
    QuotientPlugin plugin = extensions.get(0);
    instances.put(id, plugin);
    Promise<Void> started = Promise.promise();
    long timer = vertx.setTimer(START_TIMEOUT_MILLIS,
        t -> started.tryFail(new IllegalStateException("start did not finish within " + START_TIMEOUT_MILLIS + " ms")));
    try {
      // try*: a start that ends after the timer has failed it must not throw into the plugin's code.
      plugin.start(hosted).onComplete(r -> {
        if (r.succeeded()) {
          started.tryComplete();
        } else {
          started.tryFail(r.cause());
        }
      });
    } catch (RuntimeException | LinkageError e) {
      started.tryFail(e);
    }
    return started.future().transform(result -> {
      vertx.cancelTimer(timer);
      if (result.succeeded()) {
        hosted.moveTo(PluginState.STARTED);
        LOG.info("plugin {} {} started", id, hosted.status().version());
      } else {
        hosted.crashed(result.cause());
      }
      return Future.succeededFuture();
    });
  }

  /** Every path under the plugin's prefixes answers 503 while it is not running. */
  private void guard(HostedPlugin hosted) {
    String id = hosted.pluginId();
    for (String prefix : List.of("/" + id + "/*", "/api/" + id + "/*")) {
      router.route(prefix).handler(ctx -> {
        long resting = hosted.resting();
        if (hosted.started() && resting == 0) {
          ctx.next();
        } else if (hosted.started()) {
          ctx.response().putHeader("Retry-After", String.valueOf(Math.max(1, (resting + 999) / 1000)));
          problems.send(ctx, new Problems.Problem(503, "error.plugin.resting",
              services.platformMessages().text(RequestLocale.of(ctx), "error.plugin.resting", id), null));
        } else {
          problems.send(ctx, new Problems.Problem(503, "error.plugin.unavailable",
              services.platformMessages().text(RequestLocale.of(ctx), "error.plugin.unavailable", id), null));
        }
      }).failureHandler(ctx -> {
        // A plugin's own error keys live in its bundle (which falls back to the platform's).
        if (ctx.failure() instanceof ClientError c && !ctx.response().headWritten()) {
          problems.send(ctx, new Problems.Problem(c.status(), c.messageKey(),
              hosted.messages().text(RequestLocale.of(ctx), c.messageKey(), c.args()), null));
          return;
        }
        // A fault of the running plugin costs this request (the platform's 500, logged with its
        // request id), not the plugin; too many open its breaker.
        if (!clientFault(ctx.failure()) && (ctx.statusCode() >= 500 || ctx.statusCode() == -1)) {
          hosted.fault(ctx.failure() != null ? ctx.failure() : new IllegalStateException("status " + ctx.statusCode()));
        }
        ctx.next();
      });
    }
  }

  /** Bad input refused before or by the plugin (validation, malformed JSON): the caller's fault, not the plugin's. */
  private static boolean clientFault(Throwable failure) {
    return failure instanceof ClientError
        || failure instanceof dev.quotient.server.web.Unavailable
        || failure instanceof io.vertx.openapi.validation.ValidatorException
        || failure instanceof io.vertx.core.json.DecodeException
        || failure instanceof io.vertx.ext.web.handler.HttpException h && h.getStatusCode() < 500;
  }

  private HostedPlugin failedShell(PluginStatus initial, Throwable cause) {
    HostedPlugin shell = new HostedPlugin(initial, getClass().getClassLoader(), Map.of(), services);
    shell.crashed(cause);
    return shell;
  }

  /** Every plugin, and every jar that was skipped, by id (a skipped jar by its file name). */
  public List<PluginStatus> statuses() {
    List<PluginStatus> all = new java.util.ArrayList<>(plugins.stream().map(HostedPlugin::status).toList());
    all.addAll(skipped);
    all.sort(java.util.Comparator.comparing(PluginStatus::id));
    return all;
  }

  /**
   * What the plugin does, in the reader's language: its bundle's {@code <id>.text} when it has
   * one, else the manifest's {@code Plugin-Description}.
   */
  public String description(String pluginId, java.util.Locale locale) {
    for (HostedPlugin p : plugins) {
      if (p.pluginId().equals(pluginId)) {
        String key = pluginId + ".text";
        return p.messages().has(key) ? p.messages().text(locale, key) : p.status().description();
      }
    }
    return null;
  }

  public boolean allStarted() {
    return plugins.stream().allMatch(HostedPlugin::started);
  }

  /** Navigation links to the home pages of running plugins the caller may open. */
  public List<PageEngine.NavItem> nav(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    List<PageEngine.NavItem> items = new ArrayList<>();
    for (HostedPlugin p : plugins) {
      if (p.started() && p.homeAccess() != null && p.homeAccess().allows(user)) {
        items.add(new PageEngine.NavItem("/" + p.pluginId(),
            p.messages().text(RequestLocale.of(ctx), p.pluginId() + ".title")));
      }
    }
    return items;
  }

  /** Stops every running plugin, then PF4J. */
  public Future<Void> stop() {
    List<Future<Void>> stops = new ArrayList<>();
    for (HostedPlugin p : plugins) {
      QuotientPlugin instance = instances.get(p.pluginId());
      if (p.started() && instance != null) {
        Future<Void> f;
        try {
          f = instance.stop();
        } catch (RuntimeException e) {
          f = Future.failedFuture(e);
        }
        p.cancelTimers();
        stops.add(f.recover(e -> Future.succeededFuture()).andThen(v -> p.closeWorkers())
            .compose(v -> p.eventsInternal().close())
            .compose(v -> p.closeProjections()));
        p.moveTo(PluginState.STOPPED);
      }
    }
    return Future.join(stops).mapEmpty().compose(v -> vertx.executeBlocking(() -> {
      if (manager != null) {
        manager.stopPlugins();
        manager.unloadPlugins();
      }
      return null;
    }));
  }
}
