package dev.quotient.plugin.needs;

import dev.quotient.api.PluginContext;
import dev.quotient.api.QuotientPlugin;
import io.vertx.core.Future;
import org.pf4j.Extension;

/**
 * Training needs (tips 1 and 7): the seven-question audit in dated rounds compared over time, the team
 * survey of training needs, the ranking of the most urgent topics from both plus the reps' skill gaps,
 * and the trainer brief with its glossary, the library's materials and the enforcement tools missing.
 */
@Extension
public class NeedsPlugin implements QuotientPlugin {

  @Override
  public Future<Void> start(PluginContext context) {
    Catalog catalog = Catalog.load(NeedsPlugin.class.getClassLoader());
    Object configured = context.config().getValue("skillGapsTimeoutMs");
    long timeout = configured == null ? 2000L : Long.parseLong(String.valueOf(configured).trim());
    if (timeout < 1) {
      throw new IllegalStateException("skillGapsTimeoutMs must be at least 1: " + timeout);
    }
    Audits audits = new Audits(context, catalog);
    Surveys surveys = new Surveys(context, catalog);
    Analysis analysis = new Analysis(context, catalog, audits, surveys, Ranking.Weights.DEFAULT, timeout);
    Brief brief = new Brief(context, catalog, analysis);
    ApiRoutes api = new ApiRoutes(context, catalog, audits, surveys, brief);
    api.register(context.routes());
    new PageRoutes(context, catalog, audits, surveys, brief, api).register(context.routes());
    context.log().info("needs plugin started: {} questions, {} topics, {} terms", catalog.questions().size(),
        catalog.topics().size(), catalog.terms().size());
    return Future.succeededFuture();
  }
}
