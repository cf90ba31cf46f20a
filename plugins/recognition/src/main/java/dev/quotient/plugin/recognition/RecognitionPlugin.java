package dev.quotient.plugin.recognition;

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
 * The recognition plugin. This first version proves the plugin path end to end: it is loaded from its own
 * jar, registers its page under {@code /recognition} and listens to {@code praise.given} events from the catalogue.
 */
@Extension
public class RecognitionPlugin implements QuotientPlugin {

  private final AtomicLong eventsSeen = new AtomicLong();

  @Override
  public Future<Void> start(PluginContext context) {
    context.events().subscribe(Catalogue.PRAISE_GIVEN, event -> eventsSeen.incrementAndGet());
    context.routes().page(HttpMethod.GET, "/", Access.signedIn(), ctx ->
        context.pages().render(ctx, "home", "recognition.title", Map.of("eventsSeen", eventsSeen.get())));
    context.log().info("recognition plugin started");
    return Future.succeededFuture();
  }
}
