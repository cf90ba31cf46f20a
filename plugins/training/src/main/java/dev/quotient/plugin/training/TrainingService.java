package dev.quotient.plugin.training;

import dev.quotient.api.ClientError;
import dev.quotient.api.ContentStore;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.RecentReads;
import dev.quotient.api.Role;
import dev.quotient.api.directory.Directory;
import dev.quotient.api.event.Catalogue;
import dev.quotient.api.event.Events;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Training in the content store: modules, lesson progress, quiz attempts, completions, assignments,
 * spaced reinforcement and mentor pairs (what people see of them is built in {@link Overviews}). Every query is limited to the caller's organisation (or to
 * the caller alone for a rep's own data); anything of another organisation is "not found".
 *
 * <p>The store has no transactions, so every write is one document and idempotent: attempts have
 * deterministic ids (one slot per attempt number, so the attempt limit holds under races), a submit
 * is a compare-and-set from {@code open} to {@code submitted}, a completion is inserted under a
 * deterministic id and only the request whose insert wins publishes {@code module.completed}.
 * Times are stored as epoch milliseconds and shown as ISO-8601 instants.
 */
final class TrainingService {

  static final String MODULES = "modules";
  /** How long the module catalogue is kept: how late another node's module edit may be seen. */
  static final java.time.Duration MODULES_KEPT = java.time.Duration.ofSeconds(5);
  static final String PROGRESS = "progress";
  static final String ATTEMPTS = "attempts";
  static final String COMPLETIONS = "completions";
  static final String ASSIGNMENTS = "assignments";
  static final String REINFORCEMENTS = "reinforcements";
  static final String MENTORS = "mentors";
  /** Attempts granted beyond a module's own, one document per person and module. */
  static final String GRANTS = "grants";
  /** The most attempts one grant gives. */
  static final int MAX_GRANT = 5;
  static final int REINFORCEMENT_QUESTIONS = 3;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PluginContext context;
  private final ContentStore store;
  private final Clock clock;
  private final TrainingConfig config;
  private final RecentReads<List<JsonObject>> keptModules = new RecentReads<>(MODULES_KEPT);
  /**
   * The organisations' training records as the dashboards read them ({@link Overviews#organisation}),
   * kept as briefly as the catalogue; any write of a record on this node forgets them at once.
   */
  private final RecentReads<Overviews.Records> keptRecords = new RecentReads<>(MODULES_KEPT);

  TrainingService(PluginContext context, TrainingConfig config) {
    this.context = context;
    this.store = context.content();
    this.clock = context.clock();
    this.config = config;
  }

  long now() {
    return clock.millis();
  }

  RecentReads<Overviews.Records> keptRecords() {
    return keptRecords;
  }

  /** A write of a training record: what was kept of any organisation's records is forgotten once it is done. */
  private <T> Future<T> recorded(Future<T> write) {
    return write.onComplete(x -> keptRecords.forgetAll());
  }

  TrainingConfig config() {
    return config;
  }

  // ---------------------------------------------------------------- curriculum import

  /** Result of one import: how many modules were new, raised to a new version, or left alone. */
  record ImportReport(int inserted, int updated, int unchanged) {}

  /** Inserts new modules, replaces those whose version went up, leaves the rest untouched. */
  Future<ImportReport> importCurriculum(List<JsonObject> modules) {
    int[] counts = new int[3];
    Future<Void> chain = Future.succeededFuture();
    for (JsonObject m : modules) {
      chain = chain.compose(v -> store.get(MODULES, m.getString("id")).compose(existing -> {
        JsonObject doc = m.copy().put("source", "curriculum").put("updatedAt", now());
        doc.remove("id");
        if (existing == null) {
          counts[0]++;
          return store.insert(MODULES, doc.copy().put("_id", m.getString("id"))).<Void>mapEmpty()
              .recover(e -> e instanceof ClientError ? Future.succeededFuture() : Future.failedFuture(e));
        }
        if (existing.getString("orgId") != null) {
          return Future.failedFuture(new IllegalStateException(
              "curriculum module " + m.getString("id") + " clashes with an organisation's module"));
        }
        int stored = existing.getInteger("version", 0);
        if (m.getInteger("version") > stored) {
          counts[1]++;
          return store.setIf(MODULES, m.getString("id"), new JsonObject().put("version", stored), doc).mapEmpty();
        }
        counts[2]++;
        return Future.succeededFuture();
      }));
    }
    // curriculum modules are every organisation's: forget every kept catalogue, also after a failure
    return chain.onComplete(x -> keptModules.forgetAll()).map(v -> new ImportReport(counts[0], counts[1], counts[2]));
  }

  // ---------------------------------------------------------------- modules

  /** The module if the caller's organisation may see it (curriculum or its own), else 404. */
  Future<JsonObject> module(CurrentUser user, String id) {
    if (id == null || !ModuleRules.ID.matcher(id).matches()) {
      return Future.failedFuture(ClientError.notFound("training.error.module.unknown", String.valueOf(id)));
    }
    return store.get(MODULES, id).map(m -> {
      if (m == null || m.getString("orgId") != null && !m.getString("orgId").equals(user.orgId())) {
        throw ClientError.notFound("training.error.module.unknown", id);
      }
      return m;
    });
  }

  /**
   * The curriculum in catalogue order, then the organisation's own modules. Modules written for
   * leaders are listed only to those who lead, train or administer; a rep still opens one assigned
   * to them (for example someone being prepared for a leader's role).
   */
  Future<List<JsonObject>> modules(CurrentUser user) {
    boolean seesLeaderModules = user.has(Role.LEADER) || user.has(Role.TRAINER) || user.has(Role.ADMIN);
    return modules(user.orgId()).map(all -> {
      List<JsonObject> seen = new ArrayList<>(all);
      seen.removeIf(m -> !seesLeaderModules && "leaders".equals(m.getString("audience")));
      return seen;
    });
  }

  /**
   * Every module of the organisation: the curriculum in catalogue order, then its own. Kept for
   * {@link #MODULES_KEPT} (a module is tens of kB with its lessons and questions, and the catalogue is
   * read by every training page and dashboard view); a module written on this node is seen at once,
   * one written on another node within that time. Callers must not change the modules.
   */
  Future<List<JsonObject>> modules(String orgId) {
    return keptModules.get(orgId, () -> store.find(MODULES, new JsonObject().put("source", "curriculum"),
        new JsonObject().put("order", 1), 1000).compose(shared -> store.find(MODULES, new JsonObject().put("orgId", orgId),
            new JsonObject().put("createdAt", 1), 1000).map(own -> {
              List<JsonObject> all = new ArrayList<>(shared);
              all.addAll(own);
              return List.copyOf(all);
            })));
  }

  /** Creates an organisation module from the editor (version 1). 400 with the reason when invalid. */
  Future<JsonObject> createModule(CurrentUser user, JsonObject input) {
    JsonObject m = checked(input);
    String id = HexFormat.of().formatHex(randomBytes());
    JsonObject doc = m.put("_id", id).put("orgId", user.orgId()).put("source", "organisation").put("version", 1)
        .put("createdAt", now()).put("updatedAt", now()).put("createdBy", user.userId());
    return store.insert(MODULES, doc).onComplete(x -> keptModules.forget(user.orgId()))
        .compose(x -> store.get(MODULES, id));
  }

  /** Replaces an organisation module's content and raises its version; progress is kept. */
  Future<JsonObject> updateModule(CurrentUser user, String id, JsonObject input) {
    JsonObject m = checked(input);
    return module(user, id).compose(existing -> {
      if (existing.getString("orgId") == null) {
        throw ClientError.conflict("training.error.module.shared");
      }
      int version = existing.getInteger("version", 1);
      JsonObject fields = m.put("version", version + 1).put("updatedAt", now()).put("updatedBy", user.userId());
      return store.setIf(MODULES, id, new JsonObject().put("version", version), fields).compose(changed -> {
        keptModules.forget(user.orgId());
        if (!changed) {
          throw ClientError.conflict("training.error.module.changed");
        }
        return store.get(MODULES, id);
      });
    });
  }

  private JsonObject checked(JsonObject input) {
    JsonObject m = input.copy();
    m.remove("id");
    m.remove("version");
    try {
      ModuleRules.check(m, context.markdown(), false);
    } catch (ModuleRules.Invalid e) {
      throw ClientError.badRequest("training.error.module.invalid", e.getMessage());
    }
    JsonObject out = new JsonObject();
    for (String key : List.of("audience", "minutes", "title", "summary", "skills", "lessons", "quiz", "reinforcement")) {
      if (m.containsKey(key)) {
        out.put(key, m.getValue(key));
      }
    }
    return out;
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    return b;
  }

  // ---------------------------------------------------------------- lessons

  /** Records that the caller read a lesson (idempotent: the first time is kept). */
  Future<Void> markRead(CurrentUser user, JsonObject module, String lessonId) {
    if (lesson(module, lessonId) == null) {
      return Future.failedFuture(ClientError.notFound("training.error.lesson.unknown", lessonId));
    }
    String key = key(user.userId(), module.getString("_id"));
    return store.get(PROGRESS, key).compose(p -> {
      if (p != null && p.getJsonObject("read", new JsonObject()).containsKey(lessonId)) {
        return Future.succeededFuture();
      }
      return recorded(store.merge(PROGRESS, key, new JsonObject().put("orgId", user.orgId()).put("userId", user.userId())
          .put("moduleId", module.getString("_id")).put("read." + lessonId, now()))).mapEmpty();
    });
  }

  static JsonObject lesson(JsonObject module, String lessonId) {
    for (Object l : module.getJsonArray("lessons")) {
      if (((JsonObject) l).getString("id").equals(lessonId)) {
        return (JsonObject) l;
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- quiz attempts

  /**
   * The caller's open attempt at the module's quiz, or a new one. 409 when the module is already
   * passed or every attempt is used. Starting twice returns the same open attempt.
   */
  Future<JsonObject> startAttempt(CurrentUser user, JsonObject module) {
    String moduleId = module.getString("_id");
    JsonObject mine = new JsonObject().put("userId", user.userId()).put("moduleId", moduleId);
    return store.get(COMPLETIONS, key(user.userId(), moduleId)).compose(done -> {
      if (done != null) {
        throw ClientError.conflict("training.error.closed.passed");
      }
      return Future.all(store.find(ATTEMPTS, mine, new JsonObject().put("number", 1), 1000),
          store.get(GRANTS, key(user.userId(), moduleId)));
    }).compose(read -> {
      List<JsonObject> attempts = read.resultAt(0);
      for (JsonObject a : attempts) {
        if ("open".equals(a.getString("state"))) {
          return Future.succeededFuture(a);
        }
      }
      int number = attempts.size() + 1;
      int allowed = allowed(module, read.resultAt(1));
      if (number > allowed) {
        throw ClientError.conflict("training.error.closed.attempts", allowed);
      }
      String id = user.userId() + "-" + moduleId + "-" + number;
      JsonObject attempt = mine.copy().put("_id", id).put("orgId", user.orgId())
          .put("moduleVersion", module.getInteger("version")).put("number", number).put("state", "open")
          .put("startedAt", now());
      return recorded(store.insert(ATTEMPTS, attempt))
          .recover(e -> e instanceof ClientError ? Future.succeededFuture(id) : Future.failedFuture(e))
          .compose(x -> store.get(ATTEMPTS, id));
    });
  }

  /** The attempts a person has at a module's quiz: the module's own plus those granted to them. */
  static int allowed(JsonObject module, JsonObject grant) {
    return module.getJsonObject("quiz").getInteger("attempts") + (grant == null ? 0 : grant.getInteger("extra", 0));
  }

  /** The attempts a person has at a quiz and how many are left (none once it is passed). */
  record Quota(int allowed, int left) {}

  /** The caller's attempts at the module's quiz. */
  Future<Quota> quota(CurrentUser user, JsonObject module) {
    String moduleId = module.getString("_id");
    return Future.all(store.get(COMPLETIONS, key(user.userId(), moduleId)),
        store.find(ATTEMPTS, new JsonObject().put("orgId", user.orgId()).put("userId", user.userId())
            .put("moduleId", moduleId), 1000),
        store.get(GRANTS, key(user.userId(), moduleId))).map(read -> {
          int allowed = allowed(module, read.resultAt(2));
          if (read.resultAt(0) != null) {
            return new Quota(allowed, 0);
          }
          List<JsonObject> attempts = read.resultAt(1);
          return new Quota(allowed, Math.max(0, allowed - attempts.size()));
        });
  }

  /**
   * A trainer or leader gives a person more attempts at a module's quiz ({@code attempts}, 1 to
   * {@value #MAX_GRANT}, with an optional {@code reason}): a rep who used every attempt can try again.
   * 404 for someone outside the organisation, 409 once the module is passed or when another grant
   * landed meanwhile. Every grant is kept with who gave it and when.
   */
  Future<JsonObject> grant(CurrentUser granter, JsonObject module, String userId, Object count, Object reason) {
    if (!(count instanceof Integer n) || n < 1 || n > MAX_GRANT) {
      return Future.failedFuture(ClientError.badRequest("training.error.grant.count", "attempts", MAX_GRANT));
    }
    String why = reason == null ? "" : reason instanceof String s && s.strip().length() <= 500 ? s.strip() : null;
    if (why == null) {
      return Future.failedFuture(ClientError.badRequest("training.error.grant.reason", "reason"));
    }
    String moduleId = module.getString("_id");
    String id = key(userId == null ? "" : userId, moduleId);
    return context.directory().people(granter.orgId()).compose(people -> {
      if (userId == null || people.stream().noneMatch(p -> p.id().equals(userId))) {
        throw ClientError.notFound("training.error.person.unknown");
      }
      return Future.all(store.get(COMPLETIONS, id), store.get(GRANTS, id));
    }).compose(read -> {
      if (read.resultAt(0) != null) {
        throw ClientError.conflict("training.error.closed.passed");
      }
      JsonObject before = read.resultAt(1);
      JsonObject entry = new JsonObject().put("by", granter.userId()).put("at", now()).put("attempts", (int) count)
          .put("reason", why.isEmpty() ? null : why);
      if (before == null) {
        JsonObject doc = new JsonObject().put("_id", id).put("orgId", granter.orgId()).put("userId", userId)
            .put("moduleId", moduleId).put("extra", (int) count).put("grants", new JsonArray().add(entry));
        return recorded(store.insert(GRANTS, doc)).map(x -> doc)
            .recover(e -> Future.failedFuture(e instanceof ClientError
                ? ClientError.conflict("training.error.grant.race") : e));
      }
      int extra = before.getInteger("extra", 0) + (int) count;
      JsonObject changes = new JsonObject().put("extra", extra)
          .put("grants", before.getJsonArray("grants", new JsonArray()).copy().add(entry));
      return recorded(store.setIf(GRANTS, id, new JsonObject().put("extra", before.getInteger("extra", 0)), changes))
          .compose(won -> won ? store.get(GRANTS, id)
              : Future.failedFuture(ClientError.conflict("training.error.grant.race")));
    }).compose(grant -> store.find(ATTEMPTS, new JsonObject().put("orgId", granter.orgId()).put("userId", userId)
            .put("moduleId", moduleId), 1000)
        .map(attempts -> new JsonObject().put("userId", userId).put("moduleId", moduleId)
            .put("attemptsAllowed", allowed(module, grant)).put("attemptsUsed", attempts.size())
            .put("attemptsLeft", Math.max(0, allowed(module, grant) - attempts.size()))));
  }

  /** The caller's completion of a module (their first passed attempt), or null. */
  Future<JsonObject> completion(CurrentUser user, String moduleId) {
    return store.get(COMPLETIONS, key(user.userId(), moduleId));
  }

  /** The caller's own attempt, else 404 (also for other users' and other organisations' attempts). */
  Future<JsonObject> attempt(CurrentUser user, String attemptId) {
    return store.get(ATTEMPTS, attemptId).map(a -> {
      if (a == null || !user.userId().equals(a.getString("userId")) || !user.orgId().equals(a.getString("orgId"))) {
        throw ClientError.notFound("training.error.attempt.unknown");
      }
      return a;
    });
  }

  /**
   * Scores and closes an attempt. Submitting the same answers again returns the stored result and
   * stores nothing; other answers to a submitted attempt, or any answers once the module is passed,
   * are a 409. Answers naming unknown questions or options are a 400 and nothing is stored.
   */
  Future<JsonObject> submit(CurrentUser user, String attemptId, JsonArray answers) {
    return submitted(user, attemptId, answers).map(Submitted::attempt);
  }

  /** A submitted attempt with the module it was scored against (one read less for the caller). */
  record Submitted(JsonObject attempt, JsonObject module) {}

  Future<Submitted> submitted(CurrentUser user, String attemptId, JsonArray answers) {
    return attempt(user, attemptId).compose(a -> module(user, a.getString("moduleId")).compose(module -> {
      List<JsonObject> questions = questions(module);
      JsonObject scored = Scoring.score(questions, answers);
      String fingerprint = Scoring.fingerprint(answers);
      if ("submitted".equals(a.getString("state"))) {
        return replay(user, a, module, fingerprint).map(done -> new Submitted(done, module));
      }
      return store.get(COMPLETIONS, key(user.userId(), module.getString("_id"))).compose(done -> {
        if (done != null) {
          if (attemptId.equals(done.getString("attemptId"))) {
            // A concurrent submit of this very attempt won meanwhile: answer like a repeat.
            return attempt(user, attemptId).compose(again -> replay(user, again, module, fingerprint));
          }
          throw ClientError.conflict("training.error.closed.passed");
        }
        JsonObject quiz = module.getJsonObject("quiz");
        boolean passed = scored.getInteger("score") >= quiz.getInteger("passMark");
        JsonObject result = scored.put("passed", passed).put("passMark", quiz.getInteger("passMark"))
            .put("attemptsAllowed", quiz.getInteger("attempts")).put("moduleVersion", module.getInteger("version"));
        long at = now();
        return recorded(store.setIf(ATTEMPTS, attemptId, new JsonObject().put("state", "open"), new JsonObject()
                .put("state", "submitted").put("submittedAt", at).put("fingerprint", fingerprint).put("result", result)))
            .compose(won -> won
                ? (passed ? complete(a, module, result, at) : Future.succeededFuture()).compose(x -> attempt(user, attemptId))
                : attempt(user, attemptId).compose(again -> replay(user, again, module, fingerprint)));
      }).map(done -> new Submitted(done, module));
    }));
  }

  private Future<JsonObject> replay(CurrentUser user, JsonObject attempt, JsonObject module, String fingerprint) {
    if (!fingerprint.equals(attempt.getString("fingerprint"))) {
      throw ClientError.conflict("training.error.closed.submitted");
    }
    JsonObject result = attempt.getJsonObject("result");
    if (!result.getBoolean("passed", false)) {
      return Future.succeededFuture(attempt);
    }
    // A retry finishes a completion a crash may have interrupted; it publishes only if it was never recorded.
    return store.get(COMPLETIONS, key(user.userId(), module.getString("_id"))).compose(c -> c != null
        && c.getBoolean("scheduled", false) ? Future.succeededFuture()
        : complete(attempt, module, result, attempt.getLong("submittedAt"))).map(attempt);
  }

  /** Records the completion once, schedules reinforcement and publishes {@code module.completed} once. */
  private Future<Void> complete(JsonObject attempt, JsonObject module, JsonObject result, long at) {
    String userId = attempt.getString("userId");
    String moduleId = module.getString("_id");
    String orgId = attempt.getString("orgId");
    JsonObject completion = new JsonObject().put("_id", key(userId, moduleId)).put("orgId", orgId)
        .put("userId", userId).put("moduleId", moduleId).put("moduleVersion", module.getInteger("version"))
        .put("score", result.getInteger("score")).put("attemptId", attempt.getString("_id")).put("completedAt", at);
    return recorded(store.insert(COMPLETIONS, completion)).map(true)
        .recover(e -> e instanceof ClientError ? Future.succeededFuture(false) : Future.failedFuture(e))
        .compose(first -> scheduleReinforcement(orgId, userId, module, at)
            .compose(v -> recorded(store.set(COMPLETIONS, key(userId, moduleId), new JsonObject().put("scheduled", true))))
            .map(first))
        .map(first -> {
          if (first) {
            context.events().publish(Catalogue.MODULE_COMPLETED, new Events.ModuleCompleted(orgId, userId, moduleId,
                module.getInteger("version"), result.getInteger("score"), true, skills(module), Instant.ofEpochMilli(at)));
          }
          return null;
        });
  }

  static List<String> skills(JsonObject module) {
    return module.getJsonArray("skills").stream().map(s -> (JsonObject) s)
        .map(s -> s.getString("area") + ":" + s.getString("skill")).toList();
  }

  static List<JsonObject> questions(JsonObject module) {
    return module.getJsonObject("quiz").getJsonArray("questions").stream().map(q -> (JsonObject) q).toList();
  }

  // ---------------------------------------------------------------- reinforcement

  private Future<Void> scheduleReinforcement(String orgId, String userId, JsonObject module, long completedAt) {
    List<String> pool = new ArrayList<>();
    JsonArray chosen = module.getJsonArray("reinforcement");
    if (chosen != null) {
      chosen.forEach(q -> pool.add(String.valueOf(q)));
    } else {
      questions(module).forEach(q -> pool.add(q.getString("id")));
    }
    Future<Void> chain = Future.succeededFuture();
    List<Integer> days = config.reinforcementDays();
    for (int i = 0; i < days.size(); i++) {
      int d = days.get(i);
      Set<String> ids = new LinkedHashSet<>();
      for (int k = 0; k < Math.min(REINFORCEMENT_QUESTIONS, pool.size()); k++) {
        ids.add(pool.get((i * REINFORCEMENT_QUESTIONS + k) % pool.size()));
      }
      String moduleId = module.getString("_id");
      JsonObject r = new JsonObject().put("_id", userId + "-" + moduleId + "-d" + d).put("orgId", orgId)
          .put("userId", userId).put("moduleId", moduleId).put("days", d)
          .put("dueAt", completedAt + d * 86_400_000L).put("questionIds", new JsonArray(new ArrayList<>(ids)))
          .put("state", "pending");
      chain = chain.compose(v -> recorded(store.insert(REINFORCEMENTS, r)).<Void>mapEmpty()
          .recover(e -> e instanceof ClientError ? Future.succeededFuture() : Future.failedFuture(e)));
    }
    return chain;
  }

  /** upcoming (not yet due), due, missed (not done within the grace period after due), done. */
  String reinforcementStatus(JsonObject r) {
    if ("done".equals(r.getString("state"))) {
      return "done";
    }
    long due = r.getLong("dueAt");
    long now = now();
    if (now < due) {
      return "upcoming";
    }
    return now < due + config.grace().toMillis() ? "due" : "missed";
  }

  Future<JsonObject> reinforcement(CurrentUser user, String id) {
    return store.get(REINFORCEMENTS, id).map(r -> {
      if (r == null || !user.userId().equals(r.getString("userId")) || !user.orgId().equals(r.getString("orgId"))) {
        throw ClientError.notFound("training.error.reinforcement.unknown");
      }
      return r;
    });
  }

  static List<JsonObject> reinforcementQuestions(JsonObject module, JsonObject r) {
    Set<String> ids = new LinkedHashSet<>();
    r.getJsonArray("questionIds").forEach(q -> ids.add(String.valueOf(q)));
    return questions(module).stream().filter(q -> ids.contains(q.getString("id"))).toList();
  }

  /** Scores a reinforcement quiz once it is due (a missed one may still be done, marked late). */
  Future<JsonObject> submitReinforcement(CurrentUser user, String id, JsonArray answers) {
    return reinforcement(user, id).compose(r -> module(user, r.getString("moduleId")).compose(module -> {
      if (reinforcementStatus(r).equals("upcoming")) {
        throw ClientError.conflict("training.error.reinforcement.notDue");
      }
      JsonObject scored = Scoring.score(reinforcementQuestions(module, r), answers);
      String fingerprint = Scoring.fingerprint(answers);
      String status = reinforcementStatus(r);
      if (status.equals("done")) {
        if (!fingerprint.equals(r.getString("fingerprint"))) {
          throw ClientError.conflict("training.error.closed.submitted");
        }
        return Future.succeededFuture(r);
      }
      if (status.equals("upcoming")) {
        throw ClientError.conflict("training.error.reinforcement.notDue");
      }
      return recorded(store.setIf(REINFORCEMENTS, id, new JsonObject().put("state", "pending"), new JsonObject()
              .put("state", "done").put("doneAt", now()).put("late", status.equals("missed"))
              .put("fingerprint", fingerprint).put("result", scored)))
          .compose(won -> reinforcement(user, id)).map(again -> {
            if (!fingerprint.equals(again.getString("fingerprint"))) {
              throw ClientError.conflict("training.error.closed.submitted");
            }
            return again;
          });
    }));
  }

  // ---------------------------------------------------------------- assignments

  /**
   * Assigns a module to one person or to every member of a team, due by the end of the given day in
   * the organisation's zone. Assigning again moves the due date (one assignment per person and module).
   */
  Future<List<JsonObject>> assign(CurrentUser user, String moduleId, String userId, String teamId, String due) {
    return assign(user, moduleId, userId, teamId, due, false);
  }

  /**
   * As {@link #assign(CurrentUser, String, String, String, String)}; with {@code keepEarlier}, a person who
   * already has the module due sooner keeps that assignment (a plan's later date must not move a team's
   * deadline), and the answer is the assignment as it stands.
   */
  Future<List<JsonObject>> assign(CurrentUser user, String moduleId, String userId, String teamId, String due,
      boolean keepEarlier) {
    if ((userId == null) == (teamId == null)) {
      return Future.failedFuture(ClientError.badRequest("training.error.assign.target"));
    }
    LocalDate day;
    try {
      day = LocalDate.parse(due == null ? "" : due);
    } catch (DateTimeParseException e) {
      return Future.failedFuture(ClientError.badRequest("training.error.due", String.valueOf(due)));
    }
    long dueAt = day.plusDays(1).atStartOfDay(user.zone()).toInstant().toEpochMilli() - 1;
    Directory directory = context.directory();
    return module(user, moduleId).compose(module -> {
      Future<List<String>> targets;
      if (userId != null) {
        targets = directory.people(user.orgId()).map(people -> {
          if (people.stream().noneMatch(p -> p.id().equals(userId))) {
            throw ClientError.notFound("training.error.person.unknown");
          }
          return List.of(userId);
        });
      } else {
        targets = directory.teams(user.orgId()).map(teams -> teams.stream().filter(t -> t.id().equals(teamId))
            .findFirst().orElseThrow(() -> ClientError.notFound("training.error.team.unknown")).memberIds());
      }
      return targets.compose(ids -> {
        List<JsonObject> created = new ArrayList<>();
        Future<Void> chain = Future.succeededFuture();
        for (String id : ids) {
          JsonObject a = new JsonObject().put("orgId", user.orgId()).put("userId", id).put("moduleId", moduleId)
              .put("due", day.toString()).put("dueAt", dueAt).put("assignedBy", user.userId()).put("assignedAt", now());
          if (teamId != null) {
            a.put("teamId", teamId);
          }
          String key = key(id, moduleId);
          chain = chain.compose(v -> keepEarlier ? store.get(ASSIGNMENTS, key) : Future.<JsonObject>succeededFuture())
              .compose(existing -> {
                if (existing != null && existing.getString("due", "9999-12-31").compareTo(day.toString()) <= 0) {
                  created.add(existing);
                  return Future.succeededFuture();
                }
                return recorded(store.merge(ASSIGNMENTS, key, a)).map(x -> {
                  created.add(a.copy().put("_id", key));
                  return null;
                });
              });
        }
        return chain.map(created);
      });
    });
  }

  /** Keeps a mentor pair from a {@code mentor.matched} event (idempotent). */
  Future<Void> mentorMatched(Events.MentorMatched e) {
    return store.merge(MENTORS, e.orgId() + "-" + e.mentorId() + "-" + e.menteeId(), new JsonObject()
        .put("orgId", e.orgId()).put("mentorId", e.mentorId()).put("menteeId", e.menteeId()).put("fit", e.fit())
        .put("matchedAt", e.matchedAt().toEpochMilli())).mapEmpty();
  }

  static String key(String userId, String moduleId) {
    return userId + "-" + moduleId;
  }
}
