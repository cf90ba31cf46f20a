package dev.quotient.plugin.training;

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
 * The training plugin. This first version proves the plugin path end to end: it is loaded from its own
 * jar, registers its page under {@code /training} and listens to {@code module.completed} events from the catalogue.
 */
@Extension
public class TrainingPlugin implements QuotientPlugin {

  private final AtomicLong eventsSeen = new AtomicLong();

  @Override
  public Future<Void> start(PluginContext context) {
    context.events().subscribe(Catalogue.MODULE_COMPLETED, event -> eventsSeen.incrementAndGet());
    context.routes().page(HttpMethod.GET, "/", Access.signedIn(), ctx ->
        context.pages().render(ctx, "home", "training.title", Map.of("eventsSeen", eventsSeen.get())));
    context.log().info("training plugin started");
    return Future.succeededFuture();
  }
}
