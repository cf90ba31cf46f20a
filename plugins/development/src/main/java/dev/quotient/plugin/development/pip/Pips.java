package dev.quotient.plugin.development.pip;

import dev.quotient.api.ClientError;
import dev.quotient.api.ContentStore;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.Role;
import dev.quotient.api.directory.Directory;
import dev.quotient.plugin.development.kpi.Kpi;
import dev.quotient.plugin.development.profile.Fields;
import dev.quotient.plugin.development.profile.Ids;
import dev.quotient.plugin.development.profile.People;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * 30-day performance improvement plans (tip 5): written and agreed, with KPI targets, four weekly
 * check-ins, the support the company commits to, both signatures, check-in notes and an outcome. One
 * document per PIP ({@code pips}) carries its own audit trail: every change appends who, what, when and
 * the fields before and after, in the same compare-and-set as the change itself, so the trail cannot
 * miss a change.
 *
 * <p>Only the rep, the organisation's leaders and admins see a PIP; anyone else gets 404, so nobody
 * learns that one exists.
 */
public final class Pips {

  public static final String COLLECTION = "pips";
  public static final int DAYS = 30;
  static final int MAX_EXTENSION_DAYS = 30;
  static final Pattern MODULE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");
  public static final String PROPOSED = "proposed";
  public static final String ACTIVE = "active";
  public static final String MET = "met";
  public static final String ENDED = "ended";

  private final PluginContext context;
  private final ContentStore store;
  private final People people;
  /** Told the organisation of every PIP written on this node, once the write completes. */
  private final java.util.function.Consumer<String> changed;

  public Pips(PluginContext context, People people, java.util.function.Consumer<String> changed) {
    this.context = context;
    this.store = context.content();
    this.people = people;
    this.changed = changed;
  }

  /** Leaders, admins and the rep of this PIP. */
  public static boolean canSee(CurrentUser u, JsonObject pip) {
    return People.manages(u) || u.userId().equals(pip.getString("userId"));
  }

  public Future<JsonObject> get(CurrentUser u, String id) {
    if (!Ids.valid(id)) {
      return Future.failedFuture(ClientError.notFound("development.error.pip.unknown"));
    }
    return store.get(COLLECTION, id).compose(p -> p != null && u.orgId().equals(p.getString("orgId")) && canSee(u, p)
        ? Future.succeededFuture(p) : Future.failedFuture(ClientError.notFound("development.error.pip.unknown")));
  }

  /** The PIPs of a person the caller may see, newest first. */
  public Future<List<JsonObject>> of(CurrentUser u, String userId) {
    return store.find(COLLECTION, new JsonObject().put("orgId", u.orgId()).put("userId", userId),
        new JsonObject().put("createdAt", -1), 100).map(l -> l.stream().filter(p -> canSee(u, p)).toList());
  }

  /**
   * A leader writes and signs a PIP: {@code {userId, startsOn?, targets: [{kpi, target}], support:
   * {modules: [id], mentorId, coaching}}}. 400 naming the field for bad input; 404 for an unknown rep.
   */
  public Future<JsonObject> create(CurrentUser leader, JsonObject body) {
    if (!leader.has(Role.LEADER)) {
      return Future.failedFuture(ClientError.forbidden("development.error.pip.leader"));
    }
    String userId;
    try {
      userId = Fields.text(body.getValue("userId"), "userId", 64, true);
    } catch (ClientError e) {
      return Future.failedFuture(e);
    }
    return people.rep(leader.orgId(), userId).compose(rep ->
        people.all(leader.orgId()).compose(all -> {
          LocalDate today = LocalDate.ofInstant(context.clock().instant(), leader.zone());
          JsonObject pip;
          try {
            LocalDate starts = body.getValue("startsOn") == null || "".equals(body.getValue("startsOn")) ? today
                : Fields.dateWithin(body.getValue("startsOn"), "startsOn", today.minusDays(7), today.plusDays(30));
            LocalDate ends = starts.plusDays(DAYS);
            JsonArray targets = targets(Fields.array(body, "targets"));
            if (targets.isEmpty()) {
              throw ClientError.badRequest("development.error.pip.targets", "targets");
            }
            JsonObject support = support(Fields.object(body, "support", false), all);
            JsonArray checkIns = new JsonArray();
            for (int week = 1; week <= 4; week++) {
              checkIns.add(new JsonObject().put("date", starts.plusDays(7L * week).toString()).put("note", null));
            }
            long now = context.clock().millis();
            pip = new JsonObject().put("_id", Ids.random()).put("orgId", leader.orgId()).put("userId", rep.id())
                .put("leaderId", leader.userId()).put("status", PROPOSED).put("startsOn", starts.toString())
                .put("endsOn", ends.toString()).put("targets", targets).put("support", support).put("checkIns", checkIns)
                .put("signatures", new JsonObject().put("leader", new JsonObject().put("by", leader.userId()).put("at", now)))
                .put("extensions", 0).put("outcome", null).put("revision", 1).put("createdAt", now);
            pip.put("audit", new JsonArray().add(entry(leader, "created", new JsonObject(), snapshot(pip), now)));
          } catch (ClientError e) {
            return Future.failedFuture(e);
          }
          return store.insert(COLLECTION, pip).onComplete(x -> changed.accept(leader.orgId())).map(id -> pip);
        }));
  }

  /** Fields that describe the PIP (the audit's "after" of its creation). */
  private static JsonObject snapshot(JsonObject pip) {
    JsonObject s = new JsonObject();
    for (String f : List.of("userId", "status", "startsOn", "endsOn", "targets", "support", "checkIns", "signatures")) {
      Object v = pip.getValue(f);
      s.put(f, v instanceof JsonObject o ? o.copy() : v instanceof JsonArray a ? a.copy() : v);
    }
    return s;
  }

  /** A leader changes targets or support before the rep signs (409 after: the agreed PIP is fixed). */
  public Future<JsonObject> update(CurrentUser leader, String id, JsonObject body) {
    if (!leader.has(Role.LEADER)) {
      return Future.failedFuture(ClientError.forbidden("development.error.pip.leader"));
    }
    return get(leader, id).compose(pip -> people.all(leader.orgId()).compose(all -> {
      JsonObject changes = new JsonObject();
      try {
        checkRevision(pip, body.getValue("revision"));
        if (!PROPOSED.equals(pip.getString("status"))) {
          throw ClientError.conflict("development.error.pip.signed", "status");
        }
        if (body.containsKey("targets")) {
          JsonArray t = targets(Fields.array(body, "targets"));
          if (t.isEmpty()) {
            throw ClientError.badRequest("development.error.pip.targets", "targets");
          }
          changes.put("targets", t);
        }
        if (body.containsKey("support")) {
          changes.put("support", support(Fields.object(body, "support", true), all));
        }
      } catch (ClientError e) {
        return Future.failedFuture(e);
      }
      return change(leader, pip, "updated", changes);
    }));
  }

  /** The rep signs to agree: 403 for anyone else, 409 when already signed. */
  public Future<JsonObject> sign(CurrentUser rep, String id, Object revision) {
    return get(rep, id).compose(pip -> {
      try {
        if (!rep.userId().equals(pip.getString("userId"))) {
          throw ClientError.forbidden("development.error.pip.notYours");
        }
        checkRevision(pip, revision);
        if (!PROPOSED.equals(pip.getString("status"))) {
          throw ClientError.conflict("development.error.pip.signed", "status");
        }
      } catch (ClientError e) {
        return Future.failedFuture(e);
      }
      JsonObject signatures = pip.getJsonObject("signatures").copy()
          .put("rep", new JsonObject().put("by", rep.userId()).put("at", context.clock().millis()));
      return change(rep, pip, "signed", new JsonObject().put("signatures", signatures).put("status", ACTIVE));
    });
  }

  /** The most commitments a rep writes into a PIP. */
  static final int MAX_COMMITMENTS = 10;

  /**
   * The rep writes what they commit to ({@code {commitments: [text], revision?}}, 1 to 300 characters
   * each, at most {@value #MAX_COMMITMENTS}), before signing or while the PIP runs: 403 for anyone but the
   * PIP's rep, 409 once it has an outcome. Audited like every change.
   */
  public Future<JsonObject> commit(CurrentUser rep, String id, JsonObject body) {
    return get(rep, id).compose(pip -> {
      JsonArray commitments = new JsonArray();
      try {
        if (!rep.userId().equals(pip.getString("userId"))) {
          throw ClientError.forbidden("development.error.pip.notYours");
        }
        checkRevision(pip, body.getValue("revision"));
        if (!PROPOSED.equals(pip.getString("status")) && !ACTIVE.equals(pip.getString("status"))) {
          throw ClientError.conflict("development.error.pip.notActive", "status");
        }
        JsonArray in = Fields.array(body, "commitments");
        if (in.size() > MAX_COMMITMENTS) {
          throw ClientError.badRequest("development.error.tooMany", "commitments", MAX_COMMITMENTS);
        }
        for (int i = 0; i < in.size(); i++) {
          commitments.add(Fields.text(in.getValue(i), "commitments[" + i + "]", 300, true));
        }
      } catch (ClientError e) {
        return Future.failedFuture(e);
      }
      return change(rep, pip, "commitments", new JsonObject().put("commitments", commitments));
    });
  }

  /** The rep or a leader writes the note of a scheduled check-in ({@code {date, note}}). */
  public Future<JsonObject> checkIn(CurrentUser u, String id, JsonObject body) {
    return get(u, id).compose(pip -> {
      JsonArray checkIns = pip.getJsonArray("checkIns").copy();
      try {
        checkRevision(pip, body.getValue("revision"));
        if (!u.has(Role.LEADER) && !u.userId().equals(pip.getString("userId"))) {
          throw ClientError.forbidden("development.error.pip.leader");
        }
        LocalDate date = Fields.date(body.getValue("date"), "date");
        String note = Fields.text(body.getValue("note"), "note", 2000, true);
        JsonObject slot = checkIns.stream().map(o -> (JsonObject) o).filter(c -> date.toString().equals(c.getString("date")))
            .findFirst().orElseThrow(() -> ClientError.badRequest("development.error.pip.checkInDate", "date"));
        if (date.isAfter(LocalDate.ofInstant(context.clock().instant(), u.zone()))) {
          // a check-in records a conversation that took place
          throw ClientError.badRequest("development.error.pip.checkInFuture", "date", date.toString());
        }
        slot.put("note", note).put("by", u.userId()).put("at", context.clock().millis());
      } catch (ClientError e) {
        return Future.failedFuture(e);
      }
      return change(u, pip, "check-in", new JsonObject().put("checkIns", checkIns));
    });
  }

  /**
   * A leader records the outcome: {@code met}, {@code ended}, or {@code extended} by {@code days} (1-30),
   * once: extending twice is 409. Only an agreed (signed) PIP has an outcome.
   */
  public Future<JsonObject> outcome(CurrentUser leader, String id, JsonObject body) {
    if (!leader.has(Role.LEADER)) {
      return Future.failedFuture(ClientError.forbidden("development.error.pip.leader"));
    }
    return get(leader, id).compose(pip -> {
      JsonObject changes = new JsonObject();
      String action;
      try {
        checkRevision(pip, body.getValue("revision"));
        Object o = body.getValue("outcome");
        String outcome = o instanceof String s ? s : "";
        if (!List.of("met", "extended", "ended").contains(outcome)) {
          throw ClientError.badRequest("development.error.pip.outcome", "outcome");
        }
        if (!ACTIVE.equals(pip.getString("status"))) {
          throw ClientError.conflict("development.error.pip.notActive", "status");
        }
        LocalDate today = LocalDate.ofInstant(context.clock().instant(), leader.zone());
        if ("met".equals(outcome) && today.isBefore(LocalDate.parse(pip.getString("endsOn")))) {
          // the targets are judged over the whole period the rep agreed to, not on its first day
          throw ClientError.conflict("development.error.pip.tooEarly", "outcome", pip.getString("endsOn"));
        }
        action = outcome;
        if ("extended".equals(outcome)) {
          if (pip.getInteger("extensions", 0) >= 1) {
            throw ClientError.conflict("development.error.pip.extendedTwice", "outcome");
          }
          double d = Fields.number(body.getValue("days"), "days");
          if (d != Math.rint(d) || d < 1 || d > MAX_EXTENSION_DAYS) {
            throw ClientError.badRequest("development.error.pip.days", "days", MAX_EXTENSION_DAYS);
          }
          LocalDate oldEnd = LocalDate.parse(pip.getString("endsOn"));
          LocalDate newEnd = oldEnd.plusDays((long) d);
          JsonArray checkIns = pip.getJsonArray("checkIns").copy();
          LocalDate last = LocalDate.parse(checkIns.getJsonObject(checkIns.size() - 1).getString("date"));
          for (LocalDate next = last.plusDays(7); !next.isAfter(newEnd); next = next.plusDays(7)) {
            checkIns.add(new JsonObject().put("date", next.toString()).put("note", null));
          }
          changes.put("endsOn", newEnd.toString()).put("extensions", pip.getInteger("extensions", 0) + 1)
              .put("checkIns", checkIns).put("outcome", "extended");
        } else {
          changes.put("status", "met".equals(outcome) ? MET : ENDED).put("outcome", outcome);
        }
        String note = Fields.text(body.getValue("note"), "note", 2000, false);
        if (!note.isEmpty()) {
          changes.put("outcomeNote", note);
        }
      } catch (ClientError e) {
        return Future.failedFuture(e);
      }
      return change(leader, pip, action, changes);
    });
  }

  private static void checkRevision(JsonObject pip, Object value) {
    Integer revision = Fields.revision(value, "revision");
    if (revision != null && revision != pip.getInteger("revision", 0)) {
      throw ClientError.conflict("development.error.stale", "revision");
    }
  }

  /** Applies the changes and appends their audit entry in one compare-and-set; 409 when it lost a race. */
  private Future<JsonObject> change(CurrentUser u, JsonObject pip, String action, JsonObject changes) {
    long now = context.clock().millis();
    JsonObject before = new JsonObject();
    for (String f : changes.fieldNames()) {
      Object v = pip.getValue(f);
      before.put(f, v instanceof JsonObject o ? o.copy() : v instanceof JsonArray a ? a.copy() : v);
    }
    int revision = pip.getInteger("revision", 0);
    JsonArray audit = pip.getJsonArray("audit", new JsonArray()).copy().add(entry(u, action, before, changes.copy(), now));
    JsonObject fields = changes.copy().put("audit", audit).put("revision", revision + 1).put("updatedAt", now);
    String id = pip.getString("_id");
    return store.setIf(COLLECTION, id, new JsonObject().put("revision", revision), fields)
        .onComplete(x -> changed.accept(pip.getString("orgId"))).compose(won -> won
        ? store.get(COLLECTION, id) : Future.failedFuture(ClientError.conflict("development.error.stale", "revision")));
  }

  private static JsonObject entry(CurrentUser u, String action, JsonObject before, JsonObject after, long at) {
    return new JsonObject().put("at", at).put("by", u.userId()).put("action", action).put("before", before).put("after", after);
  }

  private static JsonArray targets(JsonArray in) {
    if (in.size() > 10) {
      throw ClientError.badRequest("development.error.tooMany", "targets", 10);
    }
    JsonArray out = new JsonArray();
    java.util.Set<Kpi> seen = java.util.EnumSet.noneOf(Kpi.class);
    for (int i = 0; i < in.size(); i++) {
      JsonObject t = Fields.element(in, i, "targets");
      String f = "targets[" + i + "]";
      Kpi kpi = t.getValue("kpi") instanceof String k ? Kpi.parse(k).orElse(null) : null;
      if (kpi == null) {
        throw ClientError.badRequest("development.error.kpi", f + ".kpi");
      }
      if (!seen.add(kpi)) {
        // two targets for one KPI: which one did the rep agree to?
        throw ClientError.badRequest("development.error.kpiTwice", f + ".kpi", kpi.key());
      }
      double target = Fields.number(t.getValue("target"), f + ".target", 0, Kpi.MAX_VALUE);
      out.add(new JsonObject().put("kpi", kpi.key()).put("target", target));
    }
    return out;
  }

  private static JsonObject support(JsonObject in, Map<String, Directory.Person> people) {
    JsonObject s = in == null ? new JsonObject() : in;
    JsonArray modules = new JsonArray();
    JsonArray m = Fields.array(s, "modules");
    for (int i = 0; i < m.size(); i++) {
      String id = Fields.text(m.getValue(i), "support.modules[" + i + "]", 100, true);
      if (!MODULE_ID.matcher(id).matches()) {
        throw ClientError.badRequest("development.error.module", "support.modules[" + i + "]");
      }
      modules.add(id);
    }
    Object mentorId = s.getValue("mentorId");
    String mentor = null;
    if (mentorId != null && !"".equals(mentorId)) {
      Directory.Person p = mentorId instanceof String str ? people.get(str) : null;
      if (p == null || !p.has(Role.MENTOR)) {
        throw ClientError.badRequest("development.error.mentor", "support.mentorId");
      }
      mentor = p.id();
    }
    String coaching = Fields.text(s.getValue("coaching"), "support.coaching", 1000, false);
    return new JsonObject().put("modules", modules).put("mentorId", mentor).put("coaching", coaching);
  }
}
