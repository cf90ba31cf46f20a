package dev.quotient.server.web;

import com.github.jknack.handlebars.Context;
import com.github.jknack.handlebars.Handlebars;
import com.github.jknack.handlebars.Helper;
import com.github.jknack.handlebars.Options;
import com.github.jknack.handlebars.Template;
import com.github.jknack.handlebars.cache.ConcurrentMapTemplateCache;
import com.github.jknack.handlebars.io.ClassPathTemplateLoader;
import com.github.jknack.handlebars.context.JavaBeanValueResolver;
import com.github.jknack.handlebars.context.MapValueResolver;
import com.github.jknack.handlebars.context.MethodValueResolver;
import com.github.jknack.handlebars.io.TemplateLoader;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.Role;
import dev.quotient.server.i18n.Messages;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CSRFHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Server-rendered pages: a template rendered into the platform layout ({@code templates/layout.hbs}
 * with its partials). HTML escaping is on for every {@code {{value}}}. Helpers: {@code t} (message in
 * the request's language), {@code date} (an instant in the organisation's time zone), {@code number},
 * {@code eq}. Models may hold Vert.x JSON at any depth ({@link JsonValueResolver}).
 */
public final class PageEngine {

  /** A link in the navigation bar. */
  public record NavItem(String href, String label) {}

  /** What the helpers need from the current request. */
  record RequestView(Messages messages, Locale locale, ZoneId zone) {}

  private static final String VIEW = "_view";
  /** Formatters of a day and of a moment by locale (immutable; building one per date shown was not free). */
  private static final Map<Locale, DateTimeFormatter> DAYS = new ConcurrentHashMap<>();
  private static final Map<Locale, DateTimeFormatter> MOMENTS = new ConcurrentHashMap<>();

  private final Messages messages;
  private final Handlebars platform;
  private final Template layout;
  private final Function<RoutingContext, List<NavItem>> pluginNav;
  private volatile WorkerExecutor renderers;
  /** Compiled templates by source (weak: an unloaded plugin's go with it), then name. */
  private final Map<Handlebars, Map<String, Template>> compiled =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  public PageEngine(Messages messages, Function<RoutingContext, List<NavItem>> pluginNav) {
    this.messages = messages;
    this.pluginNav = pluginNav;
    this.platform = handlebars(new ClassPathTemplateLoader("/templates", ".hbs"));
    try {
      this.layout = platform.compile("layout");
    } catch (IOException e) {
      throw new UncheckedIOException("the platform layout is missing", e);
    }
  }

  /** A Handlebars with the platform's helpers, reading templates through the given loader. */
  public static Handlebars handlebars(TemplateLoader loader) {
    Handlebars hb = new Handlebars(loader).with(new ConcurrentMapTemplateCache()).with(HtmlEscaping.INSTANCE);
    hb.registerHelper("t", (Helper<String>) (key, options) -> {
      RequestView view = view(options);
      return view.messages().text(view.locale(), key, options.params);
    });
    hb.registerHelper("date", (Helper<Object>) (value, options) -> {
      java.time.LocalDate day = toLocalDate(value);
      if (day != null) {
        // a calendar day (a plan's start, a check-in's date) has no time and no zone to apply
        return DAYS.computeIfAbsent(view(options).locale(),
            l -> DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(l)).format(day);
      }
      Instant instant = toInstant(value);
      if (instant == null) {
        return "";
      }
      RequestView view = view(options);
      DateTimeFormatter f = "date".equals(options.hash("style"))
          ? DAYS.computeIfAbsent(view.locale(), l -> DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(l))
          : MOMENTS.computeIfAbsent(view.locale(),
              l -> DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT).withLocale(l));
      return f.withZone(view.zone()).format(instant);
    });
    // {{inLanguage titles fallback}}: the text for the reader's language from a map of language tags to texts
    hb.registerHelper("inLanguage", (Helper<Object>) (texts, options) -> {
      Object fallback = options.param(0, null);
      if (texts instanceof Map<?, ?> byLanguage) {
        Object mine = byLanguage.get(view(options).locale().getLanguage());
        if (mine instanceof String s && !s.isBlank()) {
          return s;
        }
      }
      return fallback == null ? "" : fallback.toString();
    });
    hb.registerHelper("number", (Helper<Object>) (value, options) -> value instanceof Number n
        ? Messages.numberFormat(view(options).locale()).format(n) : "");
    hb.registerHelper("concat", (Helper<Object>) (first, options) -> {
      StringBuilder out = new StringBuilder(String.valueOf(first));
      for (Object p : options.params) {
        out.append(p);
      }
      return out.toString();
    });
    hb.registerHelper("eq", (Helper<Object>) (a, options) -> Objects.equals(
        String.valueOf(a), String.valueOf((Object) options.param(0, null))) ? options.fn() : options.inverse());
    return hb;
  }

  /** The platform's own templates. */
  public Handlebars platform() {
    return platform;
  }

  public Messages messages() {
    return messages;
  }

  /**
   * Compiles every template of the platform, so the first view of each page does not pay for it (the
   * first home page after a start took 278 ms, the later ones 20). Blocking: run on a worker at start.
   * Returns how many were compiled.
   */
  public int warm() {
    java.net.URL layout = PageEngine.class.getResource("/templates/layout.hbs");
    if (layout == null) {
      return 0;
    }
    return warm(platform, messages, templateNames(layout, "templates/"));
  }

  /**
   * Compiles the named templates of a source (the platform's or a plugin's) and applies each once per
   * language to a model with no data, so the code a first view runs (the resolvers, helpers, message
   * formats and each language's number and date formats) is loaded and compiled before the node listens:
   * the first home page under a demo history's load still took three times the next one, a plugin's first
   * page five times. What a template needs and an empty model lacks is no error here. Blocking.
   */
  public int warm(Handlebars source, Messages bundle, List<String> names) {
    for (String name : names) {
      try {
        compiled(source, name);
      } catch (IOException | RuntimeException e) {
        throw new IllegalStateException("template " + name + " does not compile", e);
      }
    }
    for (Locale locale : Messages.SUPPORTED) {
      Map<String, Object> model = new HashMap<>();
      model.put(VIEW, new RequestView(bundle, locale, ZoneId.of("UTC")));
      model.put("lang", locale.getLanguage());
      model.put("now", Instant.now());
      model.put("user", Map.of("name", "", "roles", List.of()));
      model.put("nav", List.of(Map.of("href", "/", "label", "", "current", true)));
      for (String name : names) {
        try {
          // the path a view takes: into UTF-8 bytes, joined to head and tail without a copy
          io.vertx.core.internal.buffer.BufferInternal.buffer(io.netty.buffer.Unpooled.wrappedBuffer(
              io.netty.buffer.Unpooled.wrappedBuffer(utf8(name)), body(compiled(source, name), model),
              io.netty.buffer.Unpooled.wrappedBuffer(utf8(name)))).getBytes();
        } catch (IOException | RuntimeException e) {
          // an empty model is not a page: the rehearsal only runs the code
        }
      }
    }
    return names.size();
  }

  /**
   * The template names (paths under {@code prefix} without {@code .hbs}) of the folder {@code anchor} is
   * (or holds), in a jar or a directory: {@code prefix} is that folder's path from the root.
   */
  public static List<String> templateNames(java.net.URL anchor, String prefix) {
    List<String> names = new java.util.ArrayList<>();
    try {
      if ("jar".equals(anchor.getProtocol())) {
        java.net.URL jarFile = ((java.net.JarURLConnection) anchor.openConnection()).getJarFileURL();
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(java.nio.file.Path.of(jarFile.toURI()).toFile())) {
          jar.stream().map(java.util.jar.JarEntry::getName)
              .filter(n -> n.startsWith(prefix) && n.endsWith(".hbs"))
              .forEach(n -> names.add(n.substring(prefix.length(), n.length() - ".hbs".length())));
        }
      } else if ("file".equals(anchor.getProtocol())) {
        java.nio.file.Path at = java.nio.file.Path.of(anchor.toURI());
        java.nio.file.Path dir = java.nio.file.Files.isDirectory(at) ? at : at.getParent();
        try (var files = java.nio.file.Files.walk(dir)) {
          files.filter(f -> f.toString().endsWith(".hbs")).forEach(f -> {
            String relative = dir.relativize(f).toString().replace(java.io.File.separatorChar, '/');
            names.add(relative.substring(0, relative.length() - ".hbs".length()));
          });
        }
      }
    } catch (IOException | java.net.URISyntaxException e) {
      throw new IllegalStateException("templates under " + prefix + " cannot be listed", e);
    }
    return names;
  }

  /**
   * A compiled template. Handlebars' own cache is keyed by the template's source, which it looks up on
   * the class path on every compile call (a resource search per page view), so compiled templates are
   * kept here by name, per template source (the platform's and each plugin's).
   */
  private Template compiled(Handlebars source, String template) throws IOException {
    Map<String, Template> bySource = compiled.computeIfAbsent(source, s -> new ConcurrentHashMap<>());
    Template t = bySource.get(template);
    if (t == null) {
      t = source.compile(template);
      bySource.put(template, t);
    }
    return t;
  }

  /**
   * The threads pages are rendered on, as many as there are cores: on the shared worker pool twenty
   * renders at once took turns on two cores, so each took twenty times as long and the slowest
   * hundredth of pages waited several times the average.
   */
  private WorkerExecutor renderers(Vertx vertx) {
    WorkerExecutor r = renderers;
    if (r == null) {
      synchronized (this) {
        if (renderers == null) {
          renderers = vertx.createSharedWorkerExecutor("quotient-pages", Runtime.getRuntime().availableProcessors());
        }
        r = renderers;
      }
    }
    return r;
  }

  /** Renders a platform template in the layout and ends the response. */
  public void render(RoutingContext ctx, String template, String titleKey, Map<String, Object> model) {
    render(ctx, platform, messages, template, titleKey, model);
  }

  /** Renders a template of the given source (a plugin's) in the layout and ends the response. */
  public void render(RoutingContext ctx, Handlebars source, Messages bundle, String template, String titleKey,
      Map<String, Object> model) {
    render(ctx, source, bundle, template, titleKey, model, false);
  }

  /**
   * Renders a model that never changes once built (see {@code PageRenderer.renderKept}): the body is kept
   * by the model, the template and what the platform adds for the reader (language, zone, the reader and
   * their roles, the form token), and served again for them. A KPI page's body
   * (twelve charts) was four fifths of its cost, rendered again for every view of one kept model.
   */
  public void renderKept(RoutingContext ctx, Handlebars source, Messages bundle, String template, String titleKey,
      Map<String, Object> model) {
    render(ctx, source, bundle, template, titleKey, model, true);
  }

  /**
   * Bodies rendered from kept models, by the model (its identity), the template and what the platform
   * adds for the reader; 32 MB of bodies at most, each dropped a minute after its last view (so the
   * models they hold go too).
   */
  private final com.github.benmanes.caffeine.cache.Cache<BodyKey, byte[]> keptBodies =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumWeight(32L << 20)
          .<BodyKey, byte[]>weigher((key, body) -> body.length)
          .expireAfterAccess(java.time.Duration.ofMinutes(1)).build();

  private record BodyKey(Model model, Handlebars source, String template, Map<String, Object> common) {}

  /** A kept model compared by identity: it never changes, and comparing its contents costs a render. */
  private record Model(Map<String, Object> kept) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Model m && m.kept == kept;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(kept);
    }
  }

  /** Where the layout puts the body (no template writes control characters). */
  private static final String BODY_MARK = "\u0000quotient-body\u0000";

  /** Each template's last body size: the next body's buffer starts that large and rarely grows. */
  private final Map<Template, Integer> bodySizes = new ConcurrentHashMap<>();

  /** Applies a body template straight into UTF-8 bytes. */
  private io.netty.buffer.ByteBuf body(Template template, Map<String, Object> model) throws IOException {
    Utf8Writer out = new Utf8Writer(bodySizes.getOrDefault(template, 4096) + 1024);
    template.apply(context(model), out);
    io.netty.buffer.ByteBuf bytes = out.bytes();
    bodySizes.put(template, bytes.readableBytes());
    return bytes;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private void render(RoutingContext ctx, Handlebars source, Messages bundle, String template, String titleKey,
      Map<String, Object> model, boolean kept) {
    CurrentUser user = CurrentUser.of(ctx);
    Locale locale = RequestLocale.of(ctx);
    ZoneId zone = user != null ? user.zone() : ZoneId.of("UTC");
    Map<String, Object> common = common(ctx, user, locale, zone, bundle);
    Map<String, Object> bodyModel = new HashMap<>(common);
    bodyModel.putAll(model);
    Map<String, Object> page = new HashMap<>(common);
    page.put(VIEW, new RequestView(messages, locale, zone));
    page.put("title", bundle.text(locale, titleKey));
    page.put("nav", navLinks(ctx, nav(ctx, user, locale)));
    // Templates are applied on a worker: a page is the costliest thing the event loop would do, and one
    // event loop serves every connection, so rendering there held every other request (and both cores
    // could not share the rendering).
    renderers(ctx.vertx()).executeBlocking(() -> {
      io.netty.buffer.ByteBuf body;
      if (kept) {
        BodyKey key = new BodyKey(new Model(model), source, template, common);
        byte[] keptBody = keptBodies.getIfPresent(key);
        if (keptBody == null) {
          io.netty.buffer.ByteBuf rendered = body(compiled(source, template), bodyModel);
          keptBody = io.netty.buffer.ByteBufUtil.getBytes(rendered);
          keptBodies.put(key, keptBody);
        }
        body = io.netty.buffer.Unpooled.wrappedBuffer(keptBody);
      } else {
        body = body(compiled(source, template), bodyModel);
      }
      // The layout is applied around a mark and the response is its head, the body's bytes and its tail,
      // joined without a copy: a 40 kB body was copied into the layout's text, that text into a string and
      // the string into bytes, and those copies were most of what a page allocated (and its slowest
      // hundredth waited for the collections they caused).
      page.put("body", BODY_MARK);
      String around = layout.apply(context(page));
      int at = around.indexOf(BODY_MARK);
      byte[] head = utf8(around.substring(0, at));
      byte[] tail = utf8(around.substring(at + BODY_MARK.length()));
      return (io.vertx.core.buffer.Buffer) io.vertx.core.internal.buffer.BufferInternal.buffer(
          io.netty.buffer.Unpooled.wrappedBuffer(io.netty.buffer.Unpooled.wrappedBuffer(head), body,
              io.netty.buffer.Unpooled.wrappedBuffer(tail)));
    }, false).onSuccess(html -> {
      if (ctx.response().ended()) {
        return;
      }
      if (ctx.response().getStatusCode() == 0) {
        ctx.response().setStatusCode(200);
      }
      ctx.response()
          .putHeader("Content-Type", "text/html; charset=utf-8")
          .putHeader("Content-Language", locale.toLanguageTag())
          .putHeader("Cache-Control", "no-store")
          .end(html);
    }).onFailure(e -> {
      // A template error (a missing partial, a failing helper) must end the request, not leave it hanging.
      ctx.fail(e instanceof IOException io ? new UncheckedIOException("cannot render " + template, io)
          : new IllegalStateException("cannot render " + template, e));
    });
  }

  private Map<String, Object> common(RoutingContext ctx, CurrentUser user, Locale locale, ZoneId zone,
      Messages bundle) {
    Map<String, Object> m = new HashMap<>();
    m.put(VIEW, new RequestView(bundle, locale, zone));
    m.put("lang", locale.getLanguage());
    m.put("csrf", ctx.get(CSRFHandler.DEFAULT_HEADER_NAME));
    m.put("csrfField", CSRFHandler.DEFAULT_HEADER_NAME);
    if (user != null) {
      Map<String, Object> u = new HashMap<>();
      u.put("id", user.userId());
      u.put("name", user.name());
      u.put("email", user.email());
      for (Role r : Role.values()) {
        u.put("is" + r.key().substring(0, 1).toUpperCase(Locale.ROOT) + r.key().substring(1), user.has(r));
      }
      u.put("roles", user.roles().stream().map(Role::key).sorted().toList());
      m.put("user", u);
    }
    return m;
  }

  private List<NavItem> nav(RoutingContext ctx, CurrentUser user, Locale locale) {
    List<NavItem> items = new ArrayList<>();
    if (user == null) {
      return items;
    }
    items.add(new NavItem("/", messages.text(locale, "nav.home")));
    items.add(new NavItem("/library", messages.text(locale, "nav.library")));
    items.add(new NavItem("/points", messages.text(locale, "nav.points")));
    items.addAll(pluginNav.apply(ctx));
    if (user.has(Role.ADMIN)) {
      items.add(new NavItem("/admin/organisation", messages.text(locale, "nav.organisation")));
      items.add(new NavItem("/admin/users", messages.text(locale, "nav.users")));
      items.add(new NavItem("/admin/teams", messages.text(locale, "nav.teams")));
      items.add(new NavItem("/admin/audit", messages.text(locale, "nav.audit")));
    }
    if (user.has(Role.ADMIN) || user.has(Role.LEADER)) {
      items.add(new NavItem("/activities/import", messages.text(locale, "nav.import")));
      items.add(new NavItem("/admin/plugins", messages.text(locale, "nav.plugins")));
    }
    items.add(new NavItem("/account", messages.text(locale, "nav.account")));
    return items;
  }

  /** The navigation with the link of the page being shown marked current ({@code aria-current="page"}). */
  private static List<Map<String, Object>> navLinks(RoutingContext ctx, List<NavItem> items) {
    String path = ctx.request().path();
    List<Map<String, Object>> links = new ArrayList<>();
    for (NavItem item : items) {
      String href = item.href();
      boolean current = href.equals(path) || !"/".equals(href) && path != null && path.startsWith(href + "/");
      links.add(Map.of("href", href, "label", item.label(), "current", current));
    }
    return links;
  }

  /**
   * Vert.x JSON (at any depth), maps, Java beans and records (accessor methods) can all be read by templates.
   * The JSON resolver comes first so a JsonObject's keys win over its Java getters.
   */
  static Context context(Map<String, Object> model) {
    Context context = Context.newBuilder(model).resolver(JsonValueResolver.INSTANCE, MapValueResolver.INSTANCE,
        JavaBeanValueResolver.INSTANCE, MethodValueResolver.INSTANCE).build();
    Object view = model.get(VIEW);
    if (view != null) {
      // as data too: helpers read it from the root in one lookup, where a lookup by name climbed every
      // enclosing context through each resolver (a sixth of a KPI page's rendering)
      context.data(VIEW, view);
    }
    return context;
  }

  private static RequestView view(Options options) {
    Object v = options.data(VIEW);
    if (v == null) {
      v = options.get(VIEW);
    }
    if (v instanceof RequestView view) {
      return view;
    }
    throw new IllegalStateException("template rendered without a request view");
  }

  /** A calendar day: a {@code LocalDate} or an ISO day such as {@code 2026-12-07}; null for anything else. */
  private static java.time.LocalDate toLocalDate(Object value) {
    if (value instanceof java.time.LocalDate d) {
      return d;
    }
    if (value instanceof String s && s.length() == 10 && s.charAt(4) == '-' && s.charAt(7) == '-') {
      try {
        return java.time.LocalDate.parse(s);
      } catch (java.time.format.DateTimeParseException e) {
        return null;
      }
    }
    return null;
  }

  private static Instant toInstant(Object value) {
    if (value instanceof Instant i) {
      return i;
    }
    if (value instanceof Date d) {
      return d.toInstant();
    }
    if (value instanceof String s && !s.isBlank()) {
      return Instant.parse(s);
    }
    return null;
  }
}
