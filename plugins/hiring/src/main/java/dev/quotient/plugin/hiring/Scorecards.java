package dev.quotient.plugin.hiring;

import dev.quotient.api.ClientError;
import dev.quotient.api.ContentStore.Filter;
import dev.quotient.api.ContentStore.Index;
import dev.quotient.api.ContentStore.Key;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Interviewers' scorecards: per RPAC area a score 1-5 and the written evidence for it. One current
 * scorecard per interviewer and candidate (id {@code <candidate>-<interviewer>}, so a resubmission
 * replaces it); every submission is also kept in {@code scorecard_history}.
 *
 * <p>Against anchoring, an interviewer sees nobody else's scores on a candidate until they have
 * submitted their own. A leader or admin who is not interviewing that candidate sees them all.
 */
final class Scorecards {

  static final String COLLECTION = "scorecards";
  static final String HISTORY = "scorecard_history";
  static final int EVIDENCE_MAX = 4000;

  private final PluginContext context;
  private final Candidates candidates;

  Scorecards(PluginContext context, Candidates candidates) {
    this.context = context;
    this.candidates = candidates;
  }

  static String id(String candidateId, String interviewerId) {
    return candidateId + "-" + interviewerId;
  }

  /** Stores the caller's own scorecard; only an assigned interviewer of an open candidate may. */
  Future<JsonObject> submit(CurrentUser u, String candidateId, JsonObject body) {
    JsonObject scores = parse(body);
    return candidates.get(u, candidateId).compose(c -> {
      if (!Candidates.interviewer(c, u.userId())) {
        throw ClientError.forbidden("hiring.error.notInterviewer");
      }
      if ("hired".equals(c.getString("stage")) || "rejected".equals(c.getString("stage"))) {
        throw ClientError.conflict("hiring.error.closed");
      }
      String id = id(candidateId, u.userId());
      return context.content().get(COLLECTION, id).compose(previous -> {
        int revision = previous == null ? 1 : previous.getInteger("revision", 1) + 1;
        JsonObject card = new JsonObject().put("orgId", u.orgId()).put("candidateId", candidateId)
            .put("roleId", c.getString("roleId")).put("interviewerId", u.userId()).put("scores", scores)
            .put("revision", revision).put("submittedAt", context.clock().instant().toString());
        // History first: a crash between the two writes leaves an extra past revision, never a lost one.
        return context.content().merge(HISTORY, id + "-" + revision, card)
            .compose(x -> context.content().merge(COLLECTION, id, card))
            .map(x -> card.copy().put("_id", id));
      });
    });
  }

  /** Every area with a whole score 1-5 and non-blank evidence, else a 400 naming the field. */
  static JsonObject parse(JsonObject body) {
    JsonObject out = new JsonObject();
    for (Area a : Area.ALL) {
      JsonObject area = Input.object(body, a.key(), a.key());
      int score = Input.level(area.getValue("score"), a.key() + ".score", "hiring.error.score");
      String evidence = Input.optionalText(area, "evidence", a.key() + ".evidence", EVIDENCE_MAX);
      if (evidence == null || evidence.isEmpty()) {
        throw ClientError.badRequest("hiring.error.evidence", a.key() + ".evidence");
      }
      out.put(a.key(), new JsonObject().put("score", score).put("evidence", evidence));
    }
    return out;
  }

  /** The indexes the reads below use, declared at start. */
  static final List<Index> INDEXES = List.of(
      Index.on(Key.asc("orgId"), Key.asc("roleId"), Key.asc("submittedAt")),
      Index.on(Key.asc("orgId"), Key.asc("candidateId"), Key.asc("submittedAt")),
      Index.on(Key.asc("orgId"), Key.asc("interviewerId")));

  /** Current scorecards of one role (every candidate, oldest submission first), for comparisons. */
  Future<List<JsonObject>> ofRole(String orgId, String roleId) {
    List<JsonObject> all = new ArrayList<>();
    return context.content().forEachPage(COLLECTION, Filter.where(new JsonObject().put("orgId", orgId).put("roleId", roleId)),
        Key.asc("submittedAt"), all::addAll).map(v -> all);
  }

  Future<List<JsonObject>> ofCandidate(String orgId, String candidateId) {
    return context.content().find(COLLECTION, new JsonObject().put("orgId", orgId).put("candidateId", candidateId),
        new JsonObject().put("submittedAt", 1), 1000);
  }

  /** The ids of the candidates the caller has scored, read a page at a time so only the ids are kept. */
  Future<Set<String>> ofInterviewer(CurrentUser u) {
    Set<String> ids = new HashSet<>();
    return context.content().forEachPage(COLLECTION,
        Filter.where(new JsonObject().put("orgId", u.orgId()).put("interviewerId", u.userId())), Key.asc("_id"),
        page -> page.forEach(c -> ids.add(c.getString("candidateId")))).map(v -> ids);
  }

  Future<List<JsonObject>> history(String orgId, String candidateId) {
    return context.content().find(HISTORY, new JsonObject().put("orgId", orgId).put("candidateId", candidateId),
        new JsonObject().put("submittedAt", 1), 10_000);
  }

  /**
   * Whether the caller may read other interviewers' scores on this candidate: an assigned interviewer
   * only after submitting their own; a leader or admin who does not interview them, always.
   */
  static boolean mayReadOthers(CurrentUser u, JsonObject candidate, List<JsonObject> cards) {
    if (!Candidates.interviewer(candidate, u.userId())) {
      return Candidates.manager(u);
    }
    return cards.stream().anyMatch(s -> u.userId().equals(s.getString("interviewerId")));
  }

  static Map<Area, Integer> scores(JsonObject card) {
    Map<Area, Integer> out = new EnumMap<>(Area.class);
    JsonObject s = card.getJsonObject("scores");
    for (Area a : Area.ALL) {
      out.put(a, s.getJsonObject(a.key()).getInteger("score"));
    }
    return out;
  }
}
