package dev.quotient.server.projection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The newest part of one log, read once for every projection of the node. {@link #poll} reads what was
 * stored after the last position it settled, by position; the runners take their facts from here, and
 * read the store themselves only when they are further behind than this buffer reaches.
 *
 * <p><b>Gaps.</b> A position can be reserved and not (yet) stored: a writer between its reservation and
 * its insert (on this node or another), a batch that crashed, a duplicate. A position its writer
 * released ({@link LogPositions#release}) is settled at once, and so is one at or below the
 * {@code sealed} position: reserved before this node started, by writers that are all gone (a node
 * alone in its cluster). Any other missing position is waited for up to {@link #GRACE_MILLIS}, then
 * settled as empty: a writer's insert follows its reservation within milliseconds, so what is still
 * missing then never comes. Waiting is for in-flight writes and other nodes' crashes only: a follower
 * that waited the grace after every restart made the node's start wait for it. A position a writer on
 * this node still holds is neither read nor given up: the writer offers what it stores and releases
 * the rest; once it is done, the position is treated like any other.
 *
 * @param <E> the log's entry
 */
final class LogTail<E> {

  /** How long a missing position is waited for once a later one is stored. */
  static final long GRACE_MILLIS = 10_000;
  /** Positions asked for in one read. */
  static final int PAGE = 2_000;
  /**
   * Facts kept for runners; older positions are read from the store. Each kept fact is a few hundred
   * bytes of heap: 20,000 of each log are about 15 MB, several seconds of the fastest ingest, while
   * runners folding live stay within a few thousand positions of the head.
   */
  static final int CAPACITY = 20_000;

  private final LongSupplier head;
  private final Function<Collection<Long>, Map<Long, E>> reader;
  private final Function<Collection<Long>, java.util.Set<Long>> released;
  /** Positions a writer on this node holds: it hands over what it stores, so they are not read. */
  private final java.util.function.LongPredicate writing;
  private final long sealed;
  private final LongSupplier millis;
  /** Every position up to this one is settled: stored (and buffered while recent) or empty for good. */
  private volatile long settled;
  /** Where the buffer starts: positions at or below it are not buffered. */
  private volatile long floor;
  private final NavigableMap<Long, E> recent = new TreeMap<>();
  /**
   * Facts known but not settled yet: stored after a missing position, or handed over by this node's
   * writer ({@link #offer}) so that its own writes are never read back.
   */
  private final Map<Long, E> ahead = new java.util.concurrent.ConcurrentHashMap<>();
  /** The highest position this node knows was reserved: read by the last poll, or offered since. */
  private final java.util.concurrent.atomic.AtomicLong known = new java.util.concurrent.atomic.AtomicLong();
  /** When each missing position was first seen missing. */
  private final Map<Long, Long> missingSince = new HashMap<>();

  /**
   * @param start the last position taken as settled
   * @param sealed missing positions up to this one will never be stored: settled without waiting
   * @param released which of the positions asked for their writers released
   * @param writing whether a writer on this node holds the position (it offers what it stores)
   */
  LogTail(long start, long sealed, LongSupplier head, Function<Collection<Long>, Map<Long, E>> reader,
      Function<Collection<Long>, java.util.Set<Long>> released, java.util.function.LongPredicate writing,
      LongSupplier millis) {
    this.writing = writing;
    this.settled = start;
    this.floor = start;
    this.sealed = sealed;
    this.head = head;
    this.reader = reader;
    this.released = released;
    this.millis = millis;
  }

  /** A fact this node has just stored at {@code position}: the next poll takes it without a read. */
  void offer(long position, E fact) {
    known.accumulateAndGet(position, Math::max);
    if (position > settled) {
      ahead.put(position, fact);
    }
  }

  /**
   * The highest position known to be reserved without a read: this node's own writes at once, other
   * nodes' as of the last poll.
   */
  long known() {
    return known.get();
  }

  /** The last settled position. */
  long settled() {
    return settled;
  }

  /** Reads the facts stored since the last poll; blocking, one caller at a time. True when it moved. */
  boolean poll() {
    long last = head.getAsLong();
    known.accumulateAndGet(last, Math::max);
    long before = settled;
    while (settled < last) {
      long to = Math.min(last, settled + PAGE);
      List<Long> wanted = new ArrayList<>();
      for (long p = settled + 1; p <= to; p++) {
        if (!ahead.containsKey(p) && !writing.test(p)) {
          wanted.add(p);
        }
      }
      Map<Long, E> found = wanted.isEmpty() ? Map.of() : reader.apply(wanted);
      ahead.putAll(found);
      long now = millis.getAsLong();
      List<Long> missing = new ArrayList<>();
      for (long q = settled + 1; q <= to; q++) {
        if (!ahead.containsKey(q) && q > sealed) {
          if (writing.test(q)) {
            // its writer is at work on this node: waited for, however long it takes, without a read
            missingSince.put(q, now);
          } else {
            missing.add(q);
          }
        }
      }
      java.util.Set<Long> empty = missing.isEmpty() ? java.util.Set.of() : released.apply(missing);
      for (long q : missing) {
        if (empty.contains(q)) {
          missingSince.put(q, now - GRACE_MILLIS);
        } else {
          missingSince.putIfAbsent(q, now);
        }
      }
      long p = settled;
      List<Map.Entry<Long, E>> settledNow = new ArrayList<>();
      for (long q = settled + 1; q <= to; q++) {
        E e = ahead.remove(q);
        if (e != null) {
          settledNow.add(Map.entry(q, e));
          missingSince.remove(q);
        } else if (q > sealed && now - missingSince.get(q) < GRACE_MILLIS) {
          break;
        } else {
          missingSince.remove(q);
        }
        p = q;
      }
      synchronized (recent) {
        for (Map.Entry<Long, E> e : settledNow) {
          recent.put(e.getKey(), e.getValue());
        }
        while (recent.size() > CAPACITY) {
          floor = recent.pollFirstEntry().getKey();
        }
        settled = p;
      }
      if (p < to) {
        break;
      }
    }
    return settled != before;
  }

  /** Facts of a stretch of the log, by position, and the last position the stretch covers. */
  record Stretch<E>(List<Map.Entry<Long, E>> facts, long through) {}

  /**
   * The facts after {@code position}, up to {@code max} positions on, from the buffer; null when the
   * buffer does not reach back that far (the caller reads the store below {@link #floor}).
   */
  Stretch<E> after(long position, int max) {
    synchronized (recent) {
      if (position < floor) {
        return null;
      }
      long to = Math.max(position, Math.min(settled, position + max));
      return new Stretch<>(new ArrayList<>(recent.subMap(position, false, to, true).entrySet()), to);
    }
  }

  /** Reads a stretch below the buffer from the store: every gap there is settled already. */
  Stretch<E> read(long position, int max) {
    long to = Math.min(floor, position + max);
    List<Long> wanted = new ArrayList<>();
    for (long p = position + 1; p <= to; p++) {
      wanted.add(p);
    }
    List<Map.Entry<Long, E>> facts = new ArrayList<>(new TreeMap<>(reader.apply(wanted)).entrySet());
    return new Stretch<>(facts, Math.max(position, to));
  }

  /** Forgets the facts {@code gone} matches (an organisation removed): a refold does not see them again. */
  void drop(java.util.function.Predicate<E> gone) {
    synchronized (recent) {
      recent.values().removeIf(gone);
    }
    ahead.values().removeIf(gone);
  }

  /** The last position a runner may read from the store itself: below it, every gap is settled. */
  long floor() {
    return floor;
  }
}
