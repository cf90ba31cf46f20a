package dev.quotient.server.web;

import dev.quotient.api.Access;
import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * The only way routes are added: each with the {@link Access} rule checked before its handler.
 * A request matching no declared route gets 404, so nothing is reachable by default.
 */
public final class RouteRegistry {

  /** Pages answer HTML and send anonymous callers to the sign-in page; API routes answer JSON. */
  public enum Kind { PAGE, API }

  /** A route as declared, for the access table and its test. */
  public record Declared(String owner, Kind kind, HttpMethod method, String path, Access access) {
    public Declared {
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(access, "access");
    }
  }

  private final Router router;
  private final Problems problems;
  private final Handler<RoutingContext> apiValidation;
  private final List<Declared> declared = new CopyOnWriteArrayList<>();
  private final List<StreamingRoute> streaming = new CopyOnWriteArrayList<>();

  /**
   * @param apiValidation runs on API routes after the access rule and before the handler, so
   *     callers who may not use a route learn nothing about what it accepts
   */
  public RouteRegistry(Router router, Problems problems, Handler<RoutingContext> apiValidation) {
    this.router = router;
    this.problems = problems;
    this.apiValidation = apiValidation;
  }

  public Route add(String owner, Kind kind, HttpMethod method, String path, Access access,
      Handler<RoutingContext> handler) {
    declared.add(new Declared(owner, kind, method, path, access));
    Route route = router.route(method, path).handler(guard(kind, access));
    if (kind == Kind.API) {
      route.handler(apiValidation);
    }
    return route.handler(handler);
  }

  // --- streaming request bodies (the trainer-content store's uploads) ---

  /** A route whose handler reads the request body itself, as a stream. */
  private record StreamingRoute(HttpMethod method, Pattern path) {}

  /**
   * Adds a route whose handler consumes the request body as a stream (large uploads), with its access
   * rule like any other. Such routes are the one exception to the platform's buffered, size-limited
   * body: {@link WebSecurity} asks {@link #streamsBody} and leaves their body unread, so the handler
   * must enforce its own limit. API routes among them are not passed to the OpenAPI validator, which
   * would read the whole body; the contract still describes them and their handler checks parameters.
   */
  public Route addStreaming(String owner, Kind kind, HttpMethod method, String path, Access access,
      Handler<RoutingContext> handler) {
    declared.add(new Declared(owner, kind, method, path, access));
    streaming.add(new StreamingRoute(method, pathPattern(path)));
    return router.route(method, path).handler(guard(kind, access)).handler(handler);
  }

  /** {@code /api/materials/:id/file} as a pattern: parameters match one path segment. */
  private static Pattern pathPattern(String path) {
    StringBuilder regex = new StringBuilder();
    for (String segment : path.split("/", -1)) {
      if (regex.length() > 0 || !segment.isEmpty()) {
        regex.append('/');
      }
      regex.append(segment.startsWith(":") ? "[^/]+" : Pattern.quote(segment));
    }
    return Pattern.compile(regex.toString());
  }

  /** True when the request goes to a route declared with {@link #addStreaming}. */
  public boolean streamsBody(HttpServerRequest request) {
    String path = request.path();
    for (StreamingRoute r : streaming) {
      if (r.method().equals(request.method()) && path != null && r.path().matcher(path).matches()) {
        return true;
      }
    }
    return false;
  }

  public List<Declared> declared() {
    return List.copyOf(declared);
  }

  private Handler<RoutingContext> guard(Kind kind, Access access) {
    return ctx -> {
      CurrentUser user = CurrentUser.of(ctx);
      if (access.allows(user)) {
        ctx.next();
      } else if (user == null && kind == Kind.PAGE && ctx.request().method() == HttpMethod.GET) {
        String next = URLEncoder.encode(ctx.request().uri(), StandardCharsets.UTF_8);
        Web.seeOther(ctx, "/signin?next=" + next);
      } else if (user == null) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        problems.send(ctx, new ClientError(401, "error.status.401"));
      } else {
        problems.send(ctx, ClientError.forbidden("error.status.403"));
      }
    };
  }
}
