package dev.quotient.plugin.mentoring;

import dev.quotient.api.Access;
import dev.quotient.api.PluginContext;
import dev.quotient.api.QuotientPlugin;
import dev.quotient.api.Role;
import dev.quotient.api.event.Catalogue;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.pf4j.Extension;

/**
 * The mentoring plugin. This first version proves the plugin path end to end: it is loaded from its own
 * jar, registers its page under {@code /mentoring} and listens to {@code mentor.matched} events from the catalogue.
 */
@Extension
public class MentoringPlugin implements QuotientPlugin {

  private final AtomicLong eventsSeen = new AtomicLong();

  @Override
  public Future<Void> start(PluginContext context) {
    context.events().subscribe(Catalogue.MENTOR_MATCHED, event -> eventsSeen.incrementAndGet());
    context.routes().page(HttpMethod.GET, "/", Access.roles(Role.REP, Role.MENTOR, Role.LEADER, Role.ADMIN), ctx ->
        context.pages().render(ctx, "home", "mentoring.title", Map.of("eventsSeen", eventsSeen.get())));
    context.log().info("mentoring plugin started");
    return Future.succeededFuture();
  }
}
