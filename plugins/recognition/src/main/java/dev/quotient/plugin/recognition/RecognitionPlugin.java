package dev.quotient.plugin.recognition;

import dev.quotient.api.PluginContext;
import dev.quotient.api.QuotientPlugin;
import dev.quotient.api.event.Catalogue;
import io.vertx.core.Future;
import java.nio.file.Path;
import org.pf4j.Extension;

/**
 * The recognition plugin: praise tied to the organisation's values on team feeds, badges defined as
 * data (awarded by leaders, first-time events, praise milestones, activity and point thresholds,
 * cadence streaks and contest wins), individual goals agreed with a leader and celebrated when met,
 * follow-up cadence streaks, and Open Badges 3.0 credentials signed with each organisation's issuer
 * key and verifiable at a public address.
 *
 * <p>At start it imports the badge definitions (packaged in the jar, or {@code badgesDir}); an
 * invalid file fails the start with a message naming it.
 */
@Extension
public class RecognitionPlugin implements QuotientPlugin {

  @Override
  public Future<Void> start(PluginContext context) {
    RecognitionConfig config = RecognitionConfig.from(context.config());
    BadgeCatalogue badges = new BadgeCatalogue(context.content());
    AwardService awards = new AwardService(context, badges);
    PraiseService praise = new PraiseService(context, config, awards);
    ActivityLog log = new ActivityLog(context);
    Celebrations celebrations = new Celebrations(context.content());
    Cadences cadences = new Cadences(context, config, log);
    Goals goals = new Goals(context, log, celebrations);
    RuleBadges rules = new RuleBadges(context, badges, awards, log, cadences, goals, celebrations);
    Credentials credentials = new Credentials(context, config, new Issuer(context.content(), context.clock()), badges);
    Progress progress = new Progress(context, goals, cadences, celebrations, rules);
    ApiRoutes api = new ApiRoutes(context, praise, awards, badges, credentials, progress);
    api.register(context.routes());
    new PageRoutes(context, praise, awards, badges, credentials, api, progress).register(context.routes());
    context.events().subscribe(Catalogue.MODULE_COMPLETED, event -> awards.moduleCompleted(event)
        .onFailure(e -> context.log().warn("first-time badges of {} not checked", event.userId(), e)));
    log.view().onFolded(rules::folded);
    context.events().subscribe(Catalogue.CONTEST_WON, event -> rules.contest(event)
        .onFailure(e -> context.log().warn("contest {} not celebrated for {}", event.contestId(), event.userId(), e)));
    context.events().handle(Catalogue.AWARD_BADGE, awards::command);
    String dir = context.config().getString("badgesDir");
    Path badgesDir = dir == null || dir.isBlank() ? null : Path.of(dir);
    return context.executeBlocking(() -> BadgeCatalogue.load(badgesDir, RecognitionPlugin.class.getClassLoader()))
        .compose(badges::importAll)
        .onSuccess(r -> context.log().info("badges: {} new, {} updated, {} unchanged", r.inserted(), r.updated(), r.unchanged()))
        // Not waiting for the tallies: their reads wait, and /health says when every projection is ready.
        .mapEmpty();
  }
}
