package dev.quotient.plugin.development.plan;

import dev.quotient.api.ContentStore;
import dev.quotient.api.RecentReads;
import dev.quotient.plugin.development.pip.Pips;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;

/**
 * Each organisation's plans and PIPs, newest first, as read lately: every view of a team dashboard
 * needs them, and they change a few times a day. Kept {@link #KEPT}; a write of a plan or PIP on this
 * node forgets its organisation's list when the write completes ({@link #plansChanged}, {@link
 * #pipsChanged}), so another node's write shows within {@link #KEPT}. Readers must not change the
 * documents.
 */
public final class OrgPlans {

  /** How long another node's change may take to show on a dashboard. */
  static final Duration KEPT = Duration.ofSeconds(5);
  /** More than any organisation holds: the lists are whole. */
  private static final int ALL = 100_000;

  private final ContentStore store;
  private final RecentReads<List<JsonObject>> plans = new RecentReads<>(KEPT);
  private final RecentReads<List<JsonObject>> pips = new RecentReads<>(KEPT);

  public OrgPlans(ContentStore store) {
    this.store = store;
  }

  public Future<List<JsonObject>> plans(String orgId) {
    return plans.get(orgId, () -> newestFirst(Plans.COLLECTION, orgId));
  }

  public Future<List<JsonObject>> pips(String orgId) {
    return pips.get(orgId, () -> newestFirst(Pips.COLLECTION, orgId));
  }

  public void plansChanged(String orgId) {
    plans.forget(orgId);
  }

  public void pipsChanged(String orgId) {
    pips.forget(orgId);
  }

  private Future<List<JsonObject>> newestFirst(String collection, String orgId) {
    return store.find(collection, new JsonObject().put("orgId", orgId), new JsonObject().put("createdAt", -1), ALL)
        .map(List::copyOf);
  }
}
