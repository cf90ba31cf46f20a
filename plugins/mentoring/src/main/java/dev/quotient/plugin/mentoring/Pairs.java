package dev.quotient.plugin.mentoring;

import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.Role;
import dev.quotient.api.event.Events;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Mentorships after matching: who sees which pair, ending one with an outcome, check-ins with private
 * or shared notes and the mentee's rating, the flag for pairs without a recent check-in, and the
 * per-mentee summary of modules completed (from {@code module.completed}).
 *
 * <p>Access: the pair's mentor and mentee and the organisation's leaders see a pair; anyone else gets
 * 404. Private notes are for the mentor alone.
 */
final class Pairs {

  private static final int MAX_RECENT_MODULES = 10;
  private final PluginContext context;
  private final StatusReads statusReads;
  private final AreaPoints areaPoints;

  Pairs(PluginContext context, StatusReads statusReads) {
    this.context = context;
    this.statusReads = statusReads;
    this.areaPoints = new AreaPoints(context);
  }

  static boolean isParty(CurrentUser u, JsonObject pair) {
    return u.userId().equals(pair.getString("mentorId")) || u.userId().equals(pair.getString("menteeId"));
  }

  /** The pair if the caller may see it (404 otherwise, also for other organisations). */
  Future<JsonObject> pair(CurrentUser u, String pairId) {
    return context.content().get(Org.PAIRS, pairId).map(p -> {
      if (p == null || !u.orgId().equals(p.getString("orgId")) || !isParty(u, p) && !u.has(Role.LEADER)) {
        throw ClientError.notFound("mentoring.error.pair.unknown");
      }
      return p;
    });
  }

  /** The pairs the caller sees: a leader all of the organisation, others their own. Active first. */
  Future<JsonObject> list(CurrentUser u, boolean all) {
    Instant now = context.clock().instant();
    return Org.load(context, u.orgId()).compose(org -> context.content()
        .find(Org.CHECKINS, new JsonObject().put("orgId", u.orgId()), 10_000).map(checkins -> {
          boolean leaderView = all && u.has(Role.LEADER);
          JsonArray out = new JsonArray();
          org.pairs().stream().filter(p -> leaderView || isParty(u, p))
              .sorted(java.util.Comparator.comparing((JsonObject p) -> !"active".equals(p.getString("state")))
                  .thenComparing(p -> p.getString("startedAt")))
              .forEach(p -> out.add(view(p, org, checkins, now, u)));
          return new JsonObject().put("pairs", out).put("checkInDays", org.checkInDays());
        }));
  }

  /** The meeting date (ISO, the organisation's days) of the pair's latest check-in, or null. */
  static String lastCheckIn(JsonObject pair, List<JsonObject> checkins) {
    return checkins.stream().filter(c -> pair.getString("_id").equals(c.getString("pairId")))
        .map(c -> c.getString("date")).max(String::compareTo).orElse(null);
  }

  JsonObject view(JsonObject p, Org org, List<JsonObject> checkins, Instant now, CurrentUser u) {
    String last = lastCheckIn(p, checkins);
    boolean active = "active".equals(p.getString("state"));
    // Counted in whole days in the organisation's zone: flagged once more than checkInDays have passed.
    LocalDate since = last == null ? LocalDate.ofInstant(Instant.parse(p.getString("startedAt")), org.zone())
        : LocalDate.parse(last);
    boolean overdue = active && since.plusDays(org.checkInDays()).isBefore(LocalDate.ofInstant(now, org.zone()));
    return new JsonObject().put("id", p.getString("_id")).put("state", p.getString("state"))
        .put("mentorId", p.getString("mentorId")).put("mentorName", org.name(p.getString("mentorId")))
        .put("menteeId", p.getString("menteeId")).put("menteeName", org.name(p.getString("menteeId")))
        .put("score", p.getInteger("score")).put("reasonTexts", Matching.reasonTexts(context.pages(), p.getJsonArray("reasons"), u.locale()))
        .put("startedAt", p.getString("startedAt")).put("endedAt", p.getString("endedAt"))
        .put("outcome", p.getString("outcome")).put("lastCheckIn", last).put("overdue", overdue)
        .put("youAreMentor", u.userId().equals(p.getString("mentorId")));
  }

  /**
   * Ends an active pair with an outcome (its mentor or a leader); kept as history. Answers the ended
   * pair and the best remaining mentor offered for a single re-match (none when nobody fits).
   */
  Future<JsonObject> end(CurrentUser u, String pairId, String outcome) {
    Instant now = context.clock().instant();
    if (outcome == null || outcome.isBlank() || outcome.length() > 1000) {
      return Future.failedFuture(ClientError.badRequest("mentoring.error.outcome"));
    }
    return pair(u, pairId).compose(p -> {
      if (!u.userId().equals(p.getString("mentorId")) && !u.has(Role.LEADER)) {
        throw ClientError.forbidden("mentoring.error.notYourPair");
      }
      return statusReads.written(u.orgId(), context.content().setIf(Org.PAIRS, pairId,
          new JsonObject().put("state", "active"), new JsonObject().put("state", "ended").put("endedAt", now.toString())
              .put("outcome", outcome.strip()).put("endedBy", u.userId())));
    }).compose(changed -> {
      if (!changed) {
        throw ClientError.conflict("mentoring.error.pair.ended");
      }
      return Org.load(context, u.orgId());
    }).compose(org -> context.content().get(Org.PAIRS, pairId).map(p -> {
      List<JsonObject> best = Matching.ranked(org, p.getString("menteeId"), now, 1);
      return new JsonObject().put("pair", view(p, org, List.of(), now, u))
          .put("rematch", best.isEmpty() ? null : Matching.suggestionView(context.pages(), best.get(0), org, u.locale()));
    }));
  }

  // --- check-ins ---

  /** Logs a check-in (the pair's mentor, on an active pair). */
  Future<JsonObject> checkIn(CurrentUser u, String pairId, JsonObject body) {
    Instant now = context.clock().instant();
    return pair(u, pairId).compose(p -> {
      if (!u.userId().equals(p.getString("mentorId"))) {
        throw ClientError.forbidden("mentoring.error.notYourPair");
      }
      if (!"active".equals(p.getString("state"))) {
        throw ClientError.conflict("mentoring.error.pair.ended");
      }
      String date = date(body.getValue("date"), true);
      // a check-in records a meeting that happened: within the pair's time, not before it began or after today
      LocalDate started = LocalDate.ofInstant(Instant.parse(p.getString("startedAt")), u.zone());
      LocalDate today = LocalDate.ofInstant(now, u.zone());
      LocalDate day = LocalDate.parse(date);
      if (day.isBefore(started) || day.isAfter(today)) {
        throw ClientError.badRequest("mentoring.error.checkInDate", started.toString(), today.toString());
      }
      String next = date(body.getValue("nextMeeting"), false);
      String notes = body.getValue("notes") instanceof String s ? s.strip() : "";
      if (notes.length() > 5000) {
        throw ClientError.badRequest("mentoring.error.notes");
      }
      JsonArray actions = new JsonArray();
      Object a = body.getValue("actions");
      if (a != null && !(a instanceof JsonArray)) {
        throw ClientError.badRequest("mentoring.error.actions");
      }
      if (a instanceof JsonArray list) {
        if (list.size() > 20) {
          throw ClientError.badRequest("mentoring.error.actions");
        }
        for (Object o : list) {
          if (!(o instanceof JsonObject act) || !(act.getValue("text") instanceof String t) || t.isBlank()
              || t.length() > 500) {
            throw ClientError.badRequest("mentoring.error.actions");
          }
          actions.add(new JsonObject().put("text", t.strip()).put("due", date(act.getValue("due"), false)));
        }
      }
      JsonObject c = new JsonObject().put("_id", UUID.randomUUID().toString()).put("orgId", u.orgId())
          .put("pairId", pairId).put("mentorId", p.getString("mentorId")).put("menteeId", p.getString("menteeId"))
          .put("date", date).put("notes", notes).put("shared", Boolean.TRUE.equals(body.getValue("shared")))
          .put("actions", actions).put("nextMeeting", next).put("createdAt", now.toString());
      return statusReads.written(u.orgId(), context.content().insert(Org.CHECKINS, c)).map(id -> checkInView(c, u));
    });
  }

  private static String date(Object value, boolean required) {
    if (value == null || value instanceof String s && s.isBlank()) {
      if (required) {
        throw ClientError.badRequest("mentoring.error.date");
      }
      return null;
    }
    try {
      return LocalDate.parse(String.valueOf(value)).toString();
    } catch (DateTimeParseException e) {
      throw ClientError.badRequest("mentoring.error.date");
    }
  }

  /** A check-in as the caller may see it: private notes only for the mentor. */
  static JsonObject checkInView(JsonObject c, CurrentUser u) {
    boolean mentor = u.userId().equals(c.getString("mentorId"));
    boolean visible = mentor || c.getBoolean("shared", false);
    return new JsonObject().put("id", c.getString("_id")).put("pairId", c.getString("pairId"))
        .put("date", c.getString("date")).put("shared", c.getBoolean("shared", false))
        .put("notes", visible ? c.getString("notes") : null).put("actions", c.getJsonArray("actions"))
        .put("nextMeeting", c.getString("nextMeeting")).put("rating", c.getInteger("rating"));
  }

  /** The pair's check-ins, newest first; private notes only for the mentor. */
  Future<JsonObject> checkIns(CurrentUser u, String pairId) {
    return pair(u, pairId).compose(p -> context.content().find(Org.CHECKINS,
        new JsonObject().put("orgId", u.orgId()).put("pairId", pairId), new JsonObject().put("date", -1), 200))
        .map(list -> new JsonObject().put("checkIns", new JsonArray(list.stream().map(c -> checkInView(c, u)).toList())));
  }

  /**
   * One check-in: the mentor always; the mentee when its notes are shared (a private one is 404 to
   * them); leaders see it without private notes.
   */
  Future<JsonObject> checkInOne(CurrentUser u, String checkInId) {
    return context.content().get(Org.CHECKINS, checkInId).compose(c -> {
      if (c == null || !u.orgId().equals(c.getString("orgId"))) {
        throw ClientError.notFound("mentoring.error.checkIn.unknown");
      }
      boolean mentor = u.userId().equals(c.getString("mentorId"));
      boolean mentee = u.userId().equals(c.getString("menteeId"));
      if (!mentor && !(mentee && c.getBoolean("shared", false)) && !u.has(Role.LEADER)) {
        throw ClientError.notFound("mentoring.error.checkIn.unknown");
      }
      return Future.succeededFuture(checkInView(c, u));
    });
  }

  /** The mentee rates a session from 1 to 5 (again to change it). */
  Future<JsonObject> rate(CurrentUser u, String checkInId, Object rating) {
    if (!(rating instanceof Number n) || n.intValue() < 1 || n.intValue() > 5 || n.doubleValue() != n.intValue()) {
      return Future.failedFuture(ClientError.badRequest("mentoring.error.rating"));
    }
    return context.content().get(Org.CHECKINS, checkInId).compose(c -> {
      if (c == null || !u.orgId().equals(c.getString("orgId")) || !isParty(u, c)) {
        throw ClientError.notFound("mentoring.error.checkIn.unknown");
      }
      if (!u.userId().equals(c.getString("menteeId"))) {
        throw ClientError.forbidden("mentoring.error.rateOwn");
      }
      return context.content().set(Org.CHECKINS, checkInId, new JsonObject().put("rating", n.intValue()))
          .map(x -> checkInView(c.put("rating", n.intValue()), u));
    });
  }

  // --- the mentor's view of a mentee ---

  /** Keeps a short summary of a person's completed modules: counts, passes and the latest results. */
  Future<Void> moduleCompleted(Events.ModuleCompleted e) {
    String id = e.orgId() + ":" + e.userId();
    JsonObject entry = new JsonObject().put("moduleId", e.moduleId()).put("score", e.score()).put("passed", e.passed())
        .put("completedAt", e.completedAt().toString());
    return context.content().get(Org.PROGRESS, id).compose(old -> {
      JsonObject doc = old == null ? new JsonObject().put("orgId", e.orgId()).put("userId", e.userId())
          .put("recent", new JsonArray()).put("seen", new JsonArray()) : old;
      JsonArray seen = doc.getJsonArray("seen", new JsonArray());
      String key = e.moduleId() + "@" + e.completedAt();
      if (seen.contains(key)) {
        return Future.succeededFuture();
      }
      JsonArray recent = doc.getJsonArray("recent", new JsonArray());
      recent.add(0, entry);
      while (recent.size() > MAX_RECENT_MODULES) {
        recent.remove(recent.size() - 1);
      }
      seen.add(key);
      while (seen.size() > 200) {
        seen.remove(0);
      }
      // the best passed score per sub-skill: what the expert directory reads as evidence
      JsonObject skillScores = doc.getJsonObject("skillScores", new JsonObject()).copy();
      if (e.passed()) {
        for (String s : e.skills()) {
          String skill = s.contains(":") ? s.substring(s.indexOf(':') + 1) : s;
          skillScores.put(skill, Math.max(skillScores.getInteger(skill, 0), (int) Math.round(e.score())));
        }
      }
      JsonObject fields = new JsonObject().put("orgId", e.orgId()).put("userId", e.userId()).put("recent", recent)
          .put("seen", seen).put("completed", doc.getInteger("completed", 0) + 1)
          .put("passed", doc.getInteger("passed", 0) + (e.passed() ? 1 : 0)).put("skillScores", skillScores);
      return context.content().merge(Org.PROGRESS, id, fields).mapEmpty();
    });
  }

  /**
   * A mentee as their mentor (active or past pair) or a leader sees them: modules, quiz results,
   * points per area over 90 days as KPIs, plan goals (none until development plans exist) and the
   * pairs' check-ins. Another mentor's mentee is 404.
   */
  Future<JsonObject> mentee(CurrentUser u, String menteeId, Map<String, Map<String, Long>> areaPoints) {
    return Org.load(context, u.orgId()).compose(org -> {
      boolean mentor = org.pairs().stream().anyMatch(p -> menteeId.equals(p.getString("menteeId"))
          && u.userId().equals(p.getString("mentorId")));
      if (!org.people().containsKey(menteeId) || !mentor && !u.has(Role.LEADER)) {
        throw ClientError.notFound("mentoring.error.person.unknown");
      }
      return summary(org, menteeId, areaPoints);
    });
  }

  /**
   * The caller's dashboard as a mentor: each active mentee's summary (as in {@link #mentee}) with the
   * pair's id, last check-in and overdue flag.
   */
  Future<JsonObject> dashboard(CurrentUser u) {
    Instant now = context.clock().instant();
    return Org.load(context, u.orgId()).compose(org -> areaPoints(u.orgId()).compose(points -> context.content()
        .find(Org.CHECKINS, new JsonObject().put("orgId", u.orgId()).put("mentorId", u.userId()), 10_000)
        .compose(checkins -> {
          List<JsonObject> mine = org.active().stream().filter(p -> u.userId().equals(p.getString("mentorId"))).toList();
          Future<JsonArray> all = Future.succeededFuture(new JsonArray());
          for (JsonObject p : mine) {
            all = all.compose(list -> summary(org, p.getString("menteeId"), points)
                .map(s -> list.add(s.put("pair", view(p, org, checkins, now, u)))));
          }
          return all.map(list -> new JsonObject().put("mentees", list));
        })));
  }

  private Future<JsonObject> summary(Org org, String menteeId, Map<String, Map<String, Long>> areaPoints) {
    return context.content().get(Org.PROGRESS, org.orgId() + ":" + menteeId).map(progress -> {
      JsonObject mp = org.profiles().get(menteeId);
      JsonObject menteeProfile = mp == null ? null : mp.getJsonObject("mentee");
      Map<String, Long> points = areaPoints.getOrDefault(menteeId, Map.of());
      return new JsonObject().put("userId", menteeId).put("name", org.name(menteeId))
          .put("modules", new JsonObject()
              .put("completed", progress == null ? 0 : progress.getInteger("completed", 0))
              .put("passed", progress == null ? 0 : progress.getInteger("passed", 0))
              .put("recent", progress == null ? new JsonArray() : progress.getJsonArray("recent")))
          .put("kpis", new JsonObject().put("IQ", points.getOrDefault("IQ", 0L)).put("EQ", points.getOrDefault("EQ", 0L))
              .put("BQ", points.getOrDefault("BQ", 0L)).put("total", points.getOrDefault("total", 0L)))
          .put("planGoals", new JsonArray())
          .put("goals", menteeProfile == null ? null : menteeProfile.getString("goals"))
          .put("levels", menteeProfile == null ? new JsonObject() : menteeProfile.getJsonObject("levels"))
          .put("streaks", "/recognition/people/" + menteeId);
    });
  }

  /** Points per area (IQ, EQ, BQ, total) per person of one organisation over the last 90 days. */
  Future<Map<String, Map<String, Long>>> areaPoints(String orgId) {
    return areaPoints.of(orgId);
  }
}
