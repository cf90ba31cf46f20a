package dev.quotient.plugin.mentoring;

import dev.quotient.api.ContentStore;
import dev.quotient.api.PluginContext;
import dev.quotient.api.QuotientPlugin;
import dev.quotient.api.event.Catalogue;
import io.vertx.core.Future;
import org.pf4j.Extension;

/**
 * The mentoring plugin: mentor and mentee profiles, organisation-wide optimal matching rounds that a
 * leader reviews, adjusts and confirms (publishing {@code mentor.matched} once per pair), a mentee's
 * own pick from their top three, single re-matching when a pair ends, check-ins with private or
 * shared notes and ratings, a mentor's view of each mentee, and the expert directory. Other plugins ask
 * it for a mentor suggestion ({@code mentor.suggest}) and for mentorships ({@code mentorships.status}).
 */
@Extension
public class MentoringPlugin implements QuotientPlugin {

  @Override
  public Future<Void> start(PluginContext context) {
    Profiles profiles = new Profiles(context);
    StatusReads statusReads = new StatusReads(context);
    Matching matching = new Matching(context, statusReads);
    Pairs pairs = new Pairs(context, statusReads);
    Experts experts = new Experts(context, pairs);
    new ApiRoutes(context, profiles, matching, pairs, experts).register(context.routes());
    new PageRoutes(context, profiles, matching, pairs, experts).register(context.routes());
    new MentoringCommands(context, statusReads).register();
    context.events().subscribe(Catalogue.MODULE_COMPLETED, event -> pairs.moduleCompleted(event)
        .onFailure(e -> context.log().warn("module {} of {} not summarised for mentoring", event.moduleId(), event.userId(), e)));
    context.log().info("mentoring plugin started");
    // A pair's check-ins, newest first (Pairs.checkIns); a real MongoDB serves that read from this index.
    return context.content().index(Org.CHECKINS,
        ContentStore.Index.on(ContentStore.Key.asc("orgId"), ContentStore.Key.asc("pairId"), ContentStore.Key.desc("date")));
  }
}
