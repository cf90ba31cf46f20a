package dev.quotient.server.web;

import dev.quotient.api.Access;
import dev.quotient.api.ClientError;
import dev.quotient.server.account.HostedOrganisations;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The installation operator's API: further organisations on the same installation. Only the operator's
 * token ({@code QUOTIENT_OPERATOR_TOKEN_FILE}) gets in; everyone else, users of any organisation
 * included, gets 401.
 */
public final class OperatorRoutes {

  private static final String OWNER = "platform";

  /** Writes a backup of the node's store; fails with a 409 client error when the node has no embedded store. */
  public interface Backups {
    io.vertx.core.Future<JsonObject> write();
  }

  private final HostedOrganisations hosted;
  private final Backups backups;

  public OperatorRoutes(HostedOrganisations hosted, Backups backups) {
    this.hosted = hosted;
    this.backups = backups;
  }

  public void register(RouteRegistry routes) {
    // Public to the user-based access rules: the operator is no user. The handlers check the token.
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.GET, "/api/operator/organisations", Access.anyone(),
        ctx -> operator(ctx, () -> Web.respond(ctx, hosted::all, orgs -> Web.json(ctx, 200, new JsonArray(orgs.stream()
            .map(o -> OrganisationRoutes.json(o)).toList())))));
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.POST, "/api/operator/organisations", Access.anyone(),
        ctx -> operator(ctx, () -> {
          JsonObject b = Web.body(ctx);
          Web.respond(ctx, () -> hosted.create(new HostedOrganisations.Request(b.getString("name"), b.getString("zone"),
              b.getString("locale"), b.getString("currency"),
              b.getJsonArray("values", new JsonArray()).stream().map(String::valueOf).toList(),
              b.getString("adminName"), b.getString("adminEmail")), Web.client(ctx)),
              created -> Web.json(ctx, 201, new JsonObject().put("organisation", OrganisationRoutes.json(created.organisation()))
                  .put("adminId", created.admin().id())
                  .put("invitation", java.net.URI.create(ctx.request().absoluteURI())
                      .resolve("/welcome/" + created.invitation().token()).toString())
                  .put("expiresAt", created.invitation().invitation().expiresAt().toString())));
        }));
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.POST, "/api/operator/backups", Access.anyone(),
        ctx -> operator(ctx, () -> backups.write().onSuccess(b -> Web.json(ctx, 201, b)).onFailure(ctx::fail)));
  }

  private static void operator(RoutingContext ctx, Runnable handler) {
    if (!Boolean.TRUE.equals(ctx.get(Authenticator.OPERATOR))) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"operator\"");
      ctx.fail(new ClientError(401, "error.operator.required"));
      return;
    }
    handler.run();
  }
}
