package dev.quotient.plugin.development.plan;

import dev.quotient.api.ClientError;
import dev.quotient.api.ContentStore;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.Role;
import dev.quotient.api.event.Catalogue;
import dev.quotient.api.event.Commands;
import dev.quotient.api.event.Events;
import dev.quotient.api.directory.Directory;
import dev.quotient.api.materials.Material;
import dev.quotient.api.materials.MaterialQuery;
import dev.quotient.api.materials.Skill;
import dev.quotient.plugin.development.profile.Fields;
import dev.quotient.plugin.development.profile.Ids;
import dev.quotient.plugin.development.profile.Kpis;
import dev.quotient.plugin.development.profile.People;
import dev.quotient.plugin.development.profile.Profiles;
import dev.quotient.plugin.development.profile.QuizResults;
import dev.quotient.api.RecentReads;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Individual development plans. One document per plan ({@code plans}) holds the working copy the
 * leader edits ({@code content}), every version sent to the rep ({@code versions}, appended, never
 * changed), the acceptances, the rep's comments and the module assignments. Every change is one
 * compare-and-set on {@code revision}, so a stale edit is 409 and nothing is half-written.
 *
 * <p>States: {@code draft} (leader edits) → send → {@code sent} (version n) → the rep accepts
 * ({@code accepted}: buy-in time recorded, {@code plan.accepted} published, modules assigned) or sends
 * it back with a comment ({@code returned}) → the leader edits and sends version n+1. An accepted plan is
 * changed only by starting a new version ({@code newVersion: true}), which needs acceptance again.
 */
public final class Plans {

  public static final String COLLECTION = "plans";
  static final long REQUEST_TIMEOUT_MS = 3000;
  static final int MATERIALS_PER_SKILL = 50;
  public static final String DRAFT = "draft";
  public static final String SENT = "sent";
  public static final String ACCEPTED = "accepted";
  public static final String RETURNED = "returned";

  private final PluginContext context;
  private final ContentStore store;
  private final Profiles profiles;
  private final QuizResults quizzes;
  private final Kpis kpis;
  private final People people;

  /** Plans as read lately, by id. */
  private final RecentReads<JsonObject> recent = new RecentReads<>(java.time.Duration.ofSeconds(1));

  /** Told the organisation of every plan written on this node, once the write completes. */
  private final java.util.function.Consumer<String> changed;

  public Plans(PluginContext context, Profiles profiles, QuizResults quizzes, Kpis kpis, People people,
      java.util.function.Consumer<String> changed) {
    this.changed = changed;
    this.context = context;
    this.store = context.content();
    this.profiles = profiles;
    this.quizzes = quizzes;
    this.kpis = kpis;
    this.people = people;
  }

  /** A leader starts a plan for a rep: drafted from the profile (see {@link PlanDrafter}). */
  public Future<JsonObject> start(CurrentUser leader, String userId) {
    if (!leader.has(Role.LEADER)) {
      return Future.failedFuture(ClientError.forbidden("development.error.plan.leader"));
    }
    return people.rep(leader.orgId(), userId).compose(rep ->
        draft(leader.orgId(), userId, leader.userId(), LocalDate.ofInstant(context.clock().instant(), leader.zone()), Ids.random()));
  }

  /** Drafts and stores a plan; a repeated id (a repeated hire event) returns the stored one. */
  public Future<JsonObject> draft(String orgId, String userId, String leaderId, LocalDate today, String planId) {
    return store.get(COLLECTION, planId).compose(existing -> existing != null ? Future.succeededFuture(existing)
        : profiles.profile(orgId, userId, today).compose(profile -> kpis.baseline(orgId, userId, today)
            .compose(base -> quizzes.modules(orgId).compose(seen -> quizzes.of(orgId, userId).compose(done -> {
              Set<String> passed = done.stream().filter(r -> r.getBoolean("passed", false))
                  .map(r -> r.getString("moduleId")).collect(Collectors.toSet());
              List<Skill> gapSkills = PlanDrafter.goalSkills(profile);
              return Future.all(findModules(orgId, leaderId, gapSkills), materials(orgId, leaderId, gapSkills))
                  .map(found -> PlanDrafter.draft(profile, base,
                      PlanDrafter.candidates(found.<List<Commands.ModuleRef>>resultAt(0), seen), passed,
                      found.<List<Material>>resultAt(1), today));
            }).compose(content -> {
              List<String> skills = content.getJsonArray("goals").stream()
                  .map(g -> ((JsonObject) g).getString("skill")).toList();
              return suggestMentor(orgId, userId, skills).compose(mentor -> {
                content.put("mentor", mentor);
                long now = context.clock().millis();
                JsonObject plan = new JsonObject().put("_id", planId).put("orgId", orgId).put("userId", userId)
                    .put("leaderId", leaderId).put("status", DRAFT).put("version", 0).put("revision", 0)
                    .put("content", content).put("versions", new JsonArray()).put("acceptances", new JsonArray())
                    .put("comments", new JsonArray()).put("assignments", new JsonArray())
                    .put("createdAt", now).put("updatedAt", now);
                return store.insert(COLLECTION, plan).onComplete(x -> written(orgId, planId)).map(id -> plan)
                    .recover(e -> e instanceof ClientError c && c.status() == 409
                        ? store.get(COLLECTION, planId) : Future.failedFuture(e));
              });
            })))));
  }

  /**
   * Asks the training plugin for the modules of the gap skills; no handler, a failure or a timeout give
   * null (the draft then suggests only modules seen in {@code module.completed}).
   */
  private Future<List<Commands.ModuleRef>> findModules(String orgId, String leaderId, List<Skill> skills) {
    if (skills.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Future<Commands.ModulesFound> f;
    try {
      f = context.events().request(Catalogue.FIND_MODULES,
          new Commands.FindModules(orgId, leaderId, skills.stream().map(Skill::key).toList()));
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    return f.timeout(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS).map(Commands.ModulesFound::modules)
        .otherwise(e -> {
          context.log().info("training catalogue unavailable for {}: {}", orgId, e.toString());
          return null;
        });
  }

  /**
   * The library items serving the gap skills, read as the leader the plan is drafted for (who also sees
   * unpublished items: the drafter keeps only published ones). None when the leader is not a member or
   * the library cannot be read.
   */
  private Future<List<Material>> materials(String orgId, String leaderId, List<Skill> skills) {
    if (skills.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return Future.all(context.directory().organisation(orgId), context.directory().people(orgId)).compose(all -> {
      Directory.Organisation org = all.resultAt(0);
      List<Directory.Person> everyone = all.resultAt(1);
      Directory.Person leader = org == null ? null
          : everyone.stream().filter(p -> p.id().equals(leaderId)).findFirst().orElse(null);
      if (leader == null) {
        return Future.succeededFuture(List.<Material>of());
      }
      CurrentUser viewer = new CurrentUser(leader.id(), orgId, "", leader.name(), leader.roles(), org.locale(), org.zone());
      List<Future<List<Material>>> searches = skills.stream().map(skill -> context.materials().search(viewer,
          new MaterialQuery(null, null, null, skill, null, null, MATERIALS_PER_SKILL))).toList();
      return Future.all(searches).map(x -> searches.stream().flatMap(f -> f.result().stream()).toList());
    }).otherwise(e -> {
      context.log().warn("library not read for a plan in {}", orgId, e);
      return List.of();
    });
  }

  /** Asks the mentoring plugin; no handler, a failure or a timeout all mean "unavailable". */
  private Future<JsonObject> suggestMentor(String orgId, String userId, List<String> skills) {
    Future<Commands.MentorSuggestion> f;
    try {
      f = context.events().request(Catalogue.SUGGEST_MENTOR, new Commands.SuggestMentor(orgId, userId, skills));
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    return f.timeout(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS).map(s -> s.mentorId() == null
            ? new JsonObject().put("status", "none")
            : new JsonObject().put("status", "suggested").put("mentorId", s.mentorId()).put("fit", s.fit())
                .put("reasons", new JsonArray(s.reasons())))
        .otherwise(e -> {
          context.log().info("mentor suggestion unavailable for {}: {}", userId, e.toString());
          return new JsonObject().put("status", "unavailable");
        });
  }

  /** The plan if the caller may see it, else 404 (see {@link #canSee}). */
  public Future<JsonObject> get(CurrentUser u, String planId) {
    if (!Ids.valid(planId)) {
      return Future.failedFuture(ClientError.notFound("development.error.plan.unknown"));
    }
    return store.get(COLLECTION, planId).compose(p -> p != null && u.orgId().equals(p.getString("orgId")) && canSee(u, p)
        ? Future.succeededFuture(p) : Future.failedFuture(ClientError.notFound("development.error.plan.unknown")));
  }

  /**
   * The plan as {@link #get} gives it, from memory when it was read in the last second (page views
   * and API reads; writes read it afresh). A write on this node is seen at once, another node's within
   * the second. The caller gets its own copy.
   */
  public Future<JsonObject> view(CurrentUser u, String planId) {
    if (!Ids.valid(planId)) {
      return Future.failedFuture(ClientError.notFound("development.error.plan.unknown"));
    }
    return recent.get(planId, () -> store.get(COLLECTION, planId)).compose(p -> p != null
        && u.orgId().equals(p.getString("orgId")) && canSee(u, p) ? Future.succeededFuture(p.copy())
        : Future.failedFuture(ClientError.notFound("development.error.plan.unknown")));
  }

  /**
   * Leaders and admins see every plan of the organisation; the rep and the plan's mentor see it once a
   * version was sent.
   */
  public static boolean canSee(CurrentUser u, JsonObject plan) {
    if (People.manages(u)) {
      return true;
    }
    boolean sent = !plan.getJsonArray("versions", new JsonArray()).isEmpty();
    return sent && (u.userId().equals(plan.getString("userId")) || u.userId().equals(mentorOf(plan)));
  }

  /** The mentor of the content the rep sees (the latest version), else of the working copy. */
  static String mentorOf(JsonObject plan) {
    JsonObject shown = shownContent(plan, false);
    return shown.getJsonObject("mentor", new JsonObject()).getString("mentorId");
  }

  /** What a viewer sees: the working copy for leaders, else the latest version sent. */
  static JsonObject shownContent(JsonObject plan, boolean leader) {
    JsonArray versions = plan.getJsonArray("versions", new JsonArray());
    if (leader || versions.isEmpty()) {
      return plan.getJsonObject("content");
    }
    return versions.getJsonObject(versions.size() - 1).getJsonObject("content");
  }

  /** A person's plans (newest first) the caller may see. */
  public Future<List<JsonObject>> of(CurrentUser u, String userId) {
    return store.find(COLLECTION, new JsonObject().put("orgId", u.orgId()).put("userId", userId),
        new JsonObject().put("createdAt", -1), 100).map(list -> list.stream().filter(p -> canSee(u, p)).toList());
  }

  /** The sent plans the caller mentors, newest first. */
  public Future<List<JsonObject>> mentoring(CurrentUser u) {
    return store.find(COLLECTION, new JsonObject().put("orgId", u.orgId()).put("mentorId", u.userId()),
        new JsonObject().put("createdAt", -1), 100).map(list -> list.stream().filter(p -> canSee(u, p)).toList());
  }

  /**
   * A leader edits the working copy. 409 when the plan is accepted and {@code newVersion} is not true,
   * or when {@code revision} is stale; 400 naming the field for bad content. Sent plans go back to draft.
   */
  public Future<JsonObject> edit(CurrentUser leader, String planId, JsonObject body) {
    if (!leader.has(Role.LEADER)) {
      return Future.failedFuture(ClientError.forbidden("development.error.plan.leader"));
    }
    return get(leader, planId).compose(plan -> people.all(leader.orgId()).compose(everyone -> {
      Integer revision;
      JsonObject content;
      try {
        revision = Fields.revision(body.getValue("revision"), "revision");
        checkRevision(plan, revision);
        boolean newVersion = Boolean.TRUE.equals(body.getValue("newVersion")) || "true".equals(body.getValue("newVersion"));
        if (ACCEPTED.equals(plan.getString("status")) && !newVersion) {
          throw ClientError.conflict("development.error.plan.accepted", "newVersion");
        }
        content = PlanContent.parse(body, plan.getJsonObject("content"), everyone);
      } catch (ClientError e) {
        return Future.failedFuture(e);
      }
      return update(plan, new JsonObject().put("content", content).put("status", DRAFT));
    }));
  }

  /** The leader sends the working copy as the next immutable version. */
  public Future<JsonObject> send(CurrentUser leader, String planId, Integer revision) {
    if (!leader.has(Role.LEADER)) {
      return Future.failedFuture(ClientError.forbidden("development.error.plan.leader"));
    }
    return get(leader, planId).compose(plan -> {
      try {
        checkRevision(plan, revision);
      } catch (ClientError e) {
        return Future.failedFuture(e);
      }
      String status = plan.getString("status");
      if (!DRAFT.equals(status) && !RETURNED.equals(status)) {
        return Future.failedFuture(ClientError.conflict("development.error.plan.notDraft", "status"));
      }
      // A rep is asked to agree to something: at least one measured goal and something to do for it.
      JsonObject content = plan.getJsonObject("content");
      if (content.getJsonArray("goals", new JsonArray()).isEmpty()) {
        return Future.failedFuture(ClientError.badRequest("development.error.plan.noGoals", "goals"));
      }
      if (content.getJsonArray("modules", new JsonArray()).isEmpty()
          && content.getJsonArray("resources", new JsonArray()).isEmpty()) {
        return Future.failedFuture(ClientError.badRequest("development.error.plan.nothingToDo", "modules"));
      }
      int next = plan.getInteger("version", 0) + 1;
      JsonArray versions = plan.getJsonArray("versions", new JsonArray()).copy();
      versions.add(new JsonObject().put("version", next).put("content", plan.getJsonObject("content").copy())
          .put("sentBy", leader.userId()).put("sentAt", context.clock().millis()));
      // The mentor of the version sent, kept at the top level so mentors find the plans they mentor.
      String mentorId = plan.getJsonObject("content").getJsonObject("mentor", new JsonObject()).getString("mentorId");
      return update(plan, new JsonObject().put("versions", versions).put("version", next).put("status", SENT)
          .put("mentorId", mentorId));
    });
  }

  /**
   * The rep accepts the version sent (buy-in, with its time): 403 for anyone but the plan's rep; 409 when
   * {@code version} is not the one waiting. Publishes {@code plan.accepted} and assigns the modules.
   */
  public Future<JsonObject> accept(CurrentUser rep, String planId, Object versionValue) {
    return get(rep, planId).compose(plan -> {
      int version;
      try {
        version = waitingVersion(rep, plan, versionValue);
      } catch (ClientError e) {
        return Future.failedFuture(e);
      }
      long now = context.clock().millis();
      JsonArray acceptances = plan.getJsonArray("acceptances", new JsonArray()).copy()
          .add(new JsonObject().put("version", version).put("by", rep.userId()).put("at", now));
      return update(plan, new JsonObject().put("status", ACCEPTED).put("acceptedVersion", version).put("acceptedAt", now)
          .put("acceptances", acceptances)).compose(accepted -> {
            context.events().publish(Catalogue.PLAN_ACCEPTED, new Events.PlanAccepted(plan.getString("orgId"),
                planId, rep.userId(), version, Instant.ofEpochMilli(now)));
            return assign(rep, accepted, version);
          });
    });
  }

  /** The rep sends the version back with a comment (1-2000 characters). */
  public Future<JsonObject> sendBack(CurrentUser rep, String planId, Object versionValue, Object commentValue) {
    return get(rep, planId).compose(plan -> {
      int version;
      String comment;
      try {
        version = waitingVersion(rep, plan, versionValue);
        comment = Fields.text(commentValue, "comment", 2000, true);
      } catch (ClientError e) {
        return Future.failedFuture(e);
      }
      JsonArray comments = plan.getJsonArray("comments", new JsonArray()).copy().add(new JsonObject()
          .put("version", version).put("by", rep.userId()).put("at", context.clock().millis()).put("text", comment));
      return update(plan, new JsonObject().put("status", RETURNED).put("comments", comments));
    });
  }

  private static int waitingVersion(CurrentUser rep, JsonObject plan, Object versionValue) {
    if (!rep.userId().equals(plan.getString("userId"))) {
      throw ClientError.forbidden("development.error.plan.notYours");
    }
    Integer version = Fields.revision(versionValue, "version");
    if (version == null) {
      throw ClientError.badRequest("development.error.number", "version");
    }
    if (!SENT.equals(plan.getString("status")) || version != plan.getInteger("version", 0)) {
      throw ClientError.conflict("development.error.stale", "version");
    }
    return version;
  }

  /** Assigns the accepted version's modules through {@code module.assign}; failures are kept as "unavailable". */
  private Future<JsonObject> assign(CurrentUser rep, JsonObject plan, int version) {
    JsonObject content = plan.getJsonArray("versions").getJsonObject(version - 1).getJsonObject("content");
    List<Future<JsonObject>> results = new ArrayList<>();
    for (Object o : content.getJsonArray("modules", new JsonArray())) {
      JsonObject m = (JsonObject) o;
      String moduleId = m.getString("moduleId");
      Future<Commands.ModuleAssigned> f;
      try {
        f = context.events().request(Catalogue.ASSIGN_MODULE, new Commands.AssignModule(plan.getString("orgId"),
            plan.getString("leaderId"), rep.userId(), moduleId, m.getString("due")));
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      results.add(f.timeout(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS)
          .map(a -> new JsonObject().put("moduleId", moduleId).put("version", version).put("status", "assigned")
              .put("title", a.title()).put("due", a.dueOn()))
          .otherwise(e -> new JsonObject().put("moduleId", moduleId).put("version", version).put("status", "unavailable")));
    }
    return Future.join(results).transform(x -> {
      JsonArray assignments = new JsonArray();
      results.forEach(r -> assignments.add(r.result()));
      return store.set(COLLECTION, plan.getString("_id"), new JsonObject().put("assignments", assignments))
          .onComplete(done -> written(plan.getString("orgId"), plan.getString("_id")))
          .compose(v -> store.get(COLLECTION, plan.getString("_id")));
    });
  }

  /** After a write of the plan: its reads and its organisation's list are read again. */
  private void written(String orgId, String planId) {
    recent.forget(planId);
    changed.accept(orgId);
  }

  private static void checkRevision(JsonObject plan, Integer revision) {
    if (revision != null && revision != plan.getInteger("revision", 0)) {
      throw ClientError.conflict("development.error.stale", "revision");
    }
  }

  /** One compare-and-set on the revision the plan was read at; 409 when someone else changed it first. */
  private Future<JsonObject> update(JsonObject plan, JsonObject fields) {
    int revision = plan.getInteger("revision", 0);
    String id = plan.getString("_id");
    fields.put("revision", revision + 1).put("updatedAt", context.clock().millis());
    return store.setIf(COLLECTION, id, new JsonObject().put("revision", revision), fields)
        .onComplete(x -> written(plan.getString("orgId"), id)).compose(won -> won
        ? store.get(COLLECTION, id) : Future.failedFuture(ClientError.conflict("development.error.stale", "revision")));
  }


  /** Module ids to sub-skills seen in the organisation (for the edit form's suggestions). */
  public Future<java.util.Map<String, List<Skill>>> modules(String orgId) {
    return quizzes.modules(orgId);
  }
}
