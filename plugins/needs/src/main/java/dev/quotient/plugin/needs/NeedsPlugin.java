package dev.quotient.plugin.needs;

import dev.quotient.api.PluginContext;
import dev.quotient.api.QuotientPlugin;
import io.vertx.core.Future;
import org.pf4j.Extension;

/** The audit, the team survey and the trainer brief: which training is most urgent. */
@Extension
public class NeedsPlugin implements QuotientPlugin {

  @Override
  public Future<Void> start(PluginContext context) {
    return Future.succeededFuture();
  }
}
