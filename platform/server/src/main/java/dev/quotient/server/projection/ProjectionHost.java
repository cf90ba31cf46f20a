package dev.quotient.server.projection;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import dev.quotient.api.activity.ActivityLog;
import dev.quotient.api.event.Catalogue;
import dev.quotient.api.points.PointsLedger;
import dev.quotient.api.projection.Projection;
import dev.quotient.api.projection.ProjectionView;
import dev.quotient.api.projection.Projections;
import dev.quotient.server.activity.ActivityStore;
import dev.quotient.server.mongo.Database;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every plugin's projections of this node up to date by following the shared logs in the store:
 * the activity log and the points ledger, by position. Writes on this node and events from other nodes
 * wake it at once; a poll every {@value #POLL_MILLIS} ms catches whatever no event announced, so a node
 * that missed events (or whose peer's events never arrived) still catches up by itself.
 */
public final class ProjectionHost {

  static final long POLL_MILLIS = 250;
  /**
   * How far behind the log's head the tails start. Positions below the start are read as settled, so
   * the window must cover every reservation still in flight when the node starts (its own scorer
   * catching up, other nodes' writers): a reservation is at most {@link dev.quotient.server.points.PointsLedger#MAX_RESERVATION}
   * positions, so this covers twenty writers at once. With 2,000, a ledger insert of a few thousand
   * entries at start had its first positions read as empty before they were stored, and their credits
   * never reached the projections ({@code CrashCyclesTest}).
   */
  static final long TAIL_WINDOW = 20_000;
  private static final Logger LOG = LoggerFactory.getLogger(ProjectionHost.class);

  private final Vertx vertx;
  private final LogPositions positions;
  private final ActivityStore activityStore;
  private final Function<Collection<Long>, Map<Long, PointsLedger.Entry>> ledger;
  private final Checkpoints checkpoints;
  private final long[] sealed;
  private final WorkerExecutor workers;
  private final WorkerExecutor poller;
  private final Map<String, List<Runner<?>>> byPlugin = new ConcurrentHashMap<>();
  private final MongoCollection<Document> faults;
  private volatile Follower<ActivityLog.Entry> activities;
  private volatile Follower<PointsLedger.Entry> points;
  private boolean polling;
  private boolean pollAgain;
  private long timer = -1;

  /** One log as runners read it: the shared tail, and the store below it. */
  final class Follower<E> {
    private final LogTail<E> tail;

    Follower(LogTail<E> tail) {
      this.tail = tail;
    }

    /** The last position every fact up to which this node knows. */
    long settled() {
      return tail.settled();
    }

    /** The highest position known to be reserved, without a read (see {@link LogTail#known}). */
    long known() {
      return tail.known();
    }

    /** The facts after {@code position}, up to {@code max} positions on; blocking. */
    LogTail.Stretch<E> next(long position, int max) {
      LogTail.Stretch<E> s = tail.after(position, max);
      return s != null ? s : tail.read(position, max);
    }
  }

  public ProjectionHost(Vertx vertx, Database database, LogPositions positions, ActivityStore activityStore,
      Function<Collection<Long>, Map<Long, PointsLedger.Entry>> ledger) {
    this(vertx, database, positions, activityStore, ledger, new long[2]);
  }

  /**
   * @param sealed per log (activities, ledger), the last position whose gaps will never be filled: the
   *     heads read before this node reserved any position, when no other node runs (see {@link LogTail})
   */
  public ProjectionHost(Vertx vertx, Database database, LogPositions positions, ActivityStore activityStore,
      Function<Collection<Long>, Map<Long, PointsLedger.Entry>> ledger, long[] sealed) {
    this.sealed = sealed.clone();
    this.vertx = vertx;
    this.positions = positions;
    this.activityStore = activityStore;
    this.ledger = ledger;
    this.checkpoints = new Checkpoints(database);
    this.faults = database.collection("projection_faults");
    this.workers = vertx.createSharedWorkerExecutor("quotient-projections", 2);
    this.poller = vertx.createSharedWorkerExecutor("quotient-projections-poll", 1);
  }

  /** Reads the log heads, starts the tails and the wake-ups. */
  public Future<Void> start() {
    return blocking(() -> {
      long[] heads = heads();
      activities = new Follower<>(new LogTail<>(start(heads[0], sealed[0]), sealed[0],
          () -> positions.head(LogPositions.ACTIVITIES), activityStore::at,
          p -> positions.released(LogPositions.ACTIVITIES, p), p -> positions.writing(LogPositions.ACTIVITIES, p),
          System::currentTimeMillis));
      points = new Follower<>(new LogTail<>(start(heads[1], sealed[1]), sealed[1],
          () -> positions.head(LogPositions.POINTS), ledger, p -> positions.released(LogPositions.POINTS, p),
          p -> positions.writing(LogPositions.POINTS, p), System::currentTimeMillis));
      return null;
    }).map(v -> {
      // Every node's writes are announced cluster-wide; the poll is the safety net.
      vertx.eventBus().consumer(Catalogue.ACTIVITY_RECORDED.address(), m -> nudge());
      vertx.eventBus().consumer(Catalogue.POINTS_AWARDED.address(), m -> nudge());
      timer = vertx.setPeriodic(POLL_MILLIS, t -> nudge());
      nudge();
      return null;
    });
  }

  /**
   * Where a tail starts: {@link #TAIL_WINDOW} behind the head, for writes still in flight; at the
   * sealed position when that is later, as nothing below it is in flight (this spares reading the last
   * 20,000 facts of each log at every start of a node that runs alone).
   */
  static long start(long head, long sealed) {
    return Math.min(head, Math.max(Math.max(0, head - TAIL_WINDOW), sealed));
  }

  /** An activity this node has just stored: its followers take it without reading it back. */
  public void offerActivity(long position, ActivityLog.Entry entry) {
    Follower<ActivityLog.Entry> f = activities;
    if (f != null) {
      f.tail.offer(position, entry);
    }
  }

  /** A ledger entry this node has just stored: its followers take it without reading it back. */
  public void offerCredit(long position, PointsLedger.Entry entry) {
    Follower<PointsLedger.Entry> f = points;
    if (f != null) {
      f.tail.offer(position, entry);
    }
  }

  /** Reads what the logs gained and hands it to every runner; coalesces calls. Does not block. */
  public void nudge() {
    synchronized (this) {
      if (activities == null) {
        return;
      }
      if (polling) {
        pollAgain = true;
        return;
      }
      polling = true;
      pollAgain = false;
    }
    poller.executeBlocking(() -> activities.tail.poll() | points.tail.poll(), false).onComplete(r -> {
      if (r.failed()) {
        LOG.warn("reading the logs for projections failed; trying again", r.cause());
      }
      byPlugin.values().forEach(list -> list.forEach(Runner::kick));
      boolean again;
      synchronized (this) {
        polling = false;
        again = pollAgain;
      }
      if (again) {
        nudge();
      }
    });
  }

  /** The projections of one plugin, named {@code <pluginId>.<name>}. */
  public Projections forPlugin(String pluginId, Logger log) {
    return new Projections() {
      @Override
      public <S> ProjectionView<S> open(Projection<S> projection) {
        String id = pluginId + "." + projection.name();
        List<Runner<?>> runners = byPlugin.computeIfAbsent(pluginId, k -> new java.util.concurrent.CopyOnWriteArrayList<>());
        synchronized (runners) {
          if (runners.stream().anyMatch(r -> r.status().name().equals(id))) {
            throw new IllegalArgumentException("projection " + id + " is open already");
          }
          Context context = vertx.getOrCreateContext();
          Runner<S> runner = new Runner<>(id, projection, ProjectionHost.this, context, log);
          runners.add(runner);
          runner.open();
          return runner;
        }
      }
    };
  }

  /** Stops a plugin's projections, saving what they folded since their last checkpoint. */
  public Future<Void> close(String pluginId) {
    List<Runner<?>> runners = byPlugin.remove(pluginId);
    if (runners == null) {
      return Future.succeededFuture();
    }
    runners.forEach(Runner::close);
    return blocking(() -> {
      for (Runner<?> r : runners) {
        try {
          r.saveIfDue(true);
        } catch (RuntimeException e) {
          LOG.warn("projection {}: last checkpoint not written", r.status().name(), e);
        }
      }
      return null;
    });
  }

  /** Stops polling and saves every projection. */
  public Future<Void> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    List<Future<Void>> all = new ArrayList<>();
    for (String plugin : List.copyOf(byPlugin.keySet())) {
      all.add(close(plugin));
    }
    return Future.join(all).mapEmpty();
  }

  /** Every projection of the node, as admins see them. */
  public List<ProjectionView.Status> statuses() {
    List<ProjectionView.Status> out = new ArrayList<>();
    byPlugin.values().forEach(list -> list.forEach(r -> out.add(r.status())));
    out.sort(java.util.Comparator.comparing(ProjectionView.Status::name));
    return out;
  }

  /**
   * The highest positions of the activity log and of the ledger this node knows were reserved (its last
   * poll, or its own writes since), without a read; zeros before the tails start.
   */
  public long[] knownHeads() {
    Follower<ActivityLog.Entry> a = activities;
    Follower<PointsLedger.Entry> p = points;
    return new long[] {a == null ? 0 : a.known(), p == null ? 0 : p.known()};
  }

  /** The heads of the activity log and the ledger; blocking. */
  long[] heads() {
    return new long[] {positions.head(LogPositions.ACTIVITIES), positions.head(LogPositions.POINTS)};
  }

  /** Keeps the facts a projection refused, for admins to see. */
  void setAside(String projectionId, List<String> refused) {
    for (String fact : refused) {
      faults.replaceOne(new Document("_id", projectionId + " " + fact.substring(0, fact.indexOf(':'))),
          new Document("projection", projectionId).append("fact", fact).append("at", new Date()),
          new ReplaceOptions().upsert(true));
    }
  }

  Follower<ActivityLog.Entry> activities() {
    return activities;
  }

  Follower<PointsLedger.Entry> points() {
    return points;
  }

  /**
   * An organisation was removed with its facts: the tails forget them and every projection of the
   * node is refolded without them.
   */
  public Future<Void> organisationRemoved(String orgId) {
    if (activities == null) {
      return Future.succeededFuture();
    }
    activities.tail.drop(e -> orgId.equals(e.orgId()));
    points.tail.drop(e -> orgId.equals(e.orgId()));
    List<Future<Void>> rebuilt = new ArrayList<>();
    byPlugin.values().forEach(list -> list.forEach(r -> rebuilt.add(r.rebuild())));
    return Future.all(rebuilt).mapEmpty();
  }

  Checkpoints checkpoints() {
    return checkpoints;
  }

  Vertx vertx() {
    return vertx;
  }

  long millis() {
    return System.currentTimeMillis();
  }

  <T> Future<T> blocking(Callable<T> work) {
    return workers.executeBlocking(work, false);
  }
}
