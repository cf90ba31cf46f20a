package dev.quotient.plugin.hiring;

import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.Role;
import dev.quotient.api.directory.Directory.Person;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Candidates for a role and who interviews them. Leaders and admins see every candidate of their
 * organisation; an interviewer sees only the candidates they are assigned to (any other is a 404, as
 * is anything of another organisation).
 */
final class Candidates {

  static final String COLLECTION = "candidates";
  /** Stages a leader sets by hand; {@code hired} is reached only through a hire. */
  static final List<String> STAGES = List.of("applied", "interviewing", "offer", "rejected");

  private final PluginContext context;
  private final Roles roles;

  Candidates(PluginContext context, Roles roles) {
    this.context = context;
    this.roles = roles;
  }

  static boolean manager(CurrentUser u) {
    return u.has(Role.LEADER) || u.has(Role.ADMIN);
  }

  static boolean interviewer(JsonObject candidate, String userId) {
    return candidate.getJsonArray("interviewerIds", new JsonArray()).contains(userId);
  }

  Future<JsonObject> create(CurrentUser u, String roleId, JsonObject body) {
    return roles.get(u, roleId).compose(role -> {
      JsonObject c = new JsonObject().put("orgId", u.orgId()).put("roleId", roleId)
          .put("name", Input.text(body, "name", "name", 120)).put("email", Input.email(body))
          .put("source", nullToEmpty(Input.optionalText(body, "source", "source", 120)))
          .put("stage", "applied").put("interviewerIds", new JsonArray()).put("hireLock", "")
          .put("createdAt", context.clock().instant().toString()).put("createdBy", u.userId());
      return context.content().insert(COLLECTION, c).map(id -> c.put("_id", id));
    });
  }

  /** Candidates the caller may see, optionally of one role, in the order they applied. */
  Future<List<JsonObject>> list(CurrentUser u, String roleId) {
    JsonObject filter = new JsonObject().put("orgId", u.orgId());
    if (roleId != null) {
      filter.put("roleId", roleId);
    }
    return context.content().find(COLLECTION, filter, new JsonObject().put("createdAt", 1), 10_000)
        .map(all -> all.stream().filter(c -> manager(u) || interviewer(c, u.userId())).toList());
  }

  /** A candidate the caller may see, else a 404. */
  Future<JsonObject> get(CurrentUser u, String id) {
    return context.content().get(COLLECTION, id).map(c -> {
      if (c == null || !u.orgId().equals(c.getString("orgId")) || !(manager(u) || interviewer(c, u.userId()))) {
        throw ClientError.notFound("hiring.error.candidate");
      }
      return c;
    });
  }

  /** Moves a candidate between the stages a leader sets by hand; a hired candidate stays hired. */
  Future<JsonObject> setStage(CurrentUser u, String id, JsonObject body) {
    String stage = Input.text(body, "stage", "stage", 20);
    if ("hired".equals(stage)) {
      throw ClientError.badRequest("hiring.error.stageHired", "stage");
    }
    if (!STAGES.contains(stage)) {
      throw ClientError.badRequest("hiring.error.stage", "stage");
    }
    return get(u, id).compose(c -> {
      String from = c.getString("stage");
      if ("hired".equals(from)) {
        throw ClientError.conflict("hiring.error.hired");
      }
      // Compare-and-set on the stage and the hire lock: a hire in flight is not overtaken.
      return context.content().setIf(COLLECTION, id, new JsonObject().put("stage", from).put("hireLock", ""),
          new JsonObject().put("stage", stage)).map(changed -> {
            if (!changed) {
              throw ClientError.conflict("hiring.error.busy");
            }
            return c.put("stage", stage);
          });
    });
  }

  /** Replaces the interviewers: leaders, mentors and admins of the organisation. */
  Future<JsonObject> assign(CurrentUser u, String id, JsonObject body) {
    Object raw = body.getValue("interviewerIds");
    if (!(raw instanceof JsonArray list)) {
      throw ClientError.badRequest("hiring.error.interviewers", "interviewerIds");
    }
    return get(u, id).compose(c -> context.directory().people(u.orgId()).compose(people -> {
      Map<String, Person> byId = people.stream().collect(Collectors.toMap(Person::id, Function.identity()));
      Set<String> ids = new LinkedHashSet<>();
      for (int i = 0; i < list.size(); i++) {
        Object v = list.getValue(i);
        Person p = v instanceof String s ? byId.get(s) : null;
        if (p == null || !(p.has(Role.LEADER) || p.has(Role.MENTOR) || p.has(Role.ADMIN))) {
          throw ClientError.badRequest("hiring.error.interviewer", "interviewerIds[" + i + "]");
        }
        ids.add(p.id());
      }
      JsonArray stored = new JsonArray(new ArrayList<>(ids));
      return context.content().set(COLLECTION, id, new JsonObject().put("interviewerIds", stored))
          .map(ok -> c.put("interviewerIds", stored));
    }));
  }

  /** People who may interview (leaders, mentors, admins), sorted by name. */
  Future<List<Person>> interviewers(CurrentUser u) {
    return context.directory().people(u.orgId()).map(people -> people.stream()
        .filter(p -> p.has(Role.LEADER) || p.has(Role.MENTOR) || p.has(Role.ADMIN)).toList());
  }

  static JsonObject view(JsonObject c) {
    return new JsonObject().put("id", c.getString("_id")).put("roleId", c.getString("roleId"))
        .put("name", c.getString("name")).put("email", c.getString("email")).put("source", c.getString("source", ""))
        .put("stage", c.getString("stage")).put("interviewerIds", c.getJsonArray("interviewerIds", new JsonArray()))
        .put("userId", c.getString("userId")).put("teamId", c.getString("teamId"))
        .put("hiredAt", c.getString("hiredAt")).put("createdAt", c.getString("createdAt"));
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
