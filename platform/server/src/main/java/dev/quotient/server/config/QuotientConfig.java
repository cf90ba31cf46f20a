package dev.quotient.server.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Configuration, read once at start from environment variables. Every default lives here.
 *
 * @param httpPort {@code QUOTIENT_HTTP_PORT}, default 8080 (0 picks a free port)
 * @param dataDir {@code QUOTIENT_DATA_DIR}, default {@code ./data}: the embedded MongoDB's files
 * @param mongoUri {@code MONGO_URI}: a real MongoDB; when blank the embedded server is started
 * @param mongoDatabase {@code QUOTIENT_MONGO_DATABASE}, default {@code quotient}
 * @param pluginsDir {@code QUOTIENT_PLUGINS_DIR}, default the {@code plugins} folder beside the server jar
 * @param demo {@code QUOTIENT_DEMO}: create the demo organisation on first start
 * @param demoPassword {@code QUOTIENT_DEMO_PASSWORD}: demo users' password; generated when blank
 * @param demoHistoryDays {@code QUOTIENT_DEMO_HISTORY_DAYS}, default 0: with the demo organisation, fill
 *     its empty activity log with this many days of generated CRM history, so KPIs and boards have data
 * @param cluster {@code QUOTIENT_CLUSTER}: join a Vert.x cluster through Hazelcast (TCP-IP join, no
 *     multicast); events and commands then reach consumers on every node
 * @param clusterName {@code QUOTIENT_CLUSTER_NAME}, default {@code quotient}: only nodes with the same
 *     name form a cluster, so two deployments on one network stay apart
 * @param clusterHost {@code QUOTIENT_CLUSTER_HOST}, default 127.0.0.1: the address this node binds and
 *     announces, for Hazelcast and for the event bus; other nodes must reach it there
 * @param clusterPort {@code QUOTIENT_CLUSTER_PORT}, default 5701: Hazelcast's port (the next ones are
 *     tried when it is taken)
 * @param clusterMembers {@code QUOTIENT_CLUSTER_MEMBERS}, default 127.0.0.1: comma-separated members to
 *     join, each {@code host} (ports 5701-5703 are tried) or {@code host:port}, e.g. {@code
 *     127.0.0.1:5801,127.0.0.1:5802}; list every node, this one included; port ranges are not accepted
 * @param eventBusPort {@code QUOTIENT_EVENTBUS_PORT}, default 0 (any free port): the clustered event
 *     bus's TCP port on {@code clusterHost}; fix it when a firewall sits between nodes
 * @param maxBodyBytes {@code QUOTIENT_MAX_BODY_BYTES}, default 1 MiB: larger request bodies get 413
 * @param secureCookies {@code QUOTIENT_SECURE_COOKIES}: mark cookies Secure (set when served over TLS)
 * @param pluginConfig {@code QUOTIENT_PLUGIN_<ID>_<KEY>} variables, grouped by plugin id
 * @param maxUploadBytes {@code QUOTIENT_MAX_UPLOAD_BYTES}, default 256 MiB: larger library files get 413
 *     (streamed uploads are not limited by {@code maxBodyBytes})
 * @param importJobs {@code QUOTIENT_IMPORT_JOBS}, default 2: CSV imports (and, apart, CSV validations)
 *     running at once on this node; more wait in a queue
 * @param importQueue {@code QUOTIENT_IMPORT_QUEUE}, default 20: CSV imports (and, apart, validations)
 *     that may wait on this node; one more is refused with 503
 * @param setup the first organisation and administrator for a scripted install, or null (then the first
 *     start prints a setup link): {@code QUOTIENT_SETUP_ADMIN_EMAIL} with {@code
 *     QUOTIENT_SETUP_ADMIN_PASSWORD_FILE} (a file holding the password), {@code QUOTIENT_SETUP_ADMIN_NAME},
 *     {@code QUOTIENT_SETUP_ORGANISATION}, {@code QUOTIENT_SETUP_ZONE} (default UTC), {@code
 *     QUOTIENT_SETUP_LOCALE} (en or pl, default en), {@code QUOTIENT_SETUP_CURRENCY} (default EUR) and
 *     {@code QUOTIENT_SETUP_VALUES} (the company values, separated by semicolons)
 * @param operatorToken the installation operator's bearer token ({@code QUOTIENT_OPERATOR_TOKEN_FILE}, a
 *     file holding it, at least 32 characters), or null: with it, {@code /api/operator/organisations}
 *     hosts further organisations
 */
public record QuotientConfig(
    int httpPort,
    Path dataDir,
    String mongoUri,
    String mongoDatabase,
    Path pluginsDir,
    boolean demo,
    String demoPassword,
    int demoHistoryDays,
    boolean cluster,
    String clusterName,
    String clusterHost,
    int clusterPort,
    List<String> clusterMembers,
    int eventBusPort,
    long maxBodyBytes,
    boolean secureCookies,
    Map<String, Map<String, String>> pluginConfig,
    long maxUploadBytes,
    int importJobs,
    int importQueue,
    dev.quotient.server.account.FirstRun.Answers setup,
    String operatorToken,
    dev.quotient.server.web.ConnectionLimits.Settings http,
    String metricsHost,
    int metricsPort) {

  /** Default of {@code QUOTIENT_METRICS_PORT}: Prometheus' port for Java exporters. */
  public static final int DEFAULT_METRICS_PORT = 9464;

  /** Default of {@code QUOTIENT_MAX_UPLOAD_BYTES}: 256 MiB. */
  public static final long DEFAULT_MAX_UPLOAD_BYTES = 256L * 1024 * 1024;
  /** Default of {@code QUOTIENT_IMPORT_JOBS}. */
  public static final int DEFAULT_IMPORT_JOBS = 2;
  /** Default of {@code QUOTIENT_IMPORT_QUEUE}. */
  public static final int DEFAULT_IMPORT_QUEUE = 20;

  public QuotientConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(pluginsDir, "pluginsDir");
    http = http == null ? dev.quotient.server.web.ConnectionLimits.Settings.DEFAULT : http;
    mongoUri = mongoUri == null ? "" : mongoUri.trim();
    demoPassword = demoPassword == null ? "" : demoPassword;
    clusterMembers = List.copyOf(clusterMembers);
    pluginConfig = Map.copyOf(pluginConfig);
    if (metricsPort < -1 || metricsPort > 65535) {
      throw new IllegalArgumentException("QUOTIENT_METRICS_PORT must be -1 (off) or 0-65535, was " + metricsPort);
    }
    if (httpPort < 0 || httpPort > 65535) {
      throw new IllegalArgumentException("QUOTIENT_HTTP_PORT must be 0-65535: " + httpPort);
    }
    if (demoHistoryDays < 0 || demoHistoryDays > 730) {
      throw new IllegalArgumentException("QUOTIENT_DEMO_HISTORY_DAYS must be 0-730: " + demoHistoryDays);
    }
    if (clusterPort < 1 || clusterPort > 65535) {
      throw new IllegalArgumentException("QUOTIENT_CLUSTER_PORT must be 1-65535: " + clusterPort);
    }
    if (eventBusPort < 0 || eventBusPort > 65535) {
      throw new IllegalArgumentException("QUOTIENT_EVENTBUS_PORT must be 0-65535: " + eventBusPort);
    }
    for (String member : clusterMembers) {
      if (!member.matches("([^\\s:,\\[\\]]+|\\[[0-9A-Fa-f:.]+\\])(:\\d{1,5})?")) {
        throw new IllegalArgumentException("QUOTIENT_CLUSTER_MEMBERS entries are host or host:port: " + member);
      }
    }
    if (maxBodyBytes < 1024) {
      throw new IllegalArgumentException("QUOTIENT_MAX_BODY_BYTES must be at least 1024: " + maxBodyBytes);
    }
    if (maxUploadBytes < 1024) {
      throw new IllegalArgumentException("QUOTIENT_MAX_UPLOAD_BYTES must be at least 1024: " + maxUploadBytes);
    }
    if (importJobs < 1 || importJobs > 64) {
      throw new IllegalArgumentException("QUOTIENT_IMPORT_JOBS must be 1-64: " + importJobs);
    }
    if (importQueue < 0 || importQueue > 10_000) {
      throw new IllegalArgumentException("QUOTIENT_IMPORT_QUEUE must be 0-10000: " + importQueue);
    }
  }

  public boolean embeddedMongo() {
    return mongoUri.isEmpty();
  }

  /** Without the secrets (the operator's token, the administrator's password of a scripted setup). */
  @Override
  public String toString() {
    return "QuotientConfig[httpPort=" + httpPort + ", dataDir=" + dataDir + ", mongoDatabase=" + mongoDatabase
        + ", pluginsDir=" + pluginsDir + ", demo=" + demo + ", cluster=" + cluster + ", setup=" + (setup != null)
        + ", operator=" + (operatorToken != null) + "]";
  }

  /** Reads the process environment. */
  public static QuotientConfig fromEnvironment() {
    return from(System.getenv());
  }

  /** Reads a map shaped like the environment; unknown keys are ignored. */
  public static QuotientConfig from(Map<String, String> env) {
    Function<String, String> get = key -> {
      String v = env.get(key);
      return v == null || v.isBlank() ? null : v.trim();
    };
    return new QuotientConfig(
        intOr(get.apply("QUOTIENT_HTTP_PORT"), 8080, "QUOTIENT_HTTP_PORT"),
        Path.of(or(get.apply("QUOTIENT_DATA_DIR"), "data")).toAbsolutePath(),
        get.apply("MONGO_URI"),
        or(get.apply("QUOTIENT_MONGO_DATABASE"), "quotient"),
        get.apply("QUOTIENT_PLUGINS_DIR") != null
            ? Path.of(get.apply("QUOTIENT_PLUGINS_DIR")).toAbsolutePath()
            : defaultPluginsDir(),
        Boolean.parseBoolean(get.apply("QUOTIENT_DEMO")),
        get.apply("QUOTIENT_DEMO_PASSWORD"),
        intOr(get.apply("QUOTIENT_DEMO_HISTORY_DAYS"), 0, "QUOTIENT_DEMO_HISTORY_DAYS"),
        Boolean.parseBoolean(get.apply("QUOTIENT_CLUSTER")),
        or(get.apply("QUOTIENT_CLUSTER_NAME"), "quotient"),
        or(get.apply("QUOTIENT_CLUSTER_HOST"), "127.0.0.1"),
        intOr(get.apply("QUOTIENT_CLUSTER_PORT"), 5701, "QUOTIENT_CLUSTER_PORT"),
        List.of(or(get.apply("QUOTIENT_CLUSTER_MEMBERS"), "127.0.0.1").split("\\s*,\\s*")),
        intOr(get.apply("QUOTIENT_EVENTBUS_PORT"), 0, "QUOTIENT_EVENTBUS_PORT"),
        longOr(get.apply("QUOTIENT_MAX_BODY_BYTES"), 1024 * 1024, "QUOTIENT_MAX_BODY_BYTES"),
        Boolean.parseBoolean(get.apply("QUOTIENT_SECURE_COOKIES")),
        PluginConfig.fromEnvironment(env),
        longOr(get.apply("QUOTIENT_MAX_UPLOAD_BYTES"), DEFAULT_MAX_UPLOAD_BYTES, "QUOTIENT_MAX_UPLOAD_BYTES"),
        intOr(get.apply("QUOTIENT_IMPORT_JOBS"), DEFAULT_IMPORT_JOBS, "QUOTIENT_IMPORT_JOBS"),
        intOr(get.apply("QUOTIENT_IMPORT_QUEUE"), DEFAULT_IMPORT_QUEUE, "QUOTIENT_IMPORT_QUEUE"),
        setup(get),
        operatorToken(get.apply("QUOTIENT_OPERATOR_TOKEN_FILE")),
        new dev.quotient.server.web.ConnectionLimits.Settings(
            intOr(get.apply("QUOTIENT_HTTP_IDLE_SECONDS"), 60, "QUOTIENT_HTTP_IDLE_SECONDS"),
            intOr(get.apply("QUOTIENT_HTTP_HEADER_SECONDS"), 10, "QUOTIENT_HTTP_HEADER_SECONDS"),
            intOr(get.apply("QUOTIENT_HTTP_BODY_SECONDS"), 30, "QUOTIENT_HTTP_BODY_SECONDS"),
            intOr(get.apply("QUOTIENT_HTTP_MAX_CONNECTIONS"), 10_000, "QUOTIENT_HTTP_MAX_CONNECTIONS")),
        or(get.apply("QUOTIENT_METRICS_HOST"), "127.0.0.1"),
        intOr(get.apply("QUOTIENT_METRICS_PORT"), DEFAULT_METRICS_PORT, "QUOTIENT_METRICS_PORT"));
  }

  private static String operatorToken(String file) {
    if (file == null) {
      return null;
    }
    String token;
    try {
      token = Files.readString(Path.of(file)).strip();
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("QUOTIENT_OPERATOR_TOKEN_FILE cannot be read: " + file, e);
    }
    if (token.length() < 32) {
      throw new IllegalArgumentException("QUOTIENT_OPERATOR_TOKEN_FILE holds fewer than 32 characters");
    }
    return token;
  }

  /** The scripted install's answers, or null when no administrator is configured. */
  private static dev.quotient.server.account.FirstRun.Answers setup(Function<String, String> get) {
    String email = get.apply("QUOTIENT_SETUP_ADMIN_EMAIL");
    if (email == null) {
      return null;
    }
    String file = get.apply("QUOTIENT_SETUP_ADMIN_PASSWORD_FILE");
    if (file == null) {
      throw new IllegalArgumentException("QUOTIENT_SETUP_ADMIN_EMAIL needs QUOTIENT_SETUP_ADMIN_PASSWORD_FILE,"
          + " a file holding the administrator's password");
    }
    String password;
    try {
      password = Files.readString(Path.of(file)).strip();
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("QUOTIENT_SETUP_ADMIN_PASSWORD_FILE cannot be read: " + file, e);
    }
    String values = or(get.apply("QUOTIENT_SETUP_VALUES"), "");
    return new dev.quotient.server.account.FirstRun.Answers(get.apply("QUOTIENT_SETUP_ORGANISATION"),
        or(get.apply("QUOTIENT_SETUP_ZONE"), "UTC"), or(get.apply("QUOTIENT_SETUP_LOCALE"), "en"),
        or(get.apply("QUOTIENT_SETUP_CURRENCY"), "EUR"), String.join("\n", values.split("\\s*;\\s*")),
        get.apply("QUOTIENT_SETUP_ADMIN_NAME"), email, password, password);
  }

  /** The {@code plugins} folder beside the server jar; {@code ./plugins} when run from classes. */
  static Path defaultPluginsDir() {
    try {
      Path code = Path.of(QuotientConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isRegularFile(code)) {
        return code.getParent().resolve("plugins");
      }
    } catch (Exception e) {
      // fall through to the working directory
    }
    return Path.of("plugins").toAbsolutePath();
  }

  private static String or(String value, String fallback) {
    return value == null ? fallback : value;
  }

  private static int intOr(String value, int fallback, String name) {
    return (int) longOr(value, fallback, name);
  }

  private static long longOr(String value, long fallback, String name) {
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number: " + value, e);
    }
  }
}
