package dev.quotient.plugin.hiring;

import dev.quotient.api.ContentStore;
import dev.quotient.api.PluginContext;
import dev.quotient.api.QuotientPlugin;
import io.vertx.core.Future;
import org.pf4j.Extension;

/**
 * RPAC hiring (tip 2): per role an ideal-candidate matrix and a job description; candidates scored by
 * several interviewers on Role fit, Proven past achievement, Acumen and Culture fit with written
 * evidence; a side-by-side comparison against the ideal; and the hire, which asks the platform for the
 * new rep's account ({@code user.create}) and publishes {@code candidate.hired}.
 */
@Extension
public class HiringPlugin implements QuotientPlugin {

  @Override
  public Future<Void> start(PluginContext context) {
    Service service = Service.create(context);
    new ApiRoutes(service).register(context.routes());
    new PageRoutes(service).register(context.routes());
    context.log().info("hiring plugin started");
    Future<Void> indexes = Future.succeededFuture();
    for (ContentStore.Index index : Scorecards.INDEXES) {
      indexes = indexes.compose(v -> context.content().index(Scorecards.COLLECTION, index));
    }
    return indexes;
  }
}
