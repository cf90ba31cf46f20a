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
    Analysis analysis = new Analysis(context, catalog, audits, surveys, weights(context.config().getValue("weights")),
        timeout);
    Brief brief = new Brief(context, catalog, analysis);
    ApiRoutes api = new ApiRoutes(context, catalog, audits, surveys, brief);
    api.register(context.routes());
    new PageRoutes(context, catalog, audits, surveys, brief, api).register(context.routes());
    context.log().info("needs plugin started: {} questions, {} topics, {} terms", catalog.questions().size(),
        catalog.topics().size(), catalog.terms().size());
    return context.content().index(Surveys.RESPONSES, Surveys.RESPONSES_BY_SURVEY);
  }

  /** Survey, audit and skill-gap weights from {@code "40,35,25"} (or a JSON array); default 40/35/25. */
  static Ranking.Weights weights(Object configured) {
    if (configured == null) {
      return Ranking.Weights.DEFAULT;
    }
    String[] parts = (configured instanceof io.vertx.core.json.JsonArray a ? String.join(",", a.stream().map(String::valueOf)
        .toList()) : String.valueOf(configured)).split(",");
    try {
      if (parts.length != 3) {
        throw new IllegalArgumentException("three numbers expected");
      }
      return new Ranking.Weights(Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()),
          Double.parseDouble(parts[2].trim()));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("weights must be three numbers (survey, audit, skill gaps), not all zero: "
          + configured, e);
    }
  }
}
