package dev.quotient.plugin.training;

import dev.quotient.api.PluginContext;
import dev.quotient.api.QuotientPlugin;
import dev.quotient.api.event.Catalogue;
import io.vertx.core.Future;
import java.nio.file.Files;
import org.pf4j.Extension;

/**
 * The training plugin: curriculum modules and the organisation's own, lessons, server-scored quizzes,
 * assignments with due dates, spaced reinforcement after completion, and views for reps, leaders,
 * trainers and mentors. It publishes {@code module.completed} once per completion, keeps mentor
 * pairs from {@code mentor.matched}, and answers {@code module.assign}, {@code training.status} and
 * {@code modules.find}.
 *
 * <p>At start it imports the curriculum (packaged in the jar, or {@code curriculumDir}); an invalid
 * curriculum fails the start with a message naming the file.
 */
@Extension
public class TrainingPlugin implements QuotientPlugin {

  @Override
  public Future<Void> start(PluginContext context) {
    TrainingConfig config = TrainingConfig.from(context.config());
    TrainingService training = new TrainingService(context, config);
    ModuleViews views = new ModuleViews(context.markdown());
    Overviews overviews = new Overviews(training, context.content(), context.directory());
    new ApiRoutes(training, overviews, views).register(context.routes());
    new PageRoutes(context, training, overviews, views).register(context.routes());
    new TrainingCommands(context, training, overviews).register(context);
    context.events().subscribe(Catalogue.MENTOR_MATCHED, event -> training.mentorMatched(event)
        .onFailure(e -> context.log().warn("mentor pair {} - {} not kept", event.mentorId(), event.menteeId(), e)));
    Curriculum.Source source;
    if (config.curriculumDir() != null) {
      if (!Files.isDirectory(config.curriculumDir())) {
        return Future.failedFuture(new IllegalStateException("curriculumDir is not a folder: " + config.curriculumDir()));
      }
      source = Curriculum.folder(config.curriculumDir());
    } else {
      source = Curriculum.packaged(TrainingPlugin.class.getClassLoader());
    }
    Future<Void> indexes = Future.succeededFuture();
    for (var index : Overviews.INDEXES) {
      indexes = indexes.compose(v -> context.content().index(index.getKey(), index.getValue()));
    }
    return indexes.compose(v -> context.executeBlocking(() -> Curriculum.load(source, context.markdown())))
        .compose(training::importCurriculum)
        .onSuccess(r -> context.log().info("curriculum: {} new, {} updated, {} unchanged modules",
            r.inserted(), r.updated(), r.unchanged()))
        .mapEmpty();
  }
}
