package dev.quotient.plugin.recognition;

import dev.quotient.api.ClientError;
import dev.quotient.api.ContentStore;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.Role;
import dev.quotient.api.directory.Directory;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/**
 * Individual goals (tip 13): a rep proposes a goal and a leader agrees to it, or a leader sets it.
 * A goal counts the rep's activities of one kind from the day it was made to the end of its due day
 * (the organisation's time zone), each activity once. An agreed goal whose count reaches the target
 * is met exactly once (compare-and-set on its state): the team feed celebrates it and leaders are
 * asked to praise.
 */
final class Goals {

  static final String COLLECTION = "goals";
  static final int MAX_TITLE = 120;
  static final int MAX_TARGET = 10_000;
  static final String PROPOSED = "proposed";
  static final String AGREED = "agreed";
  static final String MET = "met";

  private final PluginContext context;
  private final ContentStore store;
  private final ActivityLog log;
  private final Celebrations celebrations;

  Goals(PluginContext context, ActivityLog log, Celebrations celebrations) {
    this.context = context;
    this.store = context.content();
    this.log = log;
    this.celebrations = celebrations;
  }

  /** A goal and whether this call stored it (false for a repeated client token). */
  record Made(JsonObject goal, boolean created) {}

  /**
   * Stores a goal. A rep's own goal is proposed; a leader's goal for someone is agreed at once.
   * Fails with {@link ClientError}: 400 for a missing or too long title, an unknown metric, a target
   * outside 1 to 10,000, a due date that is not a date or already past, a malformed token; 403 when
   * someone other than a leader sets another person's goal; 400 for a person who is not a rep; 404
   * for a person not of the organisation.
   * Nothing is stored on failure.
   */
  Future<Made> create(CurrentUser caller, String token, String userId, String title, String metric, Object target,
      String dueOn) {
    String owner = userId == null || userId.isBlank() ? caller.userId() : userId;
    if (!owner.equals(caller.userId()) && !caller.has(Role.LEADER)) {
      return Future.failedFuture(ClientError.forbidden("recognition.error.goal.other"));
    }
    if (token != null && !Ids.CLIENT_TOKEN.matcher(token).matches()) {
      return Future.failedFuture(ClientError.badRequest("recognition.error.token"));
    }
    String text = title == null ? "" : title.strip();
    if (text.isEmpty() || text.length() > MAX_TITLE) {
      return Future.failedFuture(ClientError.badRequest("recognition.error.goal.title", MAX_TITLE));
    }
    if (metric == null || !ActivityLog.KINDS.contains(metric)) {
      return Future.failedFuture(ClientError.badRequest("recognition.error.goal.metric", String.join(", ", ActivityLog.KINDS)));
    }
    Integer n = wholeNumber(target);
    if (n == null || n < 1 || n > MAX_TARGET) {
      return Future.failedFuture(ClientError.badRequest("recognition.error.goal.target", MAX_TARGET));
    }
    LocalDate due;
    try {
      due = LocalDate.parse(dueOn == null ? "" : dueOn.strip());
    } catch (DateTimeParseException e) {
      return Future.failedFuture(ClientError.badRequest("recognition.error.goal.due"));
    }
    String id = token == null ? Ids.of(UUID.randomUUID().toString()) : Ids.of(caller.orgId(), caller.userId(), "goal", token);
    Future<JsonObject> seen = token == null ? Future.succeededFuture() : store.get(COLLECTION, id);
    return seen.compose(existing -> existing != null ? Future.succeededFuture(new Made(existing, false))
        : context.directory().organisation(caller.orgId()).compose(org -> context.directory().people(caller.orgId())
            .compose(people -> {
              Directory.Person person = people.stream().filter(p -> p.id().equals(owner)).findFirst().orElse(null);
              if (org == null || person == null) {
                return Future.failedFuture(ClientError.notFound("recognition.error.person.unknown"));
              }
              if (!person.has(Role.REP)) {
                return Future.failedFuture(ClientError.badRequest("recognition.error.goal.rep"));
              }
              ZoneId zone = org.zone();
              LocalDate today = LocalDate.ofInstant(context.clock().instant(), zone);
              if (due.isBefore(today) || due.isAfter(today.plusYears(2))) {
                return Future.failedFuture(ClientError.badRequest("recognition.error.goal.due"));
              }
              boolean leaderSets = caller.has(Role.LEADER) && !owner.equals(caller.userId());
              long now = context.clock().millis();
              JsonObject doc = new JsonObject().put("_id", id).put("orgId", caller.orgId()).put("userId", owner)
                  .put("teamId", person.teamId()).put("title", text).put("metric", metric).put("target", n)
                  .put("startsOn", today.toString()).put("dueOn", due.toString())
                  .put("state", leaderSets ? AGREED : PROPOSED).put("createdBy", caller.userId()).put("createdAt", now)
                  .put("agreedBy", leaderSets ? caller.userId() : null).put("agreedAt", leaderSets ? now : null);
              return store.insert(COLLECTION, doc).map(v -> new Made(doc, true))
                  .recover(e -> e instanceof ClientError c && c.status() == 409
                      ? store.get(COLLECTION, id).map(g -> new Made(g, false)) : Future.failedFuture(e));
            })))
        .compose(made -> made.created() && AGREED.equals(made.goal().getString("state"))
            ? check(made.goal()).compose(v -> store.get(COLLECTION, id)).map(g -> new Made(g, true))
            : Future.succeededFuture(made));
  }

  /** A leader agrees to a proposed goal. 404 for another organisation's goal, 409 unless proposed. */
  Future<JsonObject> agree(CurrentUser leader, String goalId) {
    if (!leader.has(Role.LEADER)) {
      return Future.failedFuture(ClientError.forbidden("recognition.error.goal.agree"));
    }
    return get(leader.orgId(), goalId).compose(g -> {
      if (!PROPOSED.equals(g.getString("state"))) {
        return Future.failedFuture(ClientError.conflict("recognition.error.goal.notProposed"));
      }
      return store.setIf(COLLECTION, goalId, new JsonObject().put("state", PROPOSED), new JsonObject().put("state", AGREED)
              .put("agreedBy", leader.userId()).put("agreedAt", context.clock().millis()))
          .compose(won -> get(leader.orgId(), goalId))
          .compose(agreed -> check(agreed).compose(v -> get(leader.orgId(), goalId)));
    });
  }

  /** The goal of this organisation, or 404. */
  Future<JsonObject> get(String orgId, String goalId) {
    if (goalId == null || !Ids.DOCUMENT.matcher(goalId).matches()) {
      return Future.failedFuture(ClientError.notFound("recognition.error.goal.unknown"));
    }
    return store.get(COLLECTION, goalId).compose(g -> g == null || !orgId.equals(g.getString("orgId"))
        ? Future.failedFuture(ClientError.notFound("recognition.error.goal.unknown"))
        : Future.succeededFuture(g));
  }

  /** A person's goals, newest first. */
  Future<List<JsonObject>> of(String orgId, String userId) {
    return store.find(COLLECTION, new JsonObject().put("orgId", orgId).put("userId", userId),
        new JsonObject().put("createdAt", -1), 200);
  }

  /** The organisation's goals waiting for a leader's agreement, oldest first. */
  Future<List<JsonObject>> proposed(String orgId) {
    return store.find(COLLECTION, new JsonObject().put("orgId", orgId).put("state", PROPOSED),
        new JsonObject().put("createdAt", 1), 200);
  }

  /** Counts a goal's activities: distinct, of its kind, from its first day to the end of its due day. */
  Future<Integer> progress(JsonObject goal) {
    return log.ready().map(v -> log.between(goal.getString("orgId"), goal.getString("userId"),
        goal.getString("metric"), LocalDate.parse(goal.getString("startsOn")), LocalDate.parse(goal.getString("dueOn"))));
  }

  /** Checks the person's agreed goals of these activity kinds. */
  Future<Void> activity(String orgId, String userId, java.util.Set<String> kinds) {
    return store.find(COLLECTION, new JsonObject().put("orgId", orgId).put("userId", userId)
        .put("state", AGREED), 200).compose(all -> {
          List<JsonObject> goals = all.stream().filter(g -> kinds.contains(g.getString("metric"))).toList();
          Future<Void> chain = Future.succeededFuture();
          for (JsonObject g : goals) {
            chain = chain.compose(v -> check(g));
          }
          return chain;
        });
  }

  /** Marks an agreed goal met once its count reaches the target, and celebrates it: exactly once. */
  private Future<Void> check(JsonObject goal) {
    if (!AGREED.equals(goal.getString("state"))) {
      return Future.succeededFuture();
    }
    return progress(goal).compose(count -> {
      if (count < goal.getInteger("target")) {
        return Future.succeededFuture();
      }
      long now = context.clock().millis();
      String id = goal.getString("_id");
      return store.setIf(COLLECTION, id, new JsonObject().put("state", AGREED),
          new JsonObject().put("state", MET).put("metAt", now)).compose(won -> celebrations.post(new JsonObject()
              .put("_id", Ids.of(goal.getString("orgId"), Celebrations.GOAL_MET, id)).put("type", Celebrations.GOAL_MET)
              .put("orgId", goal.getString("orgId")).put("teamId", goal.getString("teamId"))
              .put("userId", goal.getString("userId")).put("goalId", id).put("title", goal.getString("title"))
              .put("metric", goal.getString("metric")).put("target", goal.getInteger("target")).put("at", now)));
    });
  }

  /** A goal as the API shows it, with its progress; {@code missed} once its due day is over unmet. */
  static JsonObject view(JsonObject g, int progress, LocalDate today) {
    int target = g.getInteger("target");
    boolean missed = !MET.equals(g.getString("state")) && LocalDate.parse(g.getString("dueOn")).isBefore(today);
    return new JsonObject().put("missed", missed).put("id", g.getString("_id")).put("userId", g.getString("userId"))
        .put("title", g.getString("title")).put("metric", g.getString("metric")).put("target", target)
        .put("startsOn", g.getString("startsOn")).put("dueOn", g.getString("dueOn")).put("state", g.getString("state"))
        .put("createdBy", g.getString("createdBy")).put("agreedBy", g.getString("agreedBy"))
        .put("progress", progress).put("percent", Math.min(100, progress * 100 / target));
  }

  /** The value as a whole number (a JSON number or a form's text), or null. */
  static Integer wholeNumber(Object value) {
    if (value instanceof Number num) {
      return num.doubleValue() == num.longValue() && Math.abs(num.longValue()) < Integer.MAX_VALUE ? num.intValue() : null;
    }
    if (value instanceof String s) {
      try {
        return Integer.parseInt(s.strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
