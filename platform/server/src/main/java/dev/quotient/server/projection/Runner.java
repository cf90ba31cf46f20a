package dev.quotient.server.projection;

import dev.quotient.api.activity.ActivityLog;
import dev.quotient.api.points.PointsLedger;
import dev.quotient.api.projection.Projection;
import dev.quotient.api.projection.ProjectionView;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * Runs one projection: restores its checkpoint, folds the logs after it in batches, checkpoints now
 * and then. One step at a time; reads, folds and saves on the host's workers, reactions on the
 * plugin's context. The state is guarded by {@code lock} for folds, saves and reads alike.
 */
final class Runner<S> implements ProjectionView<S> {

  /** Facts of each log folded in one step. */
  static final int BATCH = 1_000;
  /** A checkpoint is written after this many facts ... */
  static final long CHECKPOINT_FACTS = 20_000;
  /** ... or this long after the first fact not in the last one. */
  static final long CHECKPOINT_MILLIS = 5_000;
  private static final long RETRY_MILLIS = 1_000;
  /**
   * ... but not sooner than this many times the last checkpoint took after it ended, so a large state
   * (a year of KPI facts) is saved less often and saving costs at most a twentieth of the time.
   */
  static final long CHECKPOINT_SPACING = 20;
  /** When the last checkpoint ended and how long it took (millis). */
  private volatile long savedAt;
  private volatile long saveCost;

  private final String id;
  private final Projection<S> projection;
  private final ProjectionHost host;
  private final Context context;
  private final Logger log;
  private final boolean activities;
  private final boolean points;
  private final Object lock = new Object();
  private final Promise<Void> ready = Promise.promise();
  private final List<Consumer<Folded>> listeners = new CopyOnWriteArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();

  private S state;
  private volatile long activityPosition;
  private volatile long pointsPosition;
  private volatile long setAside;
  private volatile long folded;
  private volatile long checkpointedAt;
  private volatile long checkpointChars;
  private long readyActivity = Long.MAX_VALUE;
  private long readyPoints = Long.MAX_VALUE;
  /** Facts folded since the last checkpoint, and when the first of them was. */
  private long unsaved;
  private long unsavedSince;
  private boolean running;
  private boolean again;
  /** Set once the checkpoint is restored: no step may fold into the state it replaces. */
  private volatile boolean opened;
  private volatile boolean closed;
  /** Rebuilds asked for and not yet in place: no checkpoint of the old state is written meanwhile. */
  private int rebuilding;
  /** The last rebuild asked for; the next one starts after it, so each sees every change before it. */
  private Future<Void> lastRebuild = Future.succeededFuture();

  private record Waiter(long activities, long points, Promise<Void> done) {}

  Runner(String id, Projection<S> projection, ProjectionHost host, Context context, Logger log) {
    this.id = id;
    this.projection = projection;
    this.host = host;
    this.context = context;
    this.log = log;
    this.activities = projection.logs().contains(Projection.Log.ACTIVITIES);
    this.points = projection.logs().contains(Projection.Log.POINTS);
    this.state = projection.initial();
  }

  /** Restores the checkpoint, then starts folding. */
  void open() {
    host.blocking(() -> {
      Checkpoints.Saved saved = host.checkpoints().load(id);
      S restored = null;
      if (saved != null && saved.version() == projection.version()) {
        try {
          restored = projection.load(new JsonObject(saved.state()));
        } catch (RuntimeException e) {
          log.warn("projection {}: checkpoint unreadable, rebuilding from the log", id, e);
        }
      } else if (saved != null) {
        log.info("projection {}: checkpoint of version {} replaced by version {}, rebuilding from the log", id,
            saved.version(), projection.version());
      }
      long[] heads = host.heads();
      synchronized (lock) {
        if (restored != null) {
          state = restored;
          activityPosition = saved.activityPosition();
          pointsPosition = saved.pointsPosition();
          setAside = saved.setAside();
          checkpointedAt = saved.savedAt();
          checkpointChars = saved.chars();
        }
        readyActivity = activities ? heads[0] : 0;
        readyPoints = points ? heads[1] : 0;
      }
      log.info("projection {}: from activity {} and ledger {} (log heads {} and {})", id, activityPosition,
          pointsPosition, heads[0], heads[1]);
      return null;
    }).onComplete(r -> {
      if (r.failed()) {
        log.warn("projection {}: cannot read its checkpoint; trying again", id, r.cause());
        host.vertx().setTimer(RETRY_MILLIS, t -> open());
      } else {
        opened = true;
        checkWaiters();
        kick();
      }
    });
  }

  /** Asks for a step; coalesces with one already running. */
  void kick() {
    synchronized (this) {
      if (closed || !opened) {
        return;
      }
      if (running) {
        again = true;
        return;
      }
      running = true;
      again = false;
    }
    context.runOnContext(v -> step().onComplete(r -> {
      boolean more;
      if (r.failed()) {
        log.warn("projection {}: a step failed; trying again", id, r.cause());
      }
      synchronized (this) {
        more = r.succeeded() && (r.result() || again);
        running = false;
      }
      if (more) {
        kick();
      } else if (r.failed()) {
        host.vertx().setTimer(RETRY_MILLIS, t -> kick());
      }
    }));
  }

  private record Batch(LogTail.Stretch<ActivityLog.Entry> activities, LogTail.Stretch<PointsLedger.Entry> credits) {
    boolean moves(long a, long p) {
      return (activities != null && activities.through() > a) || (credits != null && credits.through() > p);
    }
  }

  /** Reads, folds and maybe saves one batch; true when it moved. */
  private Future<Boolean> step() {
    long a = activityPosition;
    long p = pointsPosition;
    if (idle(a, p)) {
      return Future.succeededFuture(false);
    }
    return host.blocking(() -> new Batch(activities ? host.activities().next(a, BATCH) : null,
        points ? host.points().next(p, BATCH) : null)).compose(batch -> {
          if (!batch.moves(a, p)) {
            return host.blocking(() -> {
              saveIfDue(false);
              return false;
            });
          }
          List<ActivityLog.Entry> acts = facts(batch.activities());
          List<PointsLedger.Entry> credits = credits(batch);
          return prepare(acts, credits).compose(x -> host.blocking(() -> fold(a, p, batch, acts, credits))).map(folded -> {
            if (folded && (!acts.isEmpty() || !credits.isEmpty())) {
              Folded f = new Folded(acts, credits);
              for (Consumer<Folded> l : listeners) {
                try {
                  l.accept(f);
                } catch (RuntimeException e) {
                  log.warn("projection {}: a reaction failed", id, e);
                }
              }
            }
            checkWaiters();
            return true;
          });
        });
  }

  /** Nothing new in either log and nothing left to save: the step needs no worker. */
  private boolean idle(long a, long p) {
    boolean caughtUp = (!activities || a >= host.activities().settled()) && (!points || p >= host.points().settled());
    synchronized (lock) {
      return caughtUp && unsaved == 0;
    }
  }

  /** The batch's ledger entries with points (entries of zero points are not handed over). */
  private static List<PointsLedger.Entry> credits(Batch batch) {
    List<PointsLedger.Entry> credits = new ArrayList<>();
    for (PointsLedger.Entry e : facts(batch.credits())) {
      if (e.points() != 0) {
        credits.add(e);
      }
    }
    return credits;
  }

  /** The projection's {@link Projection#prepare} for the organisations the facts touch. */
  private Future<Void> prepare(List<ActivityLog.Entry> acts, List<PointsLedger.Entry> credits) {
    Set<String> orgs = new HashSet<>();
    acts.forEach(e -> orgs.add(e.orgId()));
    credits.forEach(e -> orgs.add(e.orgId()));
    return orgs.isEmpty() ? Future.succeededFuture() : projection.prepare(orgs);
  }

  private static <E> List<E> facts(LogTail.Stretch<E> stretch) {
    List<E> out = new ArrayList<>();
    if (stretch != null) {
      for (Map.Entry<Long, E> e : stretch.facts()) {
        out.add(e.getValue());
      }
    }
    return out;
  }

  /**
   * Folds the batch read after positions {@code a} and {@code p}; false (and nothing folded) when the
   * state no longer stands there, so no fact is ever folded twice.
   */
  private boolean fold(long a, long p, Batch batch, List<ActivityLog.Entry> acts, List<PointsLedger.Entry> credits) {
    List<String> faults = new ArrayList<>();
    synchronized (lock) {
      if (activityPosition != a || pointsPosition != p) {
        return false;
      }
      for (ActivityLog.Entry e : acts) {
        try {
          projection.activity(state, e);
        } catch (RuntimeException x) {
          faults.add(fault("activity", e.activityId(), x));
        }
      }
      for (PointsLedger.Entry e : credits) {
        try {
          projection.credit(state, e);
        } catch (RuntimeException x) {
          faults.add(fault("points", e.entryId(), x));
        }
      }
      if (batch.activities() != null) {
        activityPosition = batch.activities().through();
      }
      if (batch.credits() != null) {
        pointsPosition = batch.credits().through();
      }
      setAside += faults.size();
      int n = acts.size() + credits.size();
      folded += n;
      if (unsaved == 0) {
        unsavedSince = host.millis();
      }
      unsaved += Math.max(1, n);
    }
    if (!faults.isEmpty()) {
      host.setAside(id, faults);
    }
    saveIfDue(false);
    return true;
  }

  private String fault(String logName, String factId, RuntimeException x) {
    log.warn("projection {}: {} {} set aside: the fold refused it", id, logName, factId, x);
    return logName + " " + factId + ": " + x;
  }

  /**
   * Held across a whole save, its snapshot and its write: the save forced at close waits for a save
   * under way. Without it, a save that had taken its snapshot (so nothing was left unsaved) was still
   * writing a year's KPI state when the forced one found nothing to do, the node closed its store, the
   * write failed, and the next start folded 260,000 activities again (26 s to {@code /health}).
   */
  private final Object saving = new Object();

  /** Writes a checkpoint when enough has been folded since the last, or when {@code force}; blocking. */
  void saveIfDue(boolean force) {
    synchronized (saving) {
      save(force);
    }
  }

  private void save(boolean force) {
    String json;
    long a;
    long p;
    long aside;
    long began = host.millis();
    synchronized (lock) {
      boolean due = rebuilding == 0 && unsaved > 0 && (force || ((unsaved >= CHECKPOINT_FACTS
          || began - unsavedSince >= CHECKPOINT_MILLIS) && began - savedAt >= CHECKPOINT_SPACING * saveCost));
      if (!due) {
        return;
      }
      json = projection.save(state).encode();
      a = activityPosition;
      p = pointsPosition;
      aside = setAside;
      unsaved = 0;
    }
    long now = host.millis();
    host.checkpoints().save(id, projection.version(), a, p, aside, json, now);
    checkpointedAt = now;
    checkpointChars = json.length();
    savedAt = host.millis();
    saveCost = savedAt - began;
  }

  @Override
  public Future<Void> rebuild() {
    Promise<Void> done = Promise.promise();
    synchronized (lock) {
      rebuilding++;
    }
    context.runOnContext(v -> {
      Future<Void> previous = lastRebuild;
      lastRebuild = previous.transform(x -> ready.future().transform(r -> host.blocking(() -> {
        host.checkpoints().discard(id);
        return null;
      })).compose(x2 -> shadowStep(new Shadow<>(projection.initial()))).onComplete(r -> {
        synchronized (lock) {
          rebuilding--;
        }
        if (r.failed()) {
          log.warn("projection {}: the rebuild failed; the state stays as folded", id, r.cause());
        }
      }));
      lastRebuild.onComplete(done);
    });
    return done.future();
  }

  /** A state being folded from the start of the log beside the one being read. */
  private static final class Shadow<S> {
    final S state;
    long activityPosition;
    long pointsPosition;
    long setAside;

    Shadow(S state) {
      this.state = state;
    }
  }

  /** Folds the next batch into the shadow, or puts the shadow in place once it stands at or past the state. */
  private Future<Void> shadowStep(Shadow<S> shadow) {
    if (closed) {
      return Future.failedFuture(new IllegalStateException("the projection stopped"));
    }
    long a = shadow.activityPosition;
    long p = shadow.pointsPosition;
    return host.blocking(() -> new Batch(activities ? host.activities().next(a, BATCH) : null,
        points ? host.points().next(p, BATCH) : null)).compose(batch -> {
          if (!batch.moves(a, p)) {
            return swap(shadow);
          }
          List<ActivityLog.Entry> acts = facts(batch.activities());
          List<PointsLedger.Entry> credits = credits(batch);
          return prepare(acts, credits).compose(x -> host.blocking(() -> {
            // The shadow is this rebuild's alone: no lock while folding it.
            for (ActivityLog.Entry e : acts) {
              try {
                projection.activity(shadow.state, e);
              } catch (RuntimeException ex) {
                shadow.setAside++;
              }
            }
            for (PointsLedger.Entry e : credits) {
              try {
                projection.credit(shadow.state, e);
              } catch (RuntimeException ex) {
                shadow.setAside++;
              }
            }
            if (batch.activities() != null) {
              shadow.activityPosition = batch.activities().through();
            }
            if (batch.credits() != null) {
              shadow.pointsPosition = batch.credits().through();
            }
            return null;
          })).compose(x -> {
            boolean level = shadow.activityPosition >= activityPosition && shadow.pointsPosition >= pointsPosition;
            return level ? swap(shadow) : shadowStep(shadow);
          });
        });
  }

  /**
   * Puts the shadow in place when it stands at or past the state on both logs (a step of the state
   * in flight then finds its positions moved and folds nothing); otherwise folds on.
   */
  private Future<Void> swap(Shadow<S> shadow) {
    Future<Void> placed = place(shadow);
    return placed != null ? placed : shadowStep(shadow);
  }

  /** The shadow in place (a completed future), or null when the state has moved past it. */
  private Future<Void> place(Shadow<S> shadow) {
    synchronized (lock) {
      if (shadow.activityPosition < activityPosition || shadow.pointsPosition < pointsPosition) {
        return null;
      }
      state = shadow.state;
      activityPosition = shadow.activityPosition;
      pointsPosition = shadow.pointsPosition;
      setAside = shadow.setAside;
      if (unsaved == 0) {
        unsavedSince = host.millis();
      }
      unsaved = Math.max(1, unsaved);
    }
    log.info("projection {}: rebuilt from the log, at activity {} and ledger {}", id, shadow.activityPosition,
        shadow.pointsPosition);
    checkWaiters();
    kick();
    return Future.succeededFuture();
  }

  private void checkWaiters() {
    List<Promise<Void>> done = new ArrayList<>();
    synchronized (waiters) {
      waiters.removeIf(w -> {
        if (activityPosition >= w.activities() && pointsPosition >= w.points()) {
          done.add(w.done());
          return true;
        }
        return false;
      });
    }
    // What waits may run code of its own on completion: a failure there is its own, not this step's.
    if (activityPosition >= readyActivity && pointsPosition >= readyPoints) {
      complete(ready);
    }
    done.forEach(this::complete);
  }

  private void complete(Promise<Void> waiting) {
    try {
      waiting.tryComplete();
    } catch (RuntimeException e) {
      log.warn("projection {}: a reader's reaction to the projection catching up failed", id, e);
    }
  }

  void close() {
    closed = true;
  }

  @Override
  public <T> T read(Function<S, T> reader) {
    synchronized (lock) {
      return reader.apply(state);
    }
  }

  @Override
  public Future<Void> ready() {
    return ready.future();
  }

  @Override
  public Future<Void> caughtUp() {
    // The heads as this node knows them, without a read: its own acknowledged writes at once (so a
    // reader sees what it just wrote), other nodes' as of the last poll (a quarter of a second).
    Promise<Void> done = Promise.promise();
    synchronized (waiters) {
      waiters.add(new Waiter(activities ? host.activities().known() : 0, points ? host.points().known() : 0, done));
    }
    checkWaiters();
    if (!done.future().isComplete()) {
      host.nudge();
    }
    return done.future();
  }

  @Override
  public void onFolded(Consumer<Folded> listener) {
    listeners.add(listener);
  }

  @Override
  public Status status() {
    return new Status(id, ready.future().isComplete(), activityPosition, pointsPosition, folded, setAside,
        checkpointedAt, checkpointChars);
  }
}
