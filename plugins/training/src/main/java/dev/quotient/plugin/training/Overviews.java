package dev.quotient.plugin.training;

import dev.quotient.api.ContentStore;
import dev.quotient.api.ContentStore.Filter;
import dev.quotient.api.ContentStore.Key;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.RecentReads;
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
      List<JsonObject> attempts, List<JsonObject> reinforcements, Map<String, JsonObject> grants) {

    /**
     * Modules a person failed with every attempt they have used (their own or granted), by key
     * (person and module): locked out until someone grants another attempt.
     */
    Map<String, JsonObject> lockedOut(Map<String, JsonObject> modules) {
      Map<String, Integer> used = new HashMap<>();
      Map<String, Boolean> open = new HashMap<>();
      for (JsonObject a : attempts) {
        String k = TrainingService.key(a.getString("userId"), a.getString("moduleId"));
        used.merge(k, 1, Integer::sum);
        if ("open".equals(a.getString("state"))) {
          open.put(k, true);
        }
      }
      Map<String, JsonObject> out = new java.util.LinkedHashMap<>();
      for (JsonObject a : attempts) {
        String k = TrainingService.key(a.getString("userId"), a.getString("moduleId"));
        JsonObject module = modules.get(a.getString("moduleId"));
        if (module != null && !out.containsKey(k) && completed(a) == null && !open.containsKey(k)
            && used.get(k) >= TrainingService.allowed(module, grant(a))) {
          out.put(k, new JsonObject().put("userId", a.getString("userId")).put("moduleId", a.getString("moduleId"))
              .put("attemptsUsed", used.get(k)));
        }
      }
      return out;
    }

    private JsonObject completed(JsonObject attempt) {
      JsonObject c = completions.get(TrainingService.key(attempt.getString("userId"), attempt.getString("moduleId")));
      return c != null ? c : completions.get(attempt.getString("moduleId"));
    }

    JsonObject grant(JsonObject attempt) {
      JsonObject g = grants.get(TrainingService.key(attempt.getString("userId"), attempt.getString("moduleId")));
      return g != null ? g : grants.get(attempt.getString("moduleId"));
    }
  }

  Future<Person> person(String orgId, String userId) {
    JsonObject mine = new JsonObject().put("orgId", orgId).put("userId", userId);
    JsonObject byDue = new JsonObject().put("dueAt", 1);
    return Future.all(
        store.find(TrainingService.ASSIGNMENTS, mine, byDue, MANY),
        store.find(TrainingService.COMPLETIONS, mine, MANY),
        store.find(TrainingService.PROGRESS, mine, MANY),
        store.find(TrainingService.ATTEMPTS, mine, MANY),
        store.find(TrainingService.REINFORCEMENTS, mine, byDue, MANY),
        store.find(TrainingService.GRANTS, mine, MANY)).map(all -> new Person(all.resultAt(0),
            byModule(all.resultAt(1)), byModule(all.resultAt(2)), all.resultAt(3), all.resultAt(4),
            byModule(all.resultAt(5))));
  }

  /** The indexes of the plugin's reads, declared at start: collection and index. */
  static final List<Map.Entry<String, ContentStore.Index>> INDEXES = List.of(
      Map.entry(TrainingService.ASSIGNMENTS, ContentStore.Index.on(Key.asc("orgId"), Key.asc("userId"), Key.asc("dueAt"))),
      Map.entry(TrainingService.COMPLETIONS, ContentStore.Index.on(Key.asc("orgId"), Key.asc("userId"))),
      Map.entry(TrainingService.PROGRESS, ContentStore.Index.on(Key.asc("orgId"), Key.asc("userId"))),
      Map.entry(TrainingService.ATTEMPTS, ContentStore.Index.on(Key.asc("orgId"), Key.asc("userId"))),
      Map.entry(TrainingService.GRANTS, ContentStore.Index.on(Key.asc("orgId"), Key.asc("userId"))),
      Map.entry(TrainingService.REINFORCEMENTS, ContentStore.Index.on(Key.asc("orgId"), Key.asc("state"), Key.asc("dueAt"))),
      // the curriculum every organisation shares, and each organisation's own modules
      Map.entry(TrainingService.MODULES, ContentStore.Index.on(Key.asc("source"), Key.asc("order"))),
      Map.entry(TrainingService.MODULES, ContentStore.Index.on(Key.asc("orgId"), Key.asc("createdAt"))));

  /**
   * The same for a whole organisation (the leader's dashboard), except that its reinforcement holds
   * only the missed ones (still pending past the end of their grace period), read as a range on the
   * due time rather than every reinforcement of the organisation. Attempts and grants are read too, so
   * a person locked out of a module shows as such.
   */
  Future<Person> organisation(String orgId) {
    long missedIfDueBy = training.now() - training.config().grace().toMillis();
    RecentReads<Records> kept = training.keptRecords();
    Future<Records> records = kept.get(orgId, () -> read(orgId, missedIfDueBy));
    // Kept for a few seconds of a running clock; a clock moved further (tests move it by days) reads again.
    if (records.succeeded()
        && Math.abs(records.result().missedIfDueBy() - missedIfDueBy) > TrainingService.MODULES_KEPT.toMillis()) {
      kept.forget(orgId);
      records = kept.get(orgId, () -> read(orgId, missedIfDueBy));
    }
    return records.map(Records::records);
  }

  /** An organisation's training records as read, and the due time before which pending reinforcement was missed. */
  record Records(Person records, long missedIfDueBy) {}

  private Future<Records> read(String orgId, long missedIfDueBy) {
    JsonObject org = new JsonObject().put("orgId", orgId);
    JsonObject byDue = new JsonObject().put("dueAt", 1);
    return Future.all(
        store.find(TrainingService.ASSIGNMENTS, org, byDue, MANY),
        store.find(TrainingService.COMPLETIONS, org, MANY),
        store.find(TrainingService.PROGRESS, org, MANY),
        store.find(TrainingService.REINFORCEMENTS, Filter.where(org.copy().put("state", "pending"))
            .lte("dueAt", missedIfDueBy), List.of(Key.asc("dueAt")), MANY),
        store.find(TrainingService.ATTEMPTS, org, MANY),
        store.find(TrainingService.GRANTS, org, MANY)).map(all -> new Records(new Person(
            java.util.Collections.unmodifiableList(all.resultAt(0)), byKey(all.resultAt(1)), byKey(all.resultAt(2)),
            java.util.Collections.unmodifiableList(all.resultAt(4)), java.util.Collections.unmodifiableList(all.resultAt(3)),
            byKey(all.resultAt(5))), missedIfDueBy));
  }

  private static Map<String, JsonObject> byModule(List<JsonObject> docs) {
    return docs.stream().collect(Collectors.toMap(d -> d.getString("moduleId"), Function.identity(), (a, b) -> a));
  }

  private static Map<String, JsonObject> byKey(List<JsonObject> docs) {
    return java.util.Collections.unmodifiableMap(docs.stream().collect(Collectors.toMap(
        d -> TrainingService.key(d.getString("userId"), d.getString("moduleId")), Function.identity(), (a, b) -> a)));
  }

  Future<Map<String, JsonObject>> moduleIndex(CurrentUser user) {
    return training.modules(user).map(list -> {
      Map<String, JsonObject> m = new HashMap<>();
      list.forEach(x -> m.put(x.getString("_id"), x));
      return m;
    });
  }

  /**
   * completed (the module was passed), lockedOut (failed with every attempt the person has: nobody can
   * finish it until a trainer or leader grants another), overdue (past the end of its due day in the
   * organisation's zone, as stored with it) or open.
   */
  String assignmentStatus(JsonObject a, JsonObject completion, boolean lockedOut) {
    return completion != null ? "completed" : lockedOut ? "lockedOut"
        : a.getLong("dueAt") < training.now() ? "overdue" : "open";
  }

  /** An assignment with its state: open, overdue or completed; lessons read; the quiz's state. */
  JsonObject assignmentView(JsonObject a, JsonObject module, JsonObject completion, JsonObject progress,
      List<JsonObject> attempts, JsonObject grant, boolean lockedOut, Locale locale) {
    String status = assignmentStatus(a, completion, lockedOut);
    int total = module == null ? 0 : module.getJsonArray("lessons").size();
    int read = progress == null ? 0 : progress.getJsonObject("read", new JsonObject()).size();
    JsonObject view = new JsonObject().put("moduleId", a.getString("moduleId")).put("userId", a.getString("userId"))
        .put("title", module == null ? a.getString("moduleId") : Json.text(module.getJsonObject("title"), locale))
        .put("due", a.getString("due")).put("dueAt", Instant.ofEpochMilli(a.getLong("dueAt")).toString())
        .put("status", status).put("overdue", status.equals("overdue")).put("lockedOut", lockedOut)
        .put("lessonsRead", Math.min(read, total)).put("lessonsTotal", total);
    if (a.getString("teamId") != null) {
      view.put("teamId", a.getString("teamId"));
    }
    if (attempts != null) {
      view.put("quiz", quizState(module, completion, attempts, grant));
    }
    return view;
  }

  /** notStarted, inProgress (an open attempt), retry (failed, attempts left), failed (none left), passed. */
  static String quizState(JsonObject module, JsonObject completion, List<JsonObject> attempts, JsonObject grant) {
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
    return mine.size() >= TrainingService.allowed(module, grant) ? "failed" : "retry";
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
      Map<String, JsonObject> locked = p.lockedOut(modules);
      for (JsonObject a : p.assignments()) {
        String mid = a.getString("moduleId");
        assignments.add(assignmentView(a, modules.get(mid), p.completions().get(mid), p.progress().get(mid),
            p.attempts(), p.grants().get(mid), locked.containsKey(TrainingService.key(user.userId(), mid)),
            user.locale()));
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
          Map<String, JsonObject> locked = org.lockedOut(modules);
          JsonArray lockedOut = new JsonArray();
          locked.values().forEach(l -> {
            JsonObject module = modules.get(l.getString("moduleId"));
            lockedOut.add(l.copy().put("name", names.getOrDefault(l.getString("userId"), "?"))
                .put("title", Json.text(module.getJsonObject("title"), user.locale())));
          });
          for (JsonObject a : org.assignments()) {
            String k = TrainingService.key(a.getString("userId"), a.getString("moduleId"));
            JsonObject view = assignmentView(a, modules.get(a.getString("moduleId")), org.completions().get(k),
                org.progress().get(k), null, null, locked.containsKey(k), user.locale())
                .put("name", names.getOrDefault(a.getString("userId"), "?"));
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
              .put("missedReinforcement", missed).put("lockedOut", lockedOut);
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
                  Map<String, JsonObject> locked = p.lockedOut(modules);
                  for (JsonObject a : p.assignments()) {
                    String mid = a.getString("moduleId");
                    JsonObject view = assignmentView(a, modules.get(mid), p.completions().get(mid), p.progress().get(mid),
                        p.attempts(), p.grants().get(mid), locked.containsKey(TrainingService.key(menteeId, mid)),
                        user.locale());
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
