package dev.quotient.server.ops;

import dev.quotient.api.Access;
import dev.quotient.server.mongo.Database;
import dev.quotient.server.plugin.PluginHost;
import dev.quotient.server.projection.ProjectionHost;
import dev.quotient.server.web.OpenApiValidation;
import dev.quotient.server.web.RouteRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Health ({@code /health} readiness: MongoDB answers, every plugin started and every projection reflects
 * the logs as they stood when it opened; {@code /health/live}
 * liveness) and the OpenAPI document. All public: they hold no organisation data. Metrics are served
 * on their own port ({@link OperatorMetrics}). Health answers in the Vert.x health-check JSON shape, 503 when down.
 */
public final class Operations {

  private final HealthChecks readiness;
  private final HealthChecks liveness;
  private final OpenApiValidation openApi;

  public Operations(Vertx vertx, Database database, PluginHost plugins, ProjectionHost projections,
      OpenApiValidation openApi, java.util.function.Supplier<java.util.Optional<String>> storeStopped) {
    this.openApi = openApi;
    // A node whose embedded store stopped cannot recover by itself: not live, so it is restarted.
    this.liveness = HealthChecks.create(vertx).register("event-loop", p -> p.complete(Status.OK()))
        .register("store", p -> p.complete(storeStopped.get()
            .map(why -> Status.KO(new io.vertx.core.json.JsonObject().put("stopped", why))).orElse(Status.OK())));
    this.readiness = HealthChecks.create(vertx)
        .register("mongodb", 5_000, p -> database.call(database::ping)
            .onSuccess(up -> p.complete(up ? Status.OK() : Status.KO()))
            .onFailure(p::fail))
        // A plugin that failed, rests or was skipped leaves the node serving everything else: reported as
        // degraded, never as down (a load balancer would pull a node that serves all but one plugin).
        .register("plugins", p -> {
          List<String> degraded = plugins.statuses().stream()
              .filter(s -> s.state() != dev.quotient.server.plugin.PluginState.STARTED || s.breakerOpenUntil() > 0
                  && s.breakerOpenUntil() > System.currentTimeMillis())
              .map(s -> s.id() + ": " + s.state() + (s.error() == null ? "" : " " + s.error())).toList();
          p.complete(degraded.isEmpty() ? Status.OK()
              : Status.OK(new io.vertx.core.json.JsonObject().put("degraded", true).put("failed", degraded)));
        })
        // Plugins start without waiting for their projections (a rebuild may take longer than a start
        // may); the node is ready to serve once they are built.
        .register("projections", p -> {
          List<String> building = projections.statuses().stream().filter(st -> !st.ready())
              .map(dev.quotient.api.projection.ProjectionView.Status::name).toList();
          p.complete(building.isEmpty() ? Status.OK()
              : Status.KO(new io.vertx.core.json.JsonObject().put("building", building)));
        });
  }

  public void register(RouteRegistry routes) {
    routes.add("platform", RouteRegistry.Kind.API, HttpMethod.GET, "/health", Access.anyone(),
        ctx -> answer(ctx, readiness));
    routes.add("platform", RouteRegistry.Kind.API, HttpMethod.GET, "/health/live", Access.anyone(),
        ctx -> answer(ctx, liveness));
    routes.add("platform", RouteRegistry.Kind.API, HttpMethod.GET, "/api/openapi.json", Access.anyone(),
        ctx -> ctx.response().putHeader("Content-Type", "application/json").end(openApi.document().encodePrettily()));
  }

  private static void answer(RoutingContext ctx, HealthChecks checks) {
    checks.checkStatus().onComplete(done -> {
      CheckResult result = done.succeeded() ? done.result() : CheckResult.from("health", done.cause());
      boolean up = CheckResult.isUp(result);
      ctx.response().setStatusCode(up ? 200 : 503)
          .putHeader("Content-Type", "application/json;charset=UTF-8")
          .end(result.toJson().encode());
    });
  }
}
