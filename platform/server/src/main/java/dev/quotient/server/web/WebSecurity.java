package dev.quotient.server.web;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import dev.quotient.server.config.QuotientConfig;
import dev.quotient.server.mongo.Database;
import io.vertx.core.Vertx;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CSRFHandler;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.sstore.ClusteredSessionStore;
import io.vertx.ext.web.sstore.LocalSessionStore;
import io.vertx.ext.web.sstore.SessionStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.function.Predicate;
import org.bson.Document;

/**
 * The handlers every request passes before its route: security headers, a size-limited body,
 * the session, the caller and CSRF protection for browser sessions. (OpenAPI validation runs per
 * API route, after its access rule: see {@link RouteRegistry}.)
 */
public final class WebSecurity {

  public static final String SESSION_COOKIE = "quotient.session";
  private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

  private final Vertx vertx;
  private final QuotientConfig config;
  private final String secret;

  public WebSecurity(Vertx vertx, QuotientConfig config, String secret) {
    this.vertx = vertx;
    this.config = config;
    this.secret = secret;
  }

  /**
   * The secret that signs CSRF tokens, shared by every node: created once and kept in MongoDB.
   * Blocking.
   */
  public static String secret(Database database) {
    MongoCollection<Document> settings = database.collection("settings");
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    Document d = settings.findOneAndUpdate(Filters.eq("_id", "csrf-secret"),
        Updates.setOnInsert("value", Base64.getEncoder().encodeToString(raw)),
        new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
    return d.getString("value");
  }

  public void install(Router router, Authenticator authenticator, Predicate<HttpServerRequest> streamsBody) {
    boolean https = config.secureCookies();
    router.route().handler(ctx -> headers(ctx, https));
    BodyHandler body = BodyHandler.create(false).setBodyLimit(config.maxBodyBytes());
    // GET, HEAD and OPTIONS carry no body; parsing one (say, with a form content type) fails in Vert.x.
    // Streaming routes (declared through RouteRegistry.addStreaming) read and limit their body themselves.
    router.route().handler(ctx -> {
      if (streamsBody.test(ctx.request())) {
        // Held back while the session and the caller are looked up; the route's handler pipes it.
        HeldBody.hold(ctx);
        ctx.next();
      } else if (SAFE.contains(ctx.request().method())) {
        ctx.next();
      } else {
        body.handle(ctx);
      }
    });
    SessionStore store = config.cluster() ? ClusteredSessionStore.create(vertx) : LocalSessionStore.create(vertx);
    router.route().handler(SessionHandler.create(store)
        .setSessionCookieName(SESSION_COOKIE)
        .setCookieHttpOnlyFlag(true)
        .setCookieSameSite(CookieSameSite.STRICT)
        .setCookieSecureFlag(config.secureCookies())
        .setLazySession(true));
    router.route().handler(authenticator::handle);
    CSRFHandler csrf = CSRFHandler.create(vertx, secret)
        .setCookieSecure(config.secureCookies())
        .setCookiePath("/");
    router.route().handler(ctx -> {
      if (needsCsrf(ctx)) {
        csrf.handle(ctx);
      } else {
        ctx.next();
      }
    });
  }

  /**
   * Browser sessions carry ambient authority, so they need the token. Bearer-token calls do not,
   * and neither do requests that carry no session cookie (nothing to abuse; the sign-in form and
   * scripts post without one). Safe methods pass through the handler to receive a token.
   */
  static boolean needsCsrf(RoutingContext ctx) {
    if (Boolean.TRUE.equals(ctx.get(Authenticator.VIA_TOKEN))) {
      return false;
    }
    if (SAFE.contains(ctx.request().method())) {
      return !ctx.request().path().startsWith("/api/") && !ctx.request().path().startsWith("/static/");
    }
    return ctx.request().getCookie(SESSION_COOKIE) != null;
  }

  /**
   * Headers every answer carries. The pages use no camera, microphone, location or payment, so no
   * page (nor anything injected into one) may ask for them; served over TLS (secure cookies), browsers
   * are told to use nothing else for a year.
   */
  static void headers(RoutingContext ctx, boolean https) {
    ctx.response()
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Referrer-Policy", "same-origin")
        .putHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'")
        .putHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
    if (https) {
      ctx.response().putHeader("Strict-Transport-Security", "max-age=31536000");
    }
    ctx.next();
  }
}
