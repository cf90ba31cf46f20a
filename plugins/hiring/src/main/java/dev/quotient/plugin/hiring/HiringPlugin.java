package dev.quotient.plugin.hiring;

import dev.quotient.api.PluginContext;
import dev.quotient.api.QuotientPlugin;
import io.vertx.core.Future;
import org.pf4j.Extension;

/** RPAC hiring: ideal-candidate matrices, interviewer scorecards, comparison and hire. */
@Extension
public class HiringPlugin implements QuotientPlugin {

  @Override
  public Future<Void> start(PluginContext context) {
    return Future.succeededFuture();
  }
}
