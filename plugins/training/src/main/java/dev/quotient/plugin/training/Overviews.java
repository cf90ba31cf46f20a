package dev.quotient.plugin.training;

import dev.quotient.api.ContentStore;
import dev.quotient.api.ContentStore.Filter;
import dev.quotient.api.ContentStore.Key;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.directory.Directory;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The read side of training: a rep's own training, the organisation's assignments for leaders and
 * trainers, and a mentor's mentees, each built from a handful of queries limited to the caller's
 * organisation (and to the caller, for their own view). States are computed from the clock at read
 * time: an assignment is open, overdue or completed; a reinforcement quiz upcoming, due, missed or done.
 */
final class Overviews {

  private static final int MANY = 10_000;

  private final TrainingService training;
  private final ContentStore store;
  private final Directory directory;

  Overviews(TrainingService training, ContentStore store, Directory directory) {
    this.training = training;
    this.store = store;
    this.directory = directory;
  }

  /** Everything about one person's training, read in a handful of queries. */
  record Person(List<JsonObject> assignments, Map<String, JsonObject> completions, Map<String, JsonObject> progress,
      List<JsonObject> attempts, List<JsonObject> reinforcements) {}

  Future<Person> person(String orgId, String userId) {
    JsonObject mine = new JsonObject().put("orgId", orgId).put("userId", userId);
    JsonObject byDue = new JsonObject().put("dueAt", 1);
    return Future.all(
        store.find(TrainingService.ASSIGNMENTS, mine, byDue, MANY),
        store.find(TrainingService.COMPLETIONS, mine, MANY),
        store.find(TrainingService.PROGRESS, mine, MANY),
        store.find(TrainingService.ATTEMPTS, mine, MANY),
        store.find(TrainingService.REINFORCEMENTS, mine, byDue, MANY)).map(all -> new Person(all.resultAt(0),
            byModule(all.resultAt(1)), byModule(all.resultAt(2)), all.resultAt(3), all.resultAt(4)));
  }

  /** The indexes of the reads here, declared at start: collection to index. */
  static final Map<String, ContentStore.Index> INDEXES = Map.of(
      TrainingService.ASSIGNMENTS, ContentStore.Index.on(Key.asc("orgId"), Key.asc("userId"), Key.asc("dueAt")),
      TrainingService.COMPLETIONS, ContentStore.Index.on(Key.asc("orgId"), Key.asc("userId")),
      TrainingService.PROGRESS, ContentStore.Index.on(Key.asc("orgId"), Key.asc("userId")),
      TrainingService.ATTEMPTS, ContentStore.Index.on(Key.asc("orgId"), Key.asc("userId")),
      TrainingService.REINFORCEMENTS, ContentStore.Index.on(Key.asc("orgId"), Key.asc("state"), Key.asc("dueAt")));

  /**
   * The same for a whole organisation (the leader's dashboard), except that its reinforcement holds
   * only the missed ones (still pending past the end of their grace period), read as a range on the
   * due time rather than every reinforcement of the organisation.
   */
  Future<Person> organisation(String orgId) {
    JsonObject org = new JsonObject().put("orgId", orgId);
    JsonObject byDue = new JsonObject().put("dueAt", 1);
    long missedIfDueBy = training.now() - training.config().grace().toMillis();
    return Future.all(
        store.find(TrainingService.ASSIGNMENTS, org, byDue, MANY),
        store.find(TrainingService.COMPLETIONS, org, MANY),
        store.find(TrainingService.PROGRESS, org, MANY),
        store.find(TrainingService.REINFORCEMENTS, Filter.where(org.copy().put("state", "pending"))
            .lte("dueAt", missedIfDueBy), List.of(Key.asc("dueAt")), MANY)).map(all -> new Person(all.resultAt(0),
            byKey(all.resultAt(1)), byKey(all.resultAt(2)), List.of(), all.resultAt(3)));
  }

  private static Map<String, JsonObject> byModule(List<JsonObject> docs) {
    return docs.stream().collect(Collectors.toMap(d -> d.getString("moduleId"), Function.identity(), (a, b) -> a));
  }

  private static Map<String, JsonObject> byKey(List<JsonObject> docs) {
    return docs.stream().collect(Collectors.toMap(d -> TrainingService.key(d.getString("userId"), d.getString("moduleId")),
        Function.identity(), (a, b) -> a));
  }

  Future<Map<String, JsonObject>> moduleIndex(CurrentUser user) {
    return training.modules(user).map(list -> {
      Map<String, JsonObject> m = new HashMap<>();
      list.forEach(x -> m.put(x.getString("_id"), x));
      return m;
    });
  }

  /**
   * completed (the module was passed), overdue (past the end of its due day in the organisation's
   * zone, as stored with it) or open.
   */
  String assignmentStatus(JsonObject a, JsonObject completion) {
    return completion != null ? "completed" : a.getLong("dueAt") < training.now() ? "overdue" : "open";
  }

  /** An assignment with its state: open, overdue or completed; lessons read; the quiz's state. */
  JsonObject assignmentView(JsonObject a, JsonObject module, JsonObject completion, JsonObject progress,
      List<JsonObject> attempts, Locale locale) {
    String status = assignmentStatus(a, completion);
    int total = module == null ? 0 : module.getJsonArray("lessons").size();
    int read = progress == null ? 0 : progress.getJsonObject("read", new JsonObject()).size();
    JsonObject view = new JsonObject().put("moduleId", a.getString("moduleId")).put("userId", a.getString("userId"))
        .put("title", module == null ? a.getString("moduleId") : Json.text(module.getJsonObject("title"), locale))
        .put("due", a.getString("due")).put("dueAt", Instant.ofEpochMilli(a.getLong("dueAt")).toString())
        .put("status", status).put("overdue", status.equals("overdue"))
        .put("lessonsRead", Math.min(read, total)).put("lessonsTotal", total);
    if (a.getString("teamId") != null) {
      view.put("teamId", a.getString("teamId"));
    }
    if (attempts != null) {
      view.put("quiz", quizState(module, completion, attempts));
    }
    return view;
  }

  /** notStarted, inProgress (an open attempt), retry (failed, attempts left), failed (none left), passed. */
  static String quizState(JsonObject module, JsonObject completion, List<JsonObject> attempts) {
    if (completion != null) {
      return "passed";
    }
    List<JsonObject> mine = module == null ? List.of()
        : attempts.stream().filter(x -> module.getString("_id").equals(x.getString("moduleId"))).toList();
    if (mine.isEmpty()) {
      return "notStarted";
    }
    if (mine.stream().anyMatch(x -> "open".equals(x.getString("state")))) {
      return "inProgress";
    }
    return mine.size() >= module.getJsonObject("quiz").getInteger("attempts") ? "failed" : "retry";
  }

  JsonObject reinforcementView(JsonObject r, JsonObject module, Locale locale) {
    JsonObject view = new JsonObject().put("id", r.getString("_id")).put("moduleId", r.getString("moduleId"))
        .put("userId", r.getString("userId"))
        .put("title", module == null ? r.getString("moduleId") : Json.text(module.getJsonObject("title"), locale))
        .put("days", r.getInteger("days")).put("dueAt", Instant.ofEpochMilli(r.getLong("dueAt")).toString())
        .put("missedAfter", Instant.ofEpochMilli(r.getLong("dueAt") + training.config().grace().toMillis()).toString())
        .put("status", training.reinforcementStatus(r));
    if (r.getJsonObject("result") != null) {
      view.put("score", r.getJsonObject("result").getInteger("score")).put("late", r.getBoolean("late", false));
    }
    return view;
  }

  /** The caller's training: assignments with progress, reinforcement (all states), completions. */
  Future<JsonObject> myTraining(CurrentUser user) {
    return moduleIndex(user).compose(modules -> person(user.orgId(), user.userId()).map(p -> {
      JsonArray assignments = new JsonArray();
      for (JsonObject a : p.assignments()) {
        String mid = a.getString("moduleId");
        assignments.add(assignmentView(a, modules.get(mid), p.completions().get(mid), p.progress().get(mid),
            p.attempts(), user.locale()));
      }
      JsonArray reinforcement = new JsonArray();
      for (JsonObject r : p.reinforcements()) {
        reinforcement.add(reinforcementView(r, modules.get(r.getString("moduleId")), user.locale()));
      }
      JsonArray completed = new JsonArray();
      p.completions().values().forEach(c -> completed.add(new JsonObject().put("moduleId", c.getString("moduleId"))
          .put("score", c.getInteger("score")).put("completedAt", Instant.ofEpochMilli(c.getLong("completedAt")).toString())));
      return new JsonObject().put("assignments", assignments).put("reinforcement", reinforcement)
          .put("completed", completed);
    }));
  }

  /** The organisation's assignments with state, the overdue ones, and missed reinforcement. */
  Future<JsonObject> team(CurrentUser user) {
    return moduleIndex(user).compose(modules -> directory.people(user.orgId()).compose(people ->
        organisation(user.orgId()).map(org -> {
          Map<String, String> names = new HashMap<>();
          people.forEach(x -> names.put(x.id(), x.name()));
          JsonArray assignments = new JsonArray();
          JsonArray overdue = new JsonArray();
          for (JsonObject a : org.assignments()) {
            String k = TrainingService.key(a.getString("userId"), a.getString("moduleId"));
            JsonObject view = assignmentView(a, modules.get(a.getString("moduleId")), org.completions().get(k),
                org.progress().get(k), null, user.locale()).put("name", names.getOrDefault(a.getString("userId"), "?"));
            assignments.add(view);
            if (view.getBoolean("overdue")) {
              overdue.add(view);
            }
          }
          JsonArray missed = new JsonArray();
          for (JsonObject r : org.reinforcements()) {
            if ("missed".equals(training.reinforcementStatus(r))) {
              missed.add(reinforcementView(r, modules.get(r.getString("moduleId")), user.locale())
                  .put("name", names.getOrDefault(r.getString("userId"), "?")));
            }
          }
          return new JsonObject().put("assignments", assignments).put("overdue", overdue)
              .put("missedReinforcement", missed);
        })));
  }

  /** A mentor's mentees (from {@code mentor.matched}), each with overdue training and missed reinforcement. */
  Future<JsonObject> mentees(CurrentUser user) {
    return store.find(TrainingService.MENTORS, new JsonObject().put("orgId", user.orgId()).put("mentorId", user.userId()), MANY)
        .compose(pairs -> moduleIndex(user).compose(modules -> directory.people(user.orgId())
            .compose(people -> {
              Map<String, String> names = new HashMap<>();
              people.forEach(x -> names.put(x.id(), x.name()));
              JsonArray out = new JsonArray();
              Future<Void> chain = Future.succeededFuture();
              for (JsonObject pair : pairs) {
                String menteeId = pair.getString("menteeId");
                chain = chain.compose(v -> person(user.orgId(), menteeId).map(p -> {
                  JsonArray assignments = new JsonArray();
                  JsonArray overdue = new JsonArray();
                  for (JsonObject a : p.assignments()) {
                    String mid = a.getString("moduleId");
                    JsonObject view = assignmentView(a, modules.get(mid), p.completions().get(mid), p.progress().get(mid),
                        p.attempts(), user.locale());
                    assignments.add(view);
                    if (view.getBoolean("overdue")) {
                      overdue.add(view);
                    }
                  }
                  JsonArray missed = new JsonArray();
                  for (JsonObject r : p.reinforcements()) {
                    if ("missed".equals(training.reinforcementStatus(r))) {
                      missed.add(reinforcementView(r, modules.get(r.getString("moduleId")), user.locale()));
                    }
                  }
                  out.add(new JsonObject().put("userId", menteeId).put("name", names.getOrDefault(menteeId, "?")).put("assignmentCount", assignments.size())
                      .put("assignments", assignments).put("overdue", overdue).put("missedReinforcement", missed));
                  return null;
                }));
              }
              return chain.map(v -> new JsonObject().put("mentees", out));
            })));
  }
}
