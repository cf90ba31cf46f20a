package dev.quotient.server;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import dev.quotient.api.event.Catalogue;
import dev.quotient.api.event.RecordCodec;
import dev.quotient.server.account.AccountService;
import dev.quotient.server.activity.ActivityRoutes;
import dev.quotient.server.activity.ActivityService;
import dev.quotient.server.activity.ActivityStore;
import dev.quotient.server.activity.imports.ImportLimits;
import dev.quotient.server.activity.imports.ImportRoutes;
import dev.quotient.server.activity.imports.ImportService;
import dev.quotient.server.account.AccountStore;
import dev.quotient.server.account.ApiTokens;
import dev.quotient.server.account.AuditTrail;
import dev.quotient.server.account.FirstRun;
import dev.quotient.server.account.HostedOrganisations;
import dev.quotient.server.account.OrganisationSettings;
import dev.quotient.server.account.Organisation;
import dev.quotient.server.account.InvitationService;
import dev.quotient.server.account.Invitations;
import dev.quotient.server.account.SignInThrottle;
import dev.quotient.server.config.QuotientConfig;
import dev.quotient.server.demo.DemoData;
import dev.quotient.server.demo.DemoHistory;
import dev.quotient.server.i18n.Messages;
import dev.quotient.server.materials.MaterialRoutes;
import dev.quotient.server.materials.MaterialStore;
import dev.quotient.server.mongo.Database;
import dev.quotient.server.projection.LogPositions;
import dev.quotient.server.projection.ProjectionHost;
import dev.quotient.server.mongo.EmbeddedMongo;
import dev.quotient.server.mongo.Migrations;
import dev.quotient.server.ops.Operations;
import dev.quotient.server.points.PointsRoutes;
import dev.quotient.server.points.PointsService;
import dev.quotient.server.points.RuleSet;
import dev.quotient.server.plugin.PluginHost;
import dev.quotient.server.plugin.PluginServices;
import dev.quotient.server.web.MarkdownRenderer;
import dev.quotient.server.web.AccountRoutes;
import dev.quotient.server.web.AdminRoutes;
import dev.quotient.server.web.Web;
import dev.quotient.server.web.PeopleRoutes;
import dev.quotient.server.web.Authenticator;
import dev.quotient.server.web.HomeRoutes;
import dev.quotient.server.web.OpenApiValidation;
import dev.quotient.server.web.PageEngine;
import dev.quotient.server.web.Problems;
import dev.quotient.server.web.RouteRegistry;
import dev.quotient.server.web.SignInRoutes;
import dev.quotient.server.web.UserDirectory;
import dev.quotient.server.web.OperatorRoutes;
import dev.quotient.server.web.OrganisationRoutes;
import dev.quotient.server.web.SetupRoutes;
import dev.quotient.server.web.WelcomeRoutes;
import dev.quotient.server.web.WebSecurity;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running platform node: Vert.x (clustered or not), MongoDB (embedded or {@code MONGO_URI}), the
 * plugins and the HTTP server. {@link #start} returns once it serves requests.
 */
public final class Quotient {

  private static final Logger LOG = LoggerFactory.getLogger(Quotient.class);

  private final QuotientConfig config;
  private final Clock clock;
  private final Vertx vertx;
  private EmbeddedMongo embedded;
  private HttpServer metricsServer;
  private Database database;
  private PluginHost plugins;
  private HttpServer server;
  private RouteRegistry routes;
  private MaterialStore materials;
  private ActivityService activities;
  private PointsService points;
  private ProjectionHost projections;
  private Future<Integer> demoHistory = Future.succeededFuture(0);

  /** The cluster this node joined; null when it runs alone. */
  private final ClusterManager cluster;
  /** Per log, the last position whose gaps no running writer can fill any more (see {@link #sealedLogs}). */
  private long[] sealed = new long[2];
  /** The first start's setup link token, while no organisation exists (only its hash is stored). */
  private volatile String setupToken;

  private Quotient(QuotientConfig config, Clock clock, Vertx vertx, ClusterManager cluster) {
    this.config = config;
    this.clock = clock;
    this.vertx = vertx;
    this.cluster = cluster;
  }

  /** Starts a node. The returned future fails (and everything started is closed) if any part cannot start. */
  public static Future<Quotient> start(QuotientConfig config) {
    return start(config, Clock.systemUTC());
  }

  /** Starts a node whose every "now" comes from {@code clock} (tests move it to check schedules). */
  public static Future<Quotient> start(QuotientConfig config, Clock clock) {
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    dev.quotient.server.ops.OperatorMetrics.configure(metrics);
    VertxOptions options = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)).setEnabled(true));
    var builder = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(metrics));
    Future<Vertx> vertx;
    ClusterManager cluster = config.cluster() ? new HazelcastClusterManager(hazelcast(config)) : null;
    if (cluster != null) {
      options.getEventBusOptions().setHost(config.clusterHost()).setPort(config.eventBusPort());
      vertx = builder.withClusterManager(cluster).buildClustered();
    } else {
      vertx = Future.succeededFuture(builder.build());
    }
    return vertx.compose(v -> {
      Quotient node = new Quotient(config, clock, v, cluster);
      return node.boot(metrics).map(node).recover(e -> {
        LOG.error("Quotient could not start", e);
        // Vert.x closes after the failure is delivered: a closed event loop cannot deliver it.
        return node.stopParts().transform(x -> {
          v.close();
          return Future.failedFuture(e);
        });
      });
    });
  }

  private Future<Void> boot(PrometheusMeterRegistry metrics) {
    long began = System.nanoTime();
    for (Class<? extends Record> type : Catalogue.payloadTypes()) {
      registerCodec(type);
    }
    return vertx.executeBlocking(() -> {
      String uri = config.mongoUri();
      if (config.embeddedMongo()) {
        embedded = EmbeddedMongo.start(config.dataDir());
        uri = embedded.connectionString();
      }
      database = new Database(vertx, uri, config.mongoDatabase());
      int version = Migrations.run(database.db());
      LOG.info("schema at version {}", version);
      sealed = sealedLogs(new LogPositions(database));
      AccountStore accounts = new AccountStore(database);
      if (config.demo()) {
        DemoData.ensure(accounts, config.demoPassword());
      }
      FirstRun firstRun = new FirstRun(database, accounts, new AuditTrail(database), new SignInThrottle(), clock);
      try {
        if (config.setup() != null && firstRun.createBlocking(config.setup())) {
          LOG.info("organisation '{}' and its administrator {} created from the configuration",
              config.setup().organisation(), config.setup().adminEmail());
        }
      } catch (dev.quotient.api.ClientError e) {
        throw new IllegalArgumentException("QUOTIENT_SETUP_*: " + Messages.load(Quotient.class.getClassLoader(),
            "i18n/messages", null).text(java.util.Locale.ENGLISH, e.messageKey(), e.args()), e);
      }
      setupToken = firstRun.prepare();
      return WebSecurity.secret(database);
    }).compose(secret -> OpenApiValidation.load(vertx).compose(openApi -> wire(metrics, openApi, secret)))
        .onSuccess(v -> LOG.info("Quotient ready on http://localhost:{} in {} ms", port(),
            (System.nanoTime() - began) / 1_000_000));
  }

  private Future<Void> wire(PrometheusMeterRegistry metrics, OpenApiValidation openApi, String secret) {
    Messages messages = Messages.load(Quotient.class.getClassLoader(), "i18n/messages", null);
    AccountStore accountStore = new AccountStore(database);
    ApiTokens tokens = new ApiTokens(database);
    AuditTrail audit = new AuditTrail(database);
    UserDirectory directory = new UserDirectory(database, accountStore);
    SignInThrottle throttle = new SignInThrottle();
    AccountService accounts = new AccountService(database, accountStore, tokens, audit, throttle,
        clock, directory::invalidate);
    accounts.announceOn(vertx.eventBus());
    Invitations invitationLinks = new Invitations(database);
    InvitationService invitations = new InvitationService(database, accountStore, invitationLinks, audit,
        throttle, clock);
    accounts.handleCommands(vertx);

    Router router = Router.router(vertx);
    PluginHost[] host = new PluginHost[1];
    PageEngine pages = new PageEngine(messages, ctx -> host[0] == null ? List.of() : host[0].nav(ctx));
    // compiled while the rest starts (and JSON bodies encoded once); listening waits for it, so no first
    // page view compiles its template and no first API answer builds Jackson's serializers
    Future<Integer> warmed = vertx.executeBlocking(() -> pages.warm() + Web.warmJson(), false).otherwise(e -> {
      LOG.warn("page templates or JSON encoders not prepared ahead: each is at its first use", e);
      return 0;
    });
    Problems problems = new Problems(messages, (ctx, problem) -> pages.render(ctx, "error", "error.title",
        java.util.Map.of("status", problem.status(), "detail", problem.detail())));
    routes = new RouteRegistry(router, problems, openApi::handle);
    WebSecurity security = new WebSecurity(vertx, config, secret);
    security.install(router, new Authenticator(database, tokens, directory, problems, config.operatorToken()), routes::streamsBody);

    new SignInRoutes(accounts, pages, problems).register(routes);
    new AccountRoutes(accounts, pages).register(routes);
    new WelcomeRoutes(invitations, pages).register(routes);
    new SetupRoutes(new FirstRun(database, accountStore, audit, throttle, clock), pages).register(routes);
    MarkdownRenderer markdown = new MarkdownRenderer();
    // Trainer-content store: the library's pages and API, and its read side for plugins.
    MaterialStore materials = new MaterialStore(database, markdown, clock);
    new MaterialRoutes(materials, pages, config.maxUploadBytes()).register(routes);
    materials.sweepRegularly(vertx);
    this.materials = materials;
    // The activity log: the organisation's system of record, fed by the API and by plugins' commands.
    LogPositions positions = new LogPositions(database);
    ActivityStore activityStore = new ActivityStore(database, positions);
    activities = new ActivityService(vertx, database, activityStore, accountStore, clock);
    activities.handleCommands();
    new ActivityRoutes(activities, database, accountStore).register(routes);
    // Points: derived from the activity log and the platform's events; rules are data, checked here.
    points = new PointsService(vertx, database, positions, accountStore,
        RuleSet.defaults(Quotient.class.getClassLoader()), messages, clock);
    // Projections follow the logs in the store; this node's own writes wake them at once.
    projections = new ProjectionHost(vertx, database, positions, activityStore, points.ledger()::at, sealed);
    // What this node stores goes straight to the scorer and the projections, never read back.
    activities.admitWhen(points::room);
    activityStore.onStored(docs -> {
      points.score(docs);
      docs.forEach(d -> projections.offerActivity(d.getLong("pos"), ActivityStore.entry(d)));
      projections.nudge();
    });
    points.ledger().onStored(projections::offerCredit);
    points.onCredited(projections::nudge);
    new PointsRoutes(points, database, accountStore, pages, audit, clock).register(routes);
    new ImportRoutes(new ImportService(vertx, database, activities, accountStore,
        ImportLimits.DEFAULT.withQueue(config.importJobs(), config.importQueue()), clock), pages, clock)
        .register(routes);
    PluginServices services = new PluginServices(vertx, database, messages, pages, routes, markdown, clock,
        new dev.quotient.server.account.OrgDirectory(database, accountStore), materials, points.reader(),
        activities.log(), projections);
    plugins = new PluginHost(services, config.pluginsDir(), router, problems, config.pluginConfig());
    host[0] = plugins;
    new HomeRoutes(accounts, plugins, pages, directory).register(routes);
    new AdminRoutes(accounts, invitations, audit, plugins, projections, pages, clock).register(routes);
    new PeopleRoutes(new dev.quotient.server.account.PeopleImport(database, accountStore, invitationLinks, audit, clock),
        pages).register(routes);
    new OrganisationRoutes(new OrganisationSettings(vertx, database, accountStore, audit, clock),
        new dev.quotient.server.account.OrganisationRemoval(vertx, database, accountStore, clock, () -> demoHistory),
        pages).register(routes);
    new OperatorRoutes(new HostedOrganisations(database, accountStore, invitationLinks, audit, clock), this::backup)
        .register(routes);
    // Settings changed on any node: what this node kept of the organisation goes.
    vertx.eventBus().<dev.quotient.api.event.Events.OrganisationChanged>consumer(
        Catalogue.ORGANISATION_CHANGED.address(), m -> {
          accountStore.forget(m.body().orgId());
          directory.invalidateAll();
        });
    // Someone left on any node: their sessions and tokens stop here too, not after the directory's 10 s.
    vertx.eventBus().<dev.quotient.api.event.Events.UserDeparted>consumer(Catalogue.USER_DEPARTED.address(),
        m -> directory.invalidate(m.body().userId()));
    // The demo organisation was removed on any node: what this node kept of it goes, its projections refold.
    vertx.eventBus().<dev.quotient.api.event.Events.OrganisationRemoved>consumer(
        Catalogue.ORGANISATION_REMOVED.address(), m -> {
          accountStore.forget(m.body().orgId());
          directory.invalidateAll();
          projections.organisationRemoved(m.body().orgId())
              .onFailure(e -> LOG.warn("projections not refolded after organisation {} was removed", m.body().orgId(), e));
        });
    // Someone moved on any node: the teams kept here go, so the plugins refolding their boards read the move.
    vertx.eventBus().<dev.quotient.api.event.Events.UserMoved>consumer(Catalogue.USER_MOVED.address(), m -> {
      accountStore.forget(m.body().orgId());
      directory.invalidate(m.body().userId());
    });
    new Operations(vertx, database, plugins, projections, openApi,
        () -> embedded == null ? java.util.Optional.empty() : embedded.stopped()).register(routes);
    routes.add("platform", RouteRegistry.Kind.PAGE, io.vertx.core.http.HttpMethod.GET, "/static/*",
        dev.quotient.api.Access.anyone(), StaticHandler.create("webroot").setMaxAgeSeconds(3600));

    return projections.start().compose(x -> {
      points.openCaps(projections.forPlugin("platform", LOG));
      return points.start();
    }).compose(x -> plugins.start()).compose(x -> Future.all(warmed, plugins.templatesWarmed())).compose(all -> {
      LOG.debug("{} page templates compiled, {} of plugins", all.<Integer>resultAt(0), all.<Integer>resultAt(1));
      if (metrics != null) {
        // once plugins and projections are known: their rows are there from the first scrape
        dev.quotient.server.ops.OperatorMetrics.bind(metrics, vertx, embedded, plugins, projections, activities);
      }
      // Last: nothing declared matched, and the one place failures become answers.
      router.route().handler(ctx -> problems.send(ctx, dev.quotient.api.ClientError.notFound("error.status.404")));
      router.route().failureHandler(problems::handle);
      dev.quotient.server.web.ConnectionLimits limits = new dev.quotient.server.web.ConnectionLimits(vertx,
          config.http(), routes::streamsBody);
      // HTTP/1.1 only in clear text (TLS ends in front of the node): without h2c sniffing a connection
      // exists, and its head timer runs, from its first moment rather than from its 24th byte.
      return vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true)
              .setHttp2ClearTextEnabled(false)
              .setIdleTimeout(config.http().idleSeconds()).setIdleTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS))
          .connectionHandler(limits::connected)
          .requestHandler(request -> {
            limits.requested(request);
            router.handle(request);
          })
          .listen(config.httpPort());
    }).compose(s -> {
      server = s;
      return metricsServer(metrics);
    }).map(s -> {
      if (setupToken != null) {
        // Printed, not logged as data (like the demo password): the operator needs it once.
        System.out.println("No organisation yet. To create it and its first administrator, open http://localhost:"
            + port() + "/setup/" + setupToken + " (the link works once; until it is used, each start prints a new one)");
      }
      if (config.demo()) {
        // After listening: the platform is usable while the history streams in like a CRM's backfill.
        demoHistory = DemoHistory.ensure(database, accountStore, activities, config.demoHistoryDays(), clock.instant())
            .onFailure(e -> LOG.warn("demo history not recorded", e));
      }
      return null;
    });
  }

  /**
   * Prometheus metrics on their own port ({@code QUOTIENT_METRICS_HOST}:{@code QUOTIENT_METRICS_PORT},
   * loopback by default), never on the public one: they name plugins, projections and the store's
   * figures, which are the operator's business. {@code -1} turns them off.
   */
  private Future<Void> metricsServer(PrometheusMeterRegistry metrics) {
    if (metrics == null || config.metricsPort() < 0) {
      return Future.succeededFuture();
    }
    io.vertx.ext.web.Router only = io.vertx.ext.web.Router.router(vertx);
    only.get("/metrics").handler(io.vertx.micrometer.PrometheusScrapingHandler.create(metrics));
    // HTTP/1.1 only, like the public port (a client offering an h2c upgrade waited for ever otherwise)
    return vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false)).requestHandler(only)
        .listen(config.metricsPort(), config.metricsHost())
        .map(s -> {
          metricsServer = s;
          LOG.info("metrics on http://{}:{}/metrics", config.metricsHost(), s.actualPort());
          return null;
        });
  }

  /** The port the metrics are served on, or -1 when they are off. */
  public int metricsPort() {
    return metricsServer == null ? -1 : metricsServer.actualPort();
  }

  /**
   * Read before this node reserves any log position: when no other node runs, a position missing below
   * these heads was reserved by a writer that is gone (a crash), so followers need not wait for it. With
   * other nodes running, one of them may be between a reservation and its insert: nothing is sealed.
   * The heads come first: a node that reserved below them was running when they were read.
   */
  private long[] sealedLogs(LogPositions positions) {
    long[] heads = {positions.head(LogPositions.ACTIVITIES), positions.head(LogPositions.POINTS)};
    return cluster == null || cluster.getNodes().size() <= 1 ? heads : new long[2];
  }

  private <T extends Record> void registerCodec(Class<T> type) {
    vertx.eventBus().registerDefaultCodec(type, new RecordCodec<>(type));
  }

  static Config hazelcast(QuotientConfig config) {
    Config hz = new Config();
    hz.setClusterName(config.clusterName());
    hz.setProperty("hazelcast.logging.type", "slf4j");
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.setProperty("hazelcast.wait.seconds.before.join", "0");
    hz.getNetworkConfig().setPort(config.clusterPort()).setPortAutoIncrement(true);
    hz.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(config.clusterHost());
    JoinConfig join = hz.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(config.clusterMembers());
    return hz;
  }

  public Vertx vertx() {
    return vertx;
  }

  public int port() {
    return server == null ? -1 : server.actualPort();
  }

  public PluginHost plugins() {
    return plugins;
  }

  public RouteRegistry routes() {
    return routes;
  }

  /** The node's MongoDB database (blocking calls: use {@link Database#call} from an event loop). */
  /**
   * A consistent backup of the embedded store into {@code backups/} under the data directory, written
   * on a worker while the node serves; a node on {@code MONGO_URI} has none to write (409: that
   * MongoDB is backed up with its own tools).
   */
  private Future<JsonObject> backup() {
    if (embedded == null) {
      return Future.failedFuture(new dev.quotient.api.ClientError(409, "error.backup.external"));
    }
    return vertx.executeBlocking(() -> {
      long began = System.nanoTime();
      String name = "quotient-" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
          .withZone(java.time.ZoneOffset.UTC).format(clock.instant()) + ".zip";
      java.nio.file.Path file = config.dataDir().resolve("backups").resolve(name).toAbsolutePath();
      embedded.backup(file);
      long millis = (System.nanoTime() - began) / 1_000_000;
      LOG.info("backup written to {} in {} ms", file, millis);
      return new JsonObject().put("file", file.toString()).put("bytes", java.nio.file.Files.size(file))
          .put("millis", millis);
    }, false);
  }

  /** The embedded MongoDB-protocol server's address, or null when the node uses {@code MONGO_URI}. */
  public String embeddedMongoUri() {
    return embedded == null ? null : embedded.connectionString();
  }

  public Database database() {
    return database;
  }

  /** The trainer-content store of this node. */
  public MaterialStore materials() {
    return materials;
  }

  /** The activity log of this node. */
  public ActivityService activities() {
    return activities;
  }

  /** The demo history's recording: completes with how many activities it recorded (0 when none). */
  public Future<Integer> demoHistory() {
    return demoHistory;
  }

  /** The projections of this node's plugins. */
  public ProjectionHost projections() {
    return projections;
  }

  /** The points engine and ledger of this node. */
  public PointsService points() {
    return points;
  }

  /** Stops plugins, the HTTP server, MongoDB and Vert.x, in that order. */
  public Future<Void> stop() {
    return stopParts().eventually(() -> vertx.close());
  }

  private Future<Void> stopParts() {
    Future<Void> f = plugins == null ? Future.succeededFuture() : plugins.stop().recover(e -> Future.succeededFuture());
    if (projections != null) {
      f = f.compose(v -> projections.stop().recover(e -> Future.succeededFuture()));
    }
    return f.compose(v -> server == null ? Future.succeededFuture() : server.close())
        .compose(v -> vertx.executeBlocking(() -> {
          if (database != null) {
            database.close();
          }
          if (embedded != null) {
            embedded.close();
          }
          return null;
        }))
        .mapEmpty();
  }
}
