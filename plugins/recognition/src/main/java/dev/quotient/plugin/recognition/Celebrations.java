package dev.quotient.plugin.recognition;

import dev.quotient.api.ClientError;
import dev.quotient.api.ContentStore;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Celebrations on the team feed beside praise: a goal met, a contest won. Each has an id derived
 * from what it celebrates, so a repeated event or a second node posts nothing more.
 */
final class Celebrations {

  static final String COLLECTION = "celebrations";
  static final String GOAL_MET = "goal-met";
  static final String CONTEST_WON = "contest-won";

  private final ContentStore store;

  Celebrations(ContentStore store) {
    this.store = store;
  }

  /** Posts the celebration once (by its {@code _id}); a repeat is harmless. */
  Future<Void> post(JsonObject celebration) {
    return store.insert(COLLECTION, celebration).<Void>mapEmpty()
        .recover(e -> e instanceof ClientError c && c.status() == 409 ? Future.succeededFuture() : Future.failedFuture(e));
  }

  /** The newest first: a team's, or the organisation's when {@code teamId} is null. */
  Future<List<JsonObject>> feed(String orgId, String teamId) {
    JsonObject filter = new JsonObject().put("orgId", orgId);
    if (teamId != null) {
      filter.put("teamId", teamId);
    }
    return store.find(COLLECTION, filter, new JsonObject().put("at", -1), PraiseService.FEED_SIZE);
  }

  /**
   * A celebration as the API shows it. Leaders, who are asked to praise a goal met, get
   * {@code praiseUrl}: the praise form with the person chosen.
   */
  static JsonObject view(JsonObject c, Map<String, String> names, CurrentUser viewer) {
    String userId = c.getString("userId");
    JsonObject v = new JsonObject().put("id", c.getString("_id")).put("type", c.getString("type"))
        .put("person", new JsonObject().put("id", userId).put("name", names.getOrDefault(userId, "")))
        .put("at", Instant.ofEpochMilli(c.getLong("at")).toString());
    if (GOAL_MET.equals(c.getString("type"))) {
      v.put("goalId", c.getString("goalId")).put("title", c.getString("title"))
          .put("metric", c.getString("metric")).put("target", c.getInteger("target"));
      if (viewer.has(Role.LEADER) && !viewer.userId().equals(userId)) {
        v.put("praiseUrl", "/recognition?to=" + userId + "#praise-form");
      }
    } else {
      v.put("contestId", c.getString("contestId")).put("contestName", c.getString("contestName"))
          .put("prize", c.getString("prize"));
    }
    return v;
  }
}
