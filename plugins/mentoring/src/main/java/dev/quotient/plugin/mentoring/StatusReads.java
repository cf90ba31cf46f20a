package dev.quotient.plugin.mentoring;

import dev.quotient.api.PluginContext;
import dev.quotient.api.RecentReads;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;

/**
 * An organisation's pairs and check-ins as the mentorships status reads them (the team dashboard asks
 * on every view), kept for {@link #KEPT}. A pair or check-in written on this node forgets them once the
 * write is done; another node's shows within {@link #KEPT}. Readers share the lists and must not change them.
 */
final class StatusReads {

  static final Duration KEPT = Duration.ofSeconds(5);

  private final PluginContext context;
  private final RecentReads<List<JsonObject>> pairs = new RecentReads<>(KEPT);
  private final RecentReads<List<JsonObject>> checkins = new RecentReads<>(KEPT);

  StatusReads(PluginContext context) {
    this.context = context;
  }

  Future<List<JsonObject>> pairs(String orgId) {
    return pairs.get(orgId, () -> read(Org.PAIRS, orgId));
  }

  Future<List<JsonObject>> checkins(String orgId) {
    return checkins.get(orgId, () -> read(Org.CHECKINS, orgId));
  }

  /** A write of the organisation's pairs or check-ins: what was kept of them is forgotten once it is done. */
  <T> Future<T> written(String orgId, Future<T> write) {
    return write.onComplete(x -> {
      pairs.forget(orgId);
      checkins.forget(orgId);
    });
  }

  private Future<List<JsonObject>> read(String collection, String orgId) {
    return context.content().find(collection, new JsonObject().put("orgId", orgId), 10_000).map(List::copyOf);
  }
}
