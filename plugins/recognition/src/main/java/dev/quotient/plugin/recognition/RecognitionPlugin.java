package dev.quotient.plugin.recognition;

import dev.quotient.api.PluginContext;
import dev.quotient.api.QuotientPlugin;
import dev.quotient.api.event.Catalogue;
import io.vertx.core.Future;
import java.nio.file.Path;
import org.pf4j.Extension;

/**
 * The recognition plugin: praise tied to the organisation's values on team feeds, badges defined as
 * data (awarded by leaders, by a first passed module and by praise milestones), and Open Badges 3.0
 * credentials signed with each organisation's issuer key and verifiable at a public address.
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
    Credentials credentials = new Credentials(context, config, new Issuer(context.content(), context.clock()), badges);
    ApiRoutes api = new ApiRoutes(context, praise, awards, badges, credentials);
    api.register(context.routes());
    new PageRoutes(context, praise, awards, badges, credentials, api).register(context.routes());
    context.events().subscribe(Catalogue.MODULE_COMPLETED, event -> awards.moduleCompleted(event)
        .onFailure(e -> context.log().warn("first-time badges of {} not checked", event.userId(), e)));
    context.events().handle(Catalogue.AWARD_BADGE, awards::command);
    String dir = context.config().getString("badgesDir");
    Path badgesDir = dir == null || dir.isBlank() ? null : Path.of(dir);
    return context.vertx().executeBlocking(() -> BadgeCatalogue.load(badgesDir, RecognitionPlugin.class.getClassLoader()))
        .compose(badges::importAll)
        .onSuccess(r -> context.log().info("badges: {} new, {} updated, {} unchanged", r.inserted(), r.updated(), r.unchanged()))
        .mapEmpty();
  }
}
