package dev.quotient.api.projection;

import dev.quotient.api.activity.ActivityLog;
import dev.quotient.api.points.PointsLedger;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * A view of the organisation's history that lives in memory: state folded from the activity log and
 * the points ledger in their order, saved now and then together with the log positions it reflects,
 * and rebuilt at start from the last save plus the log after it. The platform folds each fact exactly
 * once into the state it restores, whatever crashed when, so a fold needs no dedupe of its own.
 *
 * <p>Folds run one at a time, under the projection's lock, on a worker thread: they must be quick,
 * must not block and must change nothing but the state. A fold that throws is set aside (logged,
 * counted and listed to admins) and the projection goes on with the next fact.
 *
 * @param <S> the state: mutable, owned by the platform's runner, read through {@link ProjectionView#read}
 */
public interface Projection<S> {

  /** The logs a projection can follow. */
  enum Log { ACTIVITIES, POINTS }

  /** Unique within the plugin: it names the checkpoint. */
  String name();

  /**
   * The version of the fold and the codec. A checkpoint saved by another version is ignored and the
   * state is rebuilt from the whole log, so a change of meaning never mixes with old figures.
   */
  default int version() {
    return 1;
  }

  /** The logs this projection folds. */
  Set<Log> logs();

  /** The state before any fact. */
  S initial();

  /** Folds one stored activity ({@link Log#ACTIVITIES}). */
  default void activity(S state, ActivityLog.Entry entry) {}

  /** Folds one ledger entry with points ({@link Log#POINTS}); entries of zero points are not handed over. */
  default void credit(S state, PointsLedger.Entry entry) {}

  /**
   * Called before a batch is folded, outside the lock, with the organisations the batch touches: load
   * what the folds need and cannot block for (an organisation's time zone, its teams). The batch is
   * folded once the future completes; a failure is tried again later.
   */
  default Future<Void> prepare(Set<String> orgIds) {
    return Future.succeededFuture();
  }

  /** The checkpoint codec: the state as JSON (called under the lock, between batches). */
  JsonObject save(S state);

  /** The checkpoint codec: the state {@link #save} wrote. */
  S load(JsonObject saved);
}
