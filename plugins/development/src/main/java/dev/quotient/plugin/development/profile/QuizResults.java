package dev.quotient.plugin.development.profile;

import dev.quotient.api.ContentStore;
import dev.quotient.api.event.Events;
import dev.quotient.api.materials.Skill;
import dev.quotient.api.RecentReads;
import io.vertx.core.Future;
import java.time.Duration;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Quiz results from {@code module.completed}, kept as profile evidence and plan progress, and the
 * modules seen so far with the sub-skills they train: plans suggest these after the training plugin's
 * {@code modules.find} answer, and instead of it when training does not answer.
 */
public final class QuizResults {

  static final String RESULTS = "quiz_results";
  static final String MODULES = "modules";

  private final ContentStore store;
  /** Results and modules as read lately: every plan page and profile reads them. */
  private final RecentReads<List<JsonObject>> recent = new RecentReads<>(Duration.ofSeconds(1));

  public QuizResults(ContentStore store) {
    this.store = store;
  }

  /** Stores one completion; a repeated event leaves one document. */
  public Future<Void> completed(Events.ModuleCompleted e) {
    List<String> skills = e.skills().stream().map(QuizResults::skill).flatMap(Optional::stream).map(Skill::key).toList();
    String id = Ids.of(e.orgId(), e.userId(), e.moduleId(), Integer.toString(e.moduleVersion()),
        Long.toString(e.completedAt().toEpochMilli()));
    JsonObject doc = new JsonObject().put("orgId", e.orgId()).put("userId", e.userId()).put("moduleId", e.moduleId())
        .put("score", e.score()).put("passed", e.passed()).put("skills", new JsonArray(skills))
        .put("completedAt", e.completedAt().toEpochMilli());
    return store.merge(RESULTS, id, doc).compose(v -> store.merge(MODULES, Ids.of(e.orgId(), e.moduleId()),
        new JsonObject().put("orgId", e.orgId()).put("moduleId", e.moduleId()).put("skills", new JsonArray(skills))))
        .onComplete(x -> {
          recent.forget(RESULTS + "/" + e.orgId() + "/" + e.userId());
          recent.forget(MODULES + "/" + e.orgId());
        }).mapEmpty();
  }

  /** A person's completions, newest first. */
  public Future<List<JsonObject>> of(String orgId, String userId) {
    return recent.get(RESULTS + "/" + orgId + "/" + userId, () -> store.find(RESULTS,
        new JsonObject().put("orgId", orgId).put("userId", userId), new JsonObject().put("completedAt", -1), 500)
        .map(List::copyOf));
  }

  /** The newest result of each module. */
  public static Collection<JsonObject> latestPerModule(List<JsonObject> newestFirst) {
    Map<String, JsonObject> out = new LinkedHashMap<>();
    for (JsonObject r : newestFirst) {
      out.putIfAbsent(r.getString("moduleId"), r);
    }
    return out.values();
  }

  /** Quiz evidence: the newest result of each module, for each sub-skill it trains. */
  public static List<Evidence.Item> evidence(List<JsonObject> newestFirst) {
    List<Evidence.Item> out = new ArrayList<>();
    for (JsonObject r : latestPerModule(newestFirst)) {
      List<Skill> skills = r.getJsonArray("skills", new JsonArray()).stream().map(String::valueOf)
          .map(QuizResults::skill).flatMap(Optional::stream).toList();
      out.addAll(Evidence.fromQuiz(r.getString("moduleId"), skills, r.getDouble("score", 0.0)));
    }
    return out;
  }

  /** Modules seen in the organisation: module id to the sub-skills it trains. */
  public Future<Map<String, List<Skill>>> modules(String orgId) {
    return recent.get(MODULES + "/" + orgId, () -> store.find(MODULES, new JsonObject().put("orgId", orgId),
        new JsonObject().put("moduleId", 1), 500)).map(list -> {
          Map<String, List<Skill>> out = new LinkedHashMap<>();
          for (JsonObject m : list) {
            out.put(m.getString("moduleId"), m.getJsonArray("skills", new JsonArray()).stream().map(String::valueOf)
                .map(QuizResults::skill).flatMap(Optional::stream).toList());
          }
          return out;
        });
  }

  /** A skill named {@code execution} or {@code BQ:execution}. */
  static Optional<Skill> skill(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String key = value.contains(":") ? value.substring(value.indexOf(':') + 1) : value;
    try {
      return Optional.of(Skill.parse(key));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
