package dev.quotient.server.points;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.quotient.api.ClientError;
import dev.quotient.api.event.Catalogue;
import dev.quotient.api.event.Events;
import dev.quotient.api.projection.ProjectionView;
import dev.quotient.api.projection.Projections;
import dev.quotient.server.account.AccountStore;
import dev.quotient.server.account.Organisation;
import dev.quotient.server.activity.ActivityKind;
import dev.quotient.server.activity.ActivityStore;
import dev.quotient.server.activity.Source;
import dev.quotient.server.i18n.Messages;
import dev.quotient.server.mongo.Database;
import dev.quotient.server.projection.LogPositions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the activity log and the platform's events into ledger entries, exactly once.
 *
 * <p><b>Activities</b> are handed over as stored documents by {@link ActivityStore#onStored} once the
 * store acknowledged them (so in a cluster the node that stored an activity scores it): the scorer
 * scores them in {@code seq} order without reading them back and moves the organisation's checkpoint
 * forward. Only at start does it read the log by {@code seq}, from {@value #WINDOW}
 * positions behind the checkpoint (batches may become visible slightly out of order), so an activity
 * acknowledged just before a crash still gets its points. <b>Completed modules and praise</b> are
 * scored from {@code module.completed} and {@code praise.given}, with local consumers.
 *
 * <p>All scoring on a node takes turns on one worker thread, so caps are counted in a fixed order. Caps
 * are checked against per (organisation, user, rule, day) totals in memory ({@link CapTotals}, a
 * projection of the ledger), never a sum over the ledger. An entry's id is derived from what it scores and the rule, so replays, duplicates and a
 * second node never credit twice; {@code points.awarded} is published once per new entry with points.
 */
public final class PointsService {

  /** How far behind the checkpoint a catch-up re-reads. */
  public static final int WINDOW = 200;
  private static final int PAGE = 1_000;
  /** The checkpoint is written at most this often while scoring live: a catch-up re-reads a little more. */
  private static final long CHECKPOINT_MILLIS = 1_000;
  /** Activities one start-up catch-up query reads: each is a scan of the log, so they are few and large. */
  private static final int CATCH_UP_PAGE = 5_000;
  /** How far before the last position scored a catch-up by position reads: the tails' window. */
  static final long POSITION_WINDOW = 20_000;
  /** Positions one read of a catch-up by position asks for. */
  private static final int POSITION_PAGE = 2_000;
  private static final Logger LOG = LoggerFactory.getLogger(PointsService.class);

  private final Vertx vertx;
  private final Database database;
  private final PointsLedger ledger;
  private final AccountStore accounts;
  private final RuleSet defaults;
  private final Messages messages;
  private final Clock clock;
  private final WorkerExecutor scorer;
  private final Map<String, ZoneId> zones = new ConcurrentHashMap<>();
  /** Stored activities waiting for the scorer, by organisation; guarded by itself. */
  private final Map<String, List<Document>> pending = new LinkedHashMap<>();
  private boolean drainScheduled;
  /**
   * Stored activities handed over and not scored yet: their documents are held in memory, so past
   * {@link #MAX_BACKLOG} new ingest waits ({@link #room}) instead of growing the heap without bound (a
   * year of history posted at 2,000 a second outran the scorer and filled a 512 MB heap).
   */
  static final int MAX_BACKLOG = 20_000;
  private final java.util.concurrent.atomic.AtomicInteger backlog = new java.util.concurrent.atomic.AtomicInteger();
  private final List<io.vertx.core.Promise<Void>> waitingForRoom = new ArrayList<>();
  private volatile Runnable credited = () -> {};
  /** Which self-reported activities come in bursts (scorer thread only). */
  private final Bursts bursts = new Bursts();
  /** When each organisation's checkpoint was last written (scorer thread only). */
  private final Map<String, Long> checkpointed = new HashMap<>();
  /**
   * The highest log position any catch-up on this node may have read (scorer thread only). An activity
   * handed over live above it was scored by nobody yet: its page skips the ledger read for entries
   * already there (one {@code $in} per page, most of the scorer's store time).
   */
  private long readUpTo;
  /** The highest log position each organisation has had scored (scorer thread only). */
  private final Map<String, Long> scoredPos = new HashMap<>();
  private final LogPositions positions;
  private final io.vertx.core.Promise<ProjectionView<CapTotals.State>> caps = io.vertx.core.Promise.promise();
  private volatile CapTotals capTotals;
  /** How long the scorer waits for the cap totals (a first build from a long ledger takes a while). */
  private static final long CAPS_WAIT_MINUTES = 30;

  public PointsService(Vertx vertx, Database database, LogPositions positions, AccountStore accounts, RuleSet defaults,
      Messages messages, Clock clock) {
    this.vertx = vertx;
    this.database = database;
    this.ledger = new PointsLedger(database, positions);
    this.positions = positions;
    this.accounts = accounts;
    this.defaults = defaults;
    this.messages = messages;
    this.clock = clock;
    this.scorer = vertx.createSharedWorkerExecutor("quotient-points", 1);
  }

  /** Called after new entries are stored (on the scorer's thread; must not block). */
  public void onCredited(Runnable listener) {
    this.credited = java.util.Objects.requireNonNull(listener);
  }

  public PointsLedger ledger() {
    return ledger;
  }

  /** The ledger as plugins read it. */
  public dev.quotient.api.points.PointsLedger reader() {
    return (from, to, sink) -> database.call(() -> ledger.replay(from, to, sink));
  }

  /** Registers the local consumers and starts catching up every organisation with activity. */
  public Future<Void> start() {
    var bus = vertx.eventBus();
    bus.<Events.ModuleCompleted>localConsumer(Catalogue.MODULE_COMPLETED.address(), m -> {
      Events.ModuleCompleted e = m.body();
      turn(() -> {
        scoreEvent(new Fact(e.orgId(), PointRule.Trigger.MODULE_COMPLETED, e.userId() + ":" + e.moduleId(), e.userId(),
            null, null, e.completedAt(), e.completedAt(), 0, null, null, e.passed(), e.moduleId(), e.skills()));
        return null;
      }).onFailure(x -> LOG.error("scoring module.completed failed", x));
    });
    bus.<Events.PraiseGiven>localConsumer(Catalogue.PRAISE_GIVEN.address(), m -> {
      Events.PraiseGiven e = m.body();
      turn(() -> {
        scoreEvent(new Fact(e.orgId(), PointRule.Trigger.PRAISE_RECEIVED, e.praiseId(), e.toUserId(), null, null,
            e.givenAt(), e.givenAt(), 0, null, e.value(), false, null, null));
        return null;
      }).onFailure(x -> LOG.error("scoring praise.given failed", x));
    });
    // A new time zone counts from now: what was scored keeps its day.
    bus.<Events.OrganisationChanged>consumer(Catalogue.ORGANISATION_CHANGED.address(), m -> {
      zones.remove(m.body().orgId());
      CapTotals totals = capTotals;
      if (totals != null) {
        totals.forgetZone(m.body().orgId());
      }
    });
    // In the background: the node serves requests while it catches up; reads see points as they come.
    turn(() -> {
      catchUp(database.collection(ActivityStore.SEQUENCE).distinct("_id", String.class).into(new ArrayList<>()), true);
      return null;
    }).onFailure(e -> LOG.error("catching up points at start failed", e));
    return Future.succeededFuture();
  }

  /** Scores the organisation's stored activity not scored yet; completes once done. */
  public Future<Void> catchUp(String orgId) {
    return turn(() -> {
      catchUp(List.of(orgId), true);
      return null;
    });
  }

  /** Completes once everything handed to the scorer before this call is scored. */
  public Future<Void> idle() {
    return turn(() -> null);
  }

  /**
   * Recomputes the organisation's activity entries from the activity log: removes them and scores the
   * whole log again (without publishing). Entries from events are kept.
   */
  public Future<Void> rebuild(String orgId) {
    return turn(() -> {
      ProjectionView<CapTotals.State> caps = caps();
      List<LedgerEntry> removed = ledger.all(orgId).stream()
          .filter(e -> e.trigger().equals(PointRule.Trigger.ACTIVITY.key())).toList();
      ledger.deleteActivityEntries(orgId);
      // The only change to the totals that is not a fold: the removed entries leave them (under the lock).
      caps.read(s -> {
        removed.forEach(e -> {
          s.add(orgId, e.userId(), e.ruleId(), java.time.LocalDate.parse(e.day()), -e.points());
          if (e.selfReported()) {
            s.add(orgId, e.userId(), PointsEngine.selfKey(e.ruleId()), java.time.LocalDate.parse(e.day()), -e.points());
          }
          s.addToPerson(orgId, e.userId(), -e.points(), e.areas());
        });
        return null;
      });
      ledger.reset(orgId);
      // the log is read again from its start: what the tracker saw of it must not count twice
      bursts.forget(orgId);
      catchUp(List.of(orgId), false);
      return null;
    });
  }

  /**
   * What the ledger should hold, computed in memory from the activity log (and the stored event
   * entries, which no log can derive) without writing anything.
   */
  public Future<List<LedgerEntry>> recompute(String orgId) {
    return turn(() -> {
      List<LedgerEntry> out = new ArrayList<>();
      for (LedgerEntry e : ledger.all(orgId)) {
        if (!e.trigger().equals(PointRule.Trigger.ACTIVITY.key())) {
          out.add(e);
        }
      }
      out.addAll(scoreLog(orgId, versions(orgId), activities().find(Filters.eq("orgId", orgId))
          .sort(Sorts.ascending("seq")).into(new ArrayList<>())));
      return out;
    });
  }

  /** Scores activity documents in order against in-memory cap counts; writes nothing. */
  List<LedgerEntry> scoreLog(String orgId, List<RuleVersion> versions, List<Document> docs) {
    ZoneId zone = zone(orgId);
    Map<String, Long> sums = new HashMap<>();
    List<LedgerEntry> out = new ArrayList<>();
    List<Fact> facts = docs.stream().map(PointsService::fact).toList();
    boolean[] held = new Bursts().held(facts);
    for (int i = 0; i < facts.size(); i++) {
      Fact fact = facts.get(i);
      for (LedgerEntry e : PointsEngine.score(fact, RuleVersion.inForce(versions, fact.effectiveAt()), zone,
          (u, r, day) -> sums.getOrDefault(u + "\n" + r + "\n" + day, 0L), id -> false, held[i])) {
        for (String rule : capKeys(e)) {
          sums.merge(e.userId() + "\n" + rule + "\n" + e.day(), e.points(), Long::sum);
        }
        out.add(e);
      }
    }
    return out;
  }

  /** The organisation's rule versions, oldest first; the defaults become version 1 on first use. Blocking. */
  public List<RuleVersion> versions(String orgId) {
    List<RuleVersion> versions = ledger.versions(orgId);
    if (versions.isEmpty()) {
      ledger.insertVersion(orgId, new RuleVersion(1, Instant.EPOCH, "defaults", defaults));
      versions = ledger.versions(orgId);
    }
    return versions;
  }

  /**
   * Stores {@code rules} as the organisation's next version, in force for what is recorded from now on.
   * Fails with 409 when another edit took the same version number.
   */
  public Future<RuleVersion> edit(String orgId, String userId, RuleSet rules) {
    return database.call(() -> {
      List<RuleVersion> versions = versions(orgId);
      RuleVersion next = new RuleVersion(versions.get(versions.size() - 1).version() + 1, clock.instant(), userId,
          rules);
      if (!ledger.insertVersion(orgId, next)) {
        throw ClientError.conflict("error.points.rulesChanged");
      }
      return next;
    });
  }

  /**
   * Scores activities the store just acknowledged (their stored documents, as inserted), on the scorer's
   * turn, without reading them back. Does not block. Batches that arrive while the scorer is busy are
   * scored together in its next turn: one ledger insert and one totals write for all of them.
   */
  public void score(List<Document> stored) {
    backlog.addAndGet(stored.size());
    synchronized (pending) {
      for (Document d : stored) {
        pending.computeIfAbsent(d.getString("orgId"), k -> new ArrayList<>()).add(d);
      }
      if (drainScheduled) {
        return;
      }
      drainScheduled = true;
    }
    turn(this::drain).onFailure(e -> LOG.error("scoring new activity failed (scored again at the next start)", e));
  }

  private Void drain() {
    Map<String, List<Document>> work;
    synchronized (pending) {
      work = new LinkedHashMap<>(pending);
      pending.clear();
      drainScheduled = false;
    }
    for (Map.Entry<String, List<Document>> org : work.entrySet()) {
      List<Document> docs = org.getValue();
      try {
        docs.sort(Comparator.comparingLong(d -> d.get("seq", Number.class).longValue()));
        for (int from = 0; from < docs.size(); from += PAGE) {
          List<Document> page = docs.subList(from, Math.min(docs.size(), from + PAGE));
          score(org.getKey(), page, true, unread(page));
        }
      } finally {
        backlog.addAndGet(-docs.size());
        releaseRoom();
      }
    }
    return null;
  }

  /** True when no catch-up on this node can have read any of these stored activities. */
  private boolean unread(List<Document> docs) {
    for (Document d : docs) {
      if (!(d.get("pos") instanceof Number p) || p.longValue() <= readUpTo) {
        return false;
      }
    }
    return true;
  }

  /** Completes once the scorer's backlog is below {@link #MAX_BACKLOG}: at once, nearly always. */
  public Future<Void> room() {
    synchronized (waitingForRoom) {
      if (backlog.get() < MAX_BACKLOG) {
        return Future.succeededFuture();
      }
      io.vertx.core.Promise<Void> waiting = io.vertx.core.Promise.promise();
      waitingForRoom.add(waiting);
      return waiting.future();
    }
  }

  private void releaseRoom() {
    List<io.vertx.core.Promise<Void>> released;
    synchronized (waitingForRoom) {
      if (backlog.get() >= MAX_BACKLOG || waitingForRoom.isEmpty()) {
        return;
      }
      released = new ArrayList<>(waitingForRoom);
      waitingForRoom.clear();
    }
    released.forEach(io.vertx.core.Promise::tryComplete);
  }

  /**
   * Runs on the scorer's one thread, so turns follow each other in the order they were asked for. Not
   * "ordered" in Vert.x's sense: that queue belongs to the calling context and is shared with every
   * other ordered blocking task of it (the API's request validation among them), which would make each
   * API request wait for the scorer's backlog.
   */
  private <T> Future<T> turn(Callable<T> work) {
    return scorer.executeBlocking(work, false);
  }

  /**
   * Scores the organisations' stored activity not scored yet. Those whose checkpoint knows its log
   * position are caught up together, with one read of the log's end ({@link #catchUpByPosition}); a
   * checkpoint written before positions were kept is caught up by {@code seq}, once.
   */
  private void catchUp(List<String> orgIds, boolean publish) {
    Map<String, PointsLedger.Scored> byPosition = new LinkedHashMap<>();
    for (String orgId : orgIds) {
      PointsLedger.Scored scored = ledger.scored(orgId);
      if (scored.pos() > 0) {
        byPosition.put(orgId, scored);
      } else {
        catchUpBySeq(orgId, Math.max(0, scored.seq() - WINDOW), publish);
      }
    }
    if (!byPosition.isEmpty()) {
      catchUpByPosition(byPosition, publish);
    }
  }

  /** Reads the organisation's log by {@code seq}: the embedded store scans the whole log for it. */
  private void catchUpBySeq(String orgId, long after, boolean publish) {
    while (true) {
      List<Document> docs = activities().find(Filters.and(Filters.eq("orgId", orgId), Filters.gt("seq", after)))
          .sort(Sorts.ascending("seq")).limit(CATCH_UP_PAGE).into(new ArrayList<>());
      if (docs.isEmpty()) {
        break;
      }
      after = score(orgId, docs, publish, false);
      if (docs.size() < CATCH_UP_PAGE) {
        break;
      }
    }
    // every activity read above was stored before this head was read
    readUpTo = Math.max(readUpTo, positions.head(LogPositions.ACTIVITIES));
    ledger.advance(orgId, after, scoredPos.getOrDefault(orgId, 0L));
  }

  /**
   * Reads the log by position (the index answers) once for all these organisations, from
   * {@link #POSITION_WINDOW} before the earliest last-scored position to the head, and scores each
   * organisation's activities after its re-read window in {@code seq} order. An activity after a
   * checkpoint lies in that stretch: its position was reserved after those scored, or while they were
   * in flight (no insert reserves more than {@link PointsLedger#MAX_RESERVATION}, as the projections'
   * tails assume too). Each checkpoint then moves to the head read, so an organisation without new
   * activity does not make the next start read the log from its old position again.
   */
  private void catchUpByPosition(Map<String, PointsLedger.Scored> orgs, boolean publish) {
    long head = positions.head(LogPositions.ACTIVITIES);
    readUpTo = Math.max(readUpTo, head);
    long start = orgs.values().stream().mapToLong(PointsLedger.Scored::pos).min().orElse(head);
    Map<String, List<Document>> pending = new LinkedHashMap<>();
    for (long from = Math.max(0, start - POSITION_WINDOW); from < head; from += POSITION_PAGE) {
      List<Long> wanted = new ArrayList<>();
      for (long p = from + 1; p <= Math.min(head, from + POSITION_PAGE); p++) {
        wanted.add(p);
      }
      for (Document d : activities().find(Filters.in("pos", wanted)).batchSize(wanted.size())) {
        PointsLedger.Scored scored = orgs.get(d.getString("orgId"));
        if (scored != null && d.get("seq", Number.class).longValue() > scored.seq() - WINDOW) {
          pending.computeIfAbsent(d.getString("orgId"), k -> new ArrayList<>()).add(d);
        }
      }
    }
    for (Map.Entry<String, PointsLedger.Scored> org : orgs.entrySet()) {
      List<Document> docs = pending.getOrDefault(org.getKey(), new ArrayList<>());
      docs.sort(Comparator.comparingLong(d -> d.get("seq", Number.class).longValue()));
      long last = Math.max(0, org.getValue().seq() - WINDOW);
      for (int i = 0; i < docs.size(); i += CATCH_UP_PAGE) {
        last = score(org.getKey(), docs.subList(i, Math.min(docs.size(), i + CATCH_UP_PAGE)), publish, false);
      }
      ledger.advance(org.getKey(), last, head);
    }
  }

  /**
   * Scores activity documents of one organisation, in their order; advances the checkpoint to the last.
   * With {@code unread}, none of them was scored before, so the ledger is not asked which of their
   * entries it holds.
   */
  private long score(String orgId, List<Document> docs, boolean publish, boolean unread) {
    if (docs.isEmpty()) {
      return 0;
    }
    List<RuleVersion> versions = versions(orgId);
    ZoneId zone = zone(orgId);
    List<Fact> facts = docs.stream().map(PointsService::fact).toList();
    Map<String, LedgerEntry> known = unread ? Map.of() : ledger.known(candidates(facts, versions));
    // The totals as the ledger stands (every entry this scorer wrote is folded), kept up to date here
    // while the page is scored.
    ProjectionView<CapTotals.State> caps = caps();
    Map<String, Long> totals = new HashMap<>();
    PointsEngine.CapSums sums = (u, r, day) -> totals.computeIfAbsent(u + "\n" + r + "\n" + day,
        k -> caps.read(s -> s.sum(orgId, u, r, java.time.LocalDate.parse(day))));
    List<LedgerEntry> entries = new ArrayList<>();
    boolean[] held = bursts.held(facts);
    for (int i = 0; i < facts.size(); i++) {
      Fact f = facts.get(i);
      for (LedgerEntry e : PointsEngine.score(f, RuleVersion.inForce(versions, f.effectiveAt()), zone, sums,
          known::containsKey, held[i])) {
        for (String rule : capKeys(e)) {
          totals.put(e.userId() + "\n" + rule + "\n" + e.day(), sums.sum(e.userId(), rule, e.day()) + e.points());
        }
        entries.add(e);
      }
    }
    Instant now = clock.instant();
    for (LedgerEntry e : ledger.insertAll(entries, now)) {
      if (publish && e.points() > 0) {
        published(e, now);
      }
    }
    if (!entries.isEmpty()) {
      credited.run();
    }
    long last = facts.get(facts.size() - 1).seq();
    for (Document d : docs) {
      if (d.get("pos") instanceof Number p) {
        scoredPos.merge(orgId, p.longValue(), Math::max);
      }
    }
    long millis = System.currentTimeMillis();
    if (millis - checkpointed.getOrDefault(orgId, 0L) >= CHECKPOINT_MILLIS) {
      ledger.advance(orgId, last, scoredPos.getOrDefault(orgId, 0L));
      checkpointed.put(orgId, millis);
    }
    return last;
  }

  /** The ids of the entries these facts would earn under the rules in force for each. */
  private static List<String> candidates(List<Fact> facts, List<RuleVersion> versions) {
    List<String> candidates = new ArrayList<>();
    for (Fact f : facts) {
      for (PointRule r : RuleVersion.inForce(versions, f.effectiveAt()).rules().rules()) {
        if (r.matches(f)) {
          candidates.add(f.entryId(r.id()));
        }
      }
    }
    return candidates;
  }

  /** Prefix of the id and the trigger of an entry that takes back another one's points. */
  public static final String REVERSAL = "reversal";

  /**
   * A leader takes back an entry's points, with a reason the rep reads: a new ledger entry with the
   * opposite points, on the same rule, day and areas (so boards, caps and contests fall back with it),
   * published like any credit. 404 for another organisation's or an unknown entry; 409 for an entry
   * with nothing to take back, a reversal, or one already reversed. Runs on the scorer's turn, so it is
   * ordered with scoring.
   */
  public Future<LedgerEntry> reverse(String orgId, String entryId, String reason) {
    return turn(() -> {
      LedgerEntry original = ledger.known(List.of(entryId)).get(entryId);
      if (original == null || !original.orgId().equals(orgId)) {
        throw ClientError.notFound("error.points.entryUnknown", entryId);
      }
      if (original.trigger().equals(REVERSAL) || original.points() <= 0) {
        throw ClientError.conflict("error.points.nothingToReverse", entryId);
      }
      LedgerEntry reversal = new LedgerEntry(PointsLedger.reversalId(entryId), orgId, original.userId(), REVERSAL, entryId,
          original.seq(), original.ruleId(), original.ruleVersion(), -original.points(), -original.points(), false,
          original.areas(), original.day(), original.at(),
          messages.text(Locale.ENGLISH, "points.reversed", original.points(), reason),
          messages.text(Locale.forLanguageTag("pl"), "points.reversed", original.points(), reason),
          original.selfReported(), false);
      Instant now = clock.instant();
      if (!ledger.insert(reversal, now)) {
        throw ClientError.conflict("error.points.alreadyReversed", entryId);
      }
      published(reversal, now);
      credited.run();
      return reversal;
    });
  }

  /** Prefix of the id and the trigger of a leader's decision on a held entry. */
  public static final String REVIEW = "review";

  /**
   * The organisation's held entries (self-reported bursts) no leader has decided on yet, oldest first.
   * Blocking: a worker.
   */
  public List<LedgerEntry> held(String orgId) {
    List<LedgerEntry> held = ledger.held(orgId);
    Map<String, LedgerEntry> decided = ledger.known(held.stream().map(e -> REVIEW + ":" + e.id()).toList());
    return held.stream().filter(e -> !decided.containsKey(REVIEW + ":" + e.id()))
        .sorted(Comparator.comparing(LedgerEntry::at)).toList();
  }

  /**
   * A leader decides on a held entry: approved, it earns what it would have, within the daily caps of
   * its day as they stand now; refused, it stays at 0 with the leader's reason. Either way a new ledger
   * entry records the decision (the rep reads it), published like any credit. 404 for an unknown entry
   * or another organisation's, 409 for an entry not held or already decided.
   */
  public Future<LedgerEntry> decide(String orgId, String entryId, boolean approve, String reason) {
    return turn(() -> {
      LedgerEntry held = ledger.known(List.of(entryId)).get(entryId);
      if (held == null || !held.orgId().equals(orgId)) {
        throw ClientError.notFound("error.points.entryUnknown", entryId);
      }
      if (!held.held()) {
        throw ClientError.conflict("error.points.notHeld", entryId);
      }
      long points = 0;
      if (approve) {
        PointRule rule = versions(orgId).stream().filter(v -> v.version() == held.ruleVersion()).findFirst()
            .flatMap(v -> v.rules().rules().stream().filter(r -> r.id().equals(held.ruleId())).findFirst())
            .orElse(null);
        ProjectionView<CapTotals.State> caps = caps();
        java.time.LocalDate day = java.time.LocalDate.parse(held.day());
        points = held.uncapped();
        if (rule != null && rule.dailyCap() != null) {
          long already = caps.read(s -> s.sum(orgId, held.userId(), held.ruleId(), day));
          points = Math.max(0, Math.min(points, rule.dailyCap() - already));
        }
        if (rule != null && held.selfReported() && rule.selfDailyCap() != null) {
          long already = caps.read(s -> s.sum(orgId, held.userId(), PointsEngine.selfKey(held.ruleId()), day));
          points = Math.max(0, Math.min(points, rule.selfDailyCap() - already));
        }
      }
      String key = approve ? "points.review.approved" : "points.review.refused";
      LedgerEntry decision = new LedgerEntry(REVIEW + ":" + entryId, orgId, held.userId(), REVIEW, entryId,
          held.seq(), held.ruleId(), held.ruleVersion(), points, held.uncapped(), approve && points < held.uncapped(),
          held.areas(), held.day(), held.at(),
          messages.text(Locale.ENGLISH, key, points, reason),
          messages.text(Locale.forLanguageTag("pl"), key, points, reason), held.selfReported(), false);
      Instant now = clock.instant();
      if (!ledger.insert(decision, now)) {
        throw ClientError.conflict("error.points.alreadyDecided", entryId);
      }
      if (points != 0) {
        published(decision, now);
      }
      credited.run();
      return decision;
    });
  }

  /** The cap totals an entry counts toward: its rule's, and its rule's self-reported ones when self-reported. */
  private static List<String> capKeys(LedgerEntry e) {
    return e.selfReported() ? List.of(e.ruleId(), PointsEngine.selfKey(e.ruleId())) : List.of(e.ruleId());
  }

  private void scoreEvent(Fact fact) {
    // Events come from plugins: one naming somebody the organisation does not have credits no one.
    if (accounts.user(fact.orgId(), fact.userId()).isEmpty()) {
      LOG.warn("not scored: {} of organisation {} names a person it does not have", fact.trigger(), fact.orgId());
      return;
    }
    ProjectionView<CapTotals.State> caps = caps();
    write(PointsEngine.score(fact, RuleVersion.inForce(versions(fact.orgId()), fact.effectiveAt()),
        zone(fact.orgId()), (u, r, day) -> caps.read(s -> s.sum(fact.orgId(), u, r, java.time.LocalDate.parse(day))),
        id -> false, false, this::valueLabel), true);
  }

  /**
   * Opens the daily-cap totals, a projection of the ledger: call once, after the projection host
   * started. The scorer waits for it.
   */
  public void openCaps(Projections projections) {
    capTotals = new CapTotals(this::zone, database::call);
    caps.tryComplete(projections.open(capTotals));
  }

  /**
   * The cap totals once they reflect every ledger entry this node has stored (the scorer's own among
   * them, so no entry is counted against a cap twice or missed). Blocking: the scorer's thread.
   */
  /**
   * A person's points of all time, then per skill area (IQ, EQ, BQ), from the ledger's projection (this
   * node's own credits folded; another node's within a quarter of a second). Blocking: for a worker.
   */
  public long[] personTotals(String orgId, String userId) {
    return caps().read(s -> s.person(orgId, userId));
  }

  private ProjectionView<CapTotals.State> caps() {
    try {
      ProjectionView<CapTotals.State> view = caps.future().toCompletionStage().toCompletableFuture()
          .get(CAPS_WAIT_MINUTES, TimeUnit.MINUTES);
      view.ready().compose(x -> view.caughtUp()).toCompletionStage().toCompletableFuture()
          .get(CAPS_WAIT_MINUTES, TimeUnit.MINUTES);
      return view;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for the cap totals", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the cap totals are not ready", e);
    }
  }

  private void write(List<LedgerEntry> entries, boolean publish) {
    Instant now = clock.instant();
    for (LedgerEntry e : entries) {
      if (ledger.insert(e, now) && publish && e.points() > 0) {
        published(e, now);
      }
    }
    if (!entries.isEmpty()) {
      credited.run();
    }
  }

  private void published(LedgerEntry e, Instant now) {
    vertx.eventBus().publish(Catalogue.POINTS_AWARDED.address(), new Events.PointsAwarded(e.orgId(), e.userId(),
        e.points(), reason(e, Locale.ENGLISH), e.sourceId(), now, e.id(), e.ruleId(), e.areas(), e.at()));
  }

  /** The entry's reason in the language, with the cap noted when it cut the points. */
  public String reason(LedgerEntry e, Locale locale) {
    String text = "pl".equals(Messages.supported(locale).getLanguage()) ? e.reasonPl() : e.reasonEn();
    if (e.held()) {
      return text + " " + messages.text(locale, "points.held");
    }
    return e.capped() ? text + " " + messages.text(locale, "points.capped") : text;
  }

  /** A praised value's name in the language: the product's values are translated, an organisation's own kept. */
  private String valueLabel(String value, Locale locale) {
    String key = "value." + value;
    String label = messages.text(locale, key);
    return label.equals(key) ? value : label;
  }

  private ZoneId zone(String orgId) {
    return zones.computeIfAbsent(orgId, id -> accounts.organisation(id).map(Organisation::zone).orElse(ZoneOffset.UTC));
  }

  private MongoCollection<Document> activities() {
    return database.collection(ActivityStore.COLLECTION);
  }

  static Fact fact(Document d) {
    ActivityKind kind = ActivityKind.parse(d.getString("kind")).orElseThrow();
    Source source = Source.valueOf(d.getString("source").toUpperCase(Locale.ROOT));
    Number value = d.get("value", Number.class);
    Number waited = d.get("responseSeconds", Number.class);
    return new Fact(d.getString("orgId"), PointRule.Trigger.ACTIVITY, d.getString("_id"), d.getString("userId"), kind,
        source, d.getDate("occurredAt").toInstant(), d.getDate("recordedAt").toInstant(),
        d.get("seq", Number.class).longValue(), waited == null ? null : waited.doubleValue(),
        value == null ? null : amount(value.doubleValue()), false, null, null);
  }

  private static String amount(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
