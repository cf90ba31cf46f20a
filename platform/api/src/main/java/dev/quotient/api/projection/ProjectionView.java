package dev.quotient.api.projection;

import dev.quotient.api.activity.ActivityLog;
import dev.quotient.api.points.PointsLedger;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/** A running projection: reads of its state, and what was folded. Thread-safe. */
public interface ProjectionView<S> {

  /**
   * Reads the state under the projection's lock (so never half a batch): the reader must be quick and
   * must copy what it keeps, as the state changes once the lock is released.
   */
  <T> T read(Function<S, T> reader);

  /**
   * Completes once the state reflects the log as it stood when the projection opened: the checkpoint
   * loaded and the facts after it folded. Reads before then see the state as far as it got.
   */
  Future<Void> ready();

  /**
   * Completes once every fact this node knows was stored before this call is folded: its own writes
   * (so a reader sees what it has just written), and other nodes' as of the last read of the logs, at
   * most a quarter of a second old. Costs no read of the store.
   */
  Future<Void> caughtUp();

  /**
   * Called after each folded batch, on the plugin's context and outside the lock, with the facts the
   * batch held: where a plugin reacts to what changed (awards a badge, celebrates a goal). Reactions
   * run again for facts folded again after a crash, so they must be idempotent.
   */
  void onFolded(Consumer<Folded> listener);

  /**
   * Folds the whole log again into a fresh state, beside the one being read, and puts it in place
   * once it has caught up: for when what a fold reads besides the facts changed for the past (a rep
   * moved to another team as of a date, the organisation's week now starting on Sunday). Reads go on
   * from the old state meanwhile; reactions are not run again. Until the new state is in place no
   * checkpoint is written and the last one is dropped, so a crash rebuilds from the log. Completes
   * once the new state is in place.
   */
  Future<Void> rebuild();

  /** How far the projection is. */
  Status status();

  /** The facts of one folded batch, in log order. */
  record Folded(List<ActivityLog.Entry> activities, List<PointsLedger.Entry> credits) {
    public Folded {
      activities = List.copyOf(activities);
      credits = List.copyOf(credits);
    }
  }

  /**
   * @param activityPosition the last activity-log position folded
   * @param pointsPosition the last ledger position folded
   * @param folded facts folded since this node started the projection
   * @param setAside facts the fold refused, since the projection was first built
   * @param checkpointedAt epoch millis of the last checkpoint written, 0 for none
   * @param checkpointChars characters of the last checkpoint's state JSON, 0 for none (what a save costs in memory)
   */
  record Status(String name, boolean ready, long activityPosition, long pointsPosition, long folded, long setAside,
      long checkpointedAt, long checkpointChars) {}
}
