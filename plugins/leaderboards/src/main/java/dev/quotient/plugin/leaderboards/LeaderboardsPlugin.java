package dev.quotient.plugin.leaderboards;

import dev.quotient.api.Access;
import dev.quotient.api.PluginContext;
import dev.quotient.api.QuotientPlugin;
import dev.quotient.api.event.Catalogue;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.pf4j.Extension;

/**
 * The leaderboards plugin. This first version proves the plugin path end to end: it is loaded from its own
 * jar, registers its page under {@code /leaderboards} and listens to {@code points.awarded} events from the catalogue.
 */
@Extension
public class LeaderboardsPlugin implements QuotientPlugin {

  private final AtomicLong eventsSeen = new AtomicLong();

  @Override
  public Future<Void> start(PluginContext context) {
    context.events().subscribe(Catalogue.POINTS_AWARDED, event -> eventsSeen.incrementAndGet());
    context.routes().page(HttpMethod.GET, "/", Access.signedIn(), ctx ->
        context.pages().render(ctx, "home", "leaderboards.title", Map.of("eventsSeen", eventsSeen.get())));
    context.log().info("leaderboards plugin started");
    return Future.succeededFuture();
  }
}
