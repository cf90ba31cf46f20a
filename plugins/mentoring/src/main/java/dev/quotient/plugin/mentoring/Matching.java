package dev.quotient.plugin.mentoring;

import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.event.Catalogue;
import dev.quotient.api.event.Events;
import dev.quotient.api.web.PageRenderer;
import dev.quotient.plugin.mentoring.matching.Assignment;
import dev.quotient.plugin.mentoring.matching.Fit;
import dev.quotient.plugin.mentoring.matching.FitModel;
import dev.quotient.plugin.mentoring.matching.MatchSolver;
import dev.quotient.plugin.mentoring.matching.MenteeProfile;
import dev.quotient.plugin.mentoring.matching.MentorProfile;
import dev.quotient.plugin.mentoring.matching.Problem;
import dev.quotient.plugin.mentoring.matching.Reason;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Matching rounds (run, adjust, confirm), a mentee's top three suggestions and their pick, and the
 * single re-match of one mentee. Every pair is checked against the exclusions of {@link Org#exclusion}
 * and the mentors' free capacity (capacity minus active mentees).
 */
final class Matching {

  private final PluginContext context;
  private final StatusReads statusReads;

  Matching(PluginContext context, StatusReads statusReads) {
    this.context = context;
    this.statusReads = statusReads;
  }

  /** Free places of each opted-in mentor. */
  private static Map<String, Integer> free(Org org, Map<String, MentorProfile> mentors) {
    Map<String, Integer> free = new HashMap<>();
    mentors.forEach((id, m) -> free.put(id, (int) Math.max(0, m.capacity() - org.activeCountOfMentor(id))));
    return free;
  }

  /** Runs a round over every waiting mentee and every mentor with free places; stores it as proposed. */
  Future<JsonObject> run(CurrentUser u) {
    Instant now = context.clock().instant();
    return Org.load(context, u.orgId()).compose(org -> {
      List<MenteeProfile> mentees = org.waiting();
      Map<String, MentorProfile> mentorMap = org.mentors();
      List<MentorProfile> mentors = new ArrayList<>(mentorMap.values());
      Map<String, Integer> free = free(org, mentorMap);
      int[][] score = new int[mentees.size()][mentors.size()];
      for (int i = 0; i < mentees.size(); i++) {
        for (int j = 0; j < mentors.size(); j++) {
          MenteeProfile e = mentees.get(i);
          MentorProfile m = mentors.get(j);
          score[i][j] = org.exclusion(m.userId(), e.userId()) != null ? Problem.FORBIDDEN
              : FitModel.fit(e, m, org.weights(), now).score();
        }
      }
      int[] capacity = mentors.stream().mapToInt(m -> free.get(m.userId())).toArray();
      Assignment a = MatchSolver.solve(new Problem(score, capacity));
      JsonArray pairs = new JsonArray();
      JsonArray unmatched = new JsonArray();
      for (int i = 0; i < mentees.size(); i++) {
        int j = a.mentorOf()[i];
        if (j < 0) {
          unmatched.add(mentees.get(i).userId());
        } else {
          pairs.add(pair(mentees.get(i), mentors.get(j), org, now));
        }
      }
      String id = UUID.randomUUID().toString();
      JsonObject round = new JsonObject().put("_id", id).put("orgId", u.orgId()).put("state", "proposed")
          .put("version", 0).put("by", u.userId()).put("createdAt", now.toString()).put("pairs", pairs)
          .put("unmatched", unmatched);
      return context.content().insert(Org.ROUNDS, round).map(x -> view(round, org, u.locale()));
    });
  }

  private static JsonObject pair(MenteeProfile e, MentorProfile m, Org org, Instant now) {
    Fit fit = FitModel.fit(e, m, org.weights(), now);
    return new JsonObject().put("menteeId", e.userId()).put("mentorId", m.userId()).put("score", fit.score())
        .put("reasons", reasons(fit));
  }

  static JsonArray reasons(Fit fit) {
    return new JsonArray(fit.reasons().stream()
        .map(r -> new JsonObject().put("key", r.key()).put("args", new JsonArray(r.args()))).toList());
  }

  static JsonArray reasonTexts(PageRenderer texts, JsonArray reasons, Locale locale) {
    JsonArray out = new JsonArray();
    if (reasons != null) {
      for (int i = 0; i < reasons.size(); i++) {
        JsonObject r = reasons.getJsonObject(i);
        out.add(Texts.reason(texts, locale, new Reason(r.getString("key"),
            r.getJsonArray("args").stream().map(String::valueOf).toList())));
      }
    }
    return out;
  }

  private JsonObject view(JsonObject round, Org org, Locale locale) {
    JsonArray pairs = new JsonArray();
    long total = 0;
    for (Object o : round.getJsonArray("pairs")) {
      JsonObject p = (JsonObject) o;
      total += p.getInteger("score");
      pairs.add(p.copy().put("menteeName", org.name(p.getString("menteeId")))
          .put("mentorName", org.name(p.getString("mentorId")))
          .put("reasonTexts", reasonTexts(context.pages(), p.getJsonArray("reasons"), locale)));
    }
    JsonArray unmatched = new JsonArray(round.getJsonArray("unmatched").stream()
        .map(id -> new JsonObject().put("menteeId", id).put("menteeName", org.name((String) id))).toList());
    return new JsonObject().put("id", round.getString("_id")).put("state", round.getString("state"))
        .put("version", round.getInteger("version")).put("createdAt", round.getString("createdAt"))
        .put("confirmedAt", round.getString("confirmedAt")).put("pairs", pairs).put("unmatched", unmatched)
        .put("total", total).put("skipped", round.getJsonArray("skipped", new JsonArray()));
  }

  private Future<JsonObject> round(String orgId, String roundId) {
    return context.content().get(Org.ROUNDS, roundId).map(r -> {
      if (r == null || !orgId.equals(r.getString("orgId"))) {
        throw ClientError.notFound("mentoring.error.round.unknown");
      }
      return r;
    });
  }

  Future<JsonObject> get(CurrentUser u, String roundId) {
    return round(u.orgId(), roundId).compose(r -> Org.load(context, u.orgId()).map(org -> view(r, org, u.locale())));
  }

  Future<JsonObject> latest(CurrentUser u) {
    return context.content().find(Org.ROUNDS, new JsonObject().put("orgId", u.orgId()), new JsonObject().put("createdAt", -1), 1)
        .map(list -> list.isEmpty() ? null : list.get(0));
  }

  /**
   * Changes one mentee's mentor in a proposed round: {@code mentorId} (another allowed mentor with a
   * free place, counting the round's other pairs), null to take the mentee out, or {@code swapWith}
   * another mentee of the round to exchange their mentors. 400 for a disallowed pair, 409 when the
   * round is no longer proposed or changed meanwhile.
   */
  Future<JsonObject> adjust(CurrentUser u, String roundId, JsonObject body) {
    Instant now = context.clock().instant();
    String menteeId = Views.str(body, "menteeId");
    return round(u.orgId(), roundId).compose(r -> Org.load(context, u.orgId()).compose(org -> {
      if (!"proposed".equals(r.getString("state"))) {
        throw ClientError.conflict("mentoring.error.round.closed");
      }
      List<JsonObject> pairs = new ArrayList<>(r.getJsonArray("pairs").stream().map(JsonObject.class::cast).toList());
      List<String> unmatched = new ArrayList<>(r.getJsonArray("unmatched").stream().map(String.class::cast).toList());
      JsonObject current = pairs.stream().filter(p -> p.getString("menteeId").equals(menteeId)).findFirst().orElse(null);
      if (current == null && !unmatched.contains(menteeId)) {
        throw ClientError.notFound("mentoring.error.person.unknown");
      }
      Map<String, MentorProfile> mentors = org.mentors();
      if (org.mentee(menteeId) == null) {
        throw ClientError.conflict("mentoring.error.noMenteeProfile");
      }
      String swapWith = Views.str(body, "swapWith");
      if (swapWith != null) {
        JsonObject other = pairs.stream().filter(p -> p.getString("menteeId").equals(swapWith)).findFirst().orElse(null);
        if (current == null || other == null) {
          throw ClientError.badRequest("mentoring.error.swap");
        }
        String a = current.getString("mentorId");
        String b = other.getString("mentorId");
        if (!mentors.containsKey(a) || !mentors.containsKey(b) || org.mentee(swapWith) == null) {
          throw ClientError.conflict("mentoring.error.round.changed");
        }
        check(org, b, menteeId);
        check(org, a, swapWith);
        replace(pairs, pair(org.mentee(menteeId), mentors.get(b), org, now));
        replace(pairs, pair(org.mentee(swapWith), mentors.get(a), org, now));
      } else {
        String mentorId = Views.str(body, "mentorId");
        pairs.removeIf(p -> p.getString("menteeId").equals(menteeId));
        unmatched.remove(menteeId);
        if (mentorId == null) {
          unmatched.add(menteeId);
        } else {
          MentorProfile m = mentors.get(mentorId);
          if (m == null) {
            throw org.people().containsKey(mentorId) ? ClientError.badRequest("mentoring.error.notMentor")
                : ClientError.notFound("mentoring.error.person.unknown");
          }
          check(org, mentorId, menteeId);
          long taken = org.activeCountOfMentor(mentorId) + pairs.stream()
              .filter(p -> p.getString("mentorId").equals(mentorId)).count();
          if (taken >= m.capacity()) {
            throw ClientError.conflict("mentoring.error.full", org.name(mentorId));
          }
          pairs.add(pair(org.mentee(menteeId), m, org, now));
          pairs.sort(Comparator.comparing(p -> p.getString("menteeId")));
        }
      }
      int version = r.getInteger("version");
      JsonObject fields = new JsonObject().put("pairs", new JsonArray(pairs)).put("unmatched", new JsonArray(unmatched))
          .put("version", version + 1);
      return context.content().setIf(Org.ROUNDS, roundId, new JsonObject().put("state", "proposed").put("version", version),
          fields).map(changed -> {
            if (!changed) {
              throw ClientError.conflict("mentoring.error.round.changed");
            }
            return view(r.mergeIn(fields), org, u.locale());
          });
    }));
  }

  private static void replace(List<JsonObject> pairs, JsonObject pair) {
    pairs.replaceAll(p -> p.getString("menteeId").equals(pair.getString("menteeId")) ? pair : p);
  }

  private static void check(Org org, String mentorId, String menteeId) {
    String why = org.exclusion(mentorId, menteeId);
    if (why != null) {
      throw "mentoring.error.person.unknown".equals(why) ? ClientError.notFound(why) : ClientError.badRequest(why);
    }
  }

  /**
   * Confirms a proposed round once (compare-and-set on its state): each pair still allowed becomes an
   * active mentorship and is published as {@code mentor.matched}; pairs overtaken meanwhile (the
   * mentee found a mentor, the mentor filled up) are listed as skipped. Confirming again returns the
   * round and publishes nothing.
   */
  Future<JsonObject> confirm(CurrentUser u, String roundId) {
    Instant now = context.clock().instant();
    return round(u.orgId(), roundId).compose(r -> {
      if ("confirmed".equals(r.getString("state"))) {
        return Org.load(context, u.orgId()).map(org -> view(r, org, u.locale()));
      }
      return context.content().setIf(Org.ROUNDS, roundId, new JsonObject().put("state", "proposed"),
          new JsonObject().put("state", "confirmed").put("confirmedAt", now.toString()).put("confirmedBy", u.userId()))
          .compose(won -> {
            if (!won) {
              return get(u, roundId);
            }
            return Org.load(context, u.orgId()).compose(org -> {
              Map<String, Integer> taken = new HashMap<>();
              Map<String, MentorProfile> mentors = org.mentors();
              List<JsonObject> create = new ArrayList<>();
              JsonArray skipped = new JsonArray();
              for (Object o : r.getJsonArray("pairs")) {
                JsonObject p = (JsonObject) o;
                String mentorId = p.getString("mentorId");
                String menteeId = p.getString("menteeId");
                MentorProfile m = mentors.get(mentorId);
                int used = taken.getOrDefault(mentorId, 0) + (int) org.activeCountOfMentor(mentorId);
                if (m == null || org.exclusion(mentorId, menteeId) != null || org.activePairOfMentee(menteeId) != null
                    || used >= m.capacity()) {
                  skipped.add(menteeId);
                  continue;
                }
                taken.merge(mentorId, 1, Integer::sum);
                create.add(newPair(org, mentorId, menteeId, p.getInteger("score"), p.getJsonArray("reasons"), roundId, now));
              }
              // One pair at a time; a pair that lost a race (the mentee started another pair meanwhile,
              // so its id is taken) is skipped and the others still start.
              Future<Void> all = Future.succeededFuture();
              for (JsonObject pair : create) {
                all = all.compose(x -> store(pair).recover(e -> {
                  if (!(e instanceof ClientError)) {
                    return Future.failedFuture(e);
                  }
                  skipped.add(pair.getString("menteeId"));
                  return Future.succeededFuture();
                }));
              }
              return all.compose(x -> context.content().set(Org.ROUNDS, roundId, new JsonObject().put("skipped", skipped)))
                  .compose(x -> get(u, roundId));
            });
          });
    });
  }

  static JsonObject newPair(Org org, String mentorId, String menteeId, int score, JsonArray reasons, String via,
      Instant now) {
    long seq = org.pairs().stream().filter(p -> menteeId.equals(p.getString("menteeId"))).count();
    return new JsonObject().put("_id", org.orgId() + ":" + menteeId + ":" + (seq + 1)).put("orgId", org.orgId())
        .put("mentorId", mentorId).put("menteeId", menteeId).put("state", "active").put("score", score)
        .put("reasons", reasons).put("via", via).put("startedAt", now.toString());
  }

  /** Stores a new active pair and publishes {@code mentor.matched} once it is stored. */
  private Future<Void> store(JsonObject pair) {
    return statusReads.written(pair.getString("orgId"), context.content().insert(Org.PAIRS, pair)).map(id -> {
      context.events().publish(Catalogue.MENTOR_MATCHED, new Events.MentorMatched(pair.getString("orgId"),
          pair.getString("mentorId"), pair.getString("menteeId"), pair.getInteger("score") / (double) Fit.MAX,
          Instant.parse(pair.getString("startedAt"))));
      return null;
    });
  }

  /** The best allowed mentors with a free place for one mentee, best first (ties by id). */
  static List<JsonObject> ranked(Org org, String menteeId, Instant now, int k) {
    MenteeProfile e = org.mentee(menteeId);
    return e == null ? List.of() : ranked(org, e, now, k);
  }

  /** The same for a mentee profile built by the caller (the gaps a development plan names). */
  static List<JsonObject> ranked(Org org, MenteeProfile e, Instant now, int k) {
    String menteeId = e.userId();
    Map<String, MentorProfile> mentors = org.mentors();
    Map<String, Integer> free = free(org, mentors);
    List<JsonObject> out = new ArrayList<>();
    for (MentorProfile m : mentors.values()) {
      if (free.get(m.userId()) > 0 && org.exclusion(m.userId(), menteeId) == null) {
        out.add(pair(e, m, org, now));
      }
    }
    out.sort(Comparator.<JsonObject>comparingInt(p -> -p.getInteger("score")).thenComparing(p -> p.getString("mentorId")));
    return out.subList(0, Math.min(k, out.size()));
  }

  static JsonObject suggestionView(PageRenderer texts, JsonObject p, Org org, Locale locale) {
    return p.copy().put("mentorName", org.name(p.getString("mentorId")))
        .put("reasonTexts", reasonTexts(texts, p.getJsonArray("reasons"), locale));
  }

  /** The caller's top three suggestions (empty with a reason when they have a mentor or no gaps). */
  Future<JsonObject> suggestions(CurrentUser u) {
    Instant now = context.clock().instant();
    return Org.load(context, u.orgId()).map(org -> {
      JsonObject out = new JsonObject();
      if (org.activePairOfMentee(u.userId()) != null) {
        out.put("status", "matched");
      } else if (org.mentee(u.userId()) == null) {
        out.put("status", "noProfile");
      } else {
        out.put("status", "open");
      }
      List<JsonObject> top = "open".equals(out.getString("status")) ? ranked(org, u.userId(), now, 3) : List.of();
      return out.put("suggestions", new JsonArray(top.stream().map(p -> suggestionView(context.pages(), p, org, u.locale())).toList()));
    });
  }

  /** The caller picks one of their top three: an active pair when still allowed (409 otherwise). */
  Future<JsonObject> pick(CurrentUser u, String mentorId) {
    Instant now = context.clock().instant();
    return Org.load(context, u.orgId()).compose(org -> {
      if (mentorId == null || !org.people().containsKey(mentorId)) {
        throw ClientError.notFound("mentoring.error.person.unknown");
      }
      if (org.activePairOfMentee(u.userId()) != null) {
        throw ClientError.conflict("mentoring.error.alreadyMatched");
      }
      JsonObject choice = ranked(org, u.userId(), now, 3).stream()
          .filter(p -> p.getString("mentorId").equals(mentorId)).findFirst()
          .orElseThrow(() -> ClientError.conflict("mentoring.error.notSuggested"));
      JsonObject pair = newPair(org, mentorId, u.userId(), choice.getInteger("score"), choice.getJsonArray("reasons"),
          "pick", now);
      return store(pair).map(x -> pair);
    });
  }

  /**
   * Re-matches one mentee without a mentor (a leader): the best remaining allowed mentor with a free
   * place, every other pair untouched. With the others fixed this is the exact single re-match.
   */
  Future<JsonObject> rematch(CurrentUser u, String menteeId) {
    Instant now = context.clock().instant();
    return Org.load(context, u.orgId()).compose(org -> {
      if (menteeId == null || !org.people().containsKey(menteeId)) {
        throw ClientError.notFound("mentoring.error.person.unknown");
      }
      if (org.activePairOfMentee(menteeId) != null) {
        throw ClientError.conflict("mentoring.error.alreadyMatched");
      }
      if (org.mentee(menteeId) == null) {
        throw ClientError.badRequest("mentoring.error.noMenteeProfile");
      }
      List<JsonObject> best = ranked(org, menteeId, now, 1);
      if (best.isEmpty()) {
        throw ClientError.conflict("mentoring.error.noMentor");
      }
      JsonObject pair = newPair(org, best.get(0).getString("mentorId"), menteeId, best.get(0).getInteger("score"),
          best.get(0).getJsonArray("reasons"), "rematch", now);
      return store(pair).map(x -> pair);
    });
  }
}
