package dev.quotient.server.points;

import dev.quotient.server.activity.Source;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tells which self-reported activities come in a burst: {@value #COUNT} or more of one kind from one
 * person reported within {@link #WITHIN_MILLIS} (by when they were recorded, so one request of sixty
 * meetings is one burst), however their own times are spread. What a burst brings beyond that is held
 * for a leader's review instead of scored. Fed facts in log order; the scorer and the recomputation each keep one, so both
 * hold the same facts.
 */
final class Bursts {

  /** Self-reported activities of one kind within the window that make a burst. */
  static final int COUNT = 10;
  static final long WITHIN_MILLIS = 10 * 60_000L;

  /** The recent self-reported activities, per organisation, person and kind. */
  private final Map<String, Recent> recent = new HashMap<>();

  /** Recording times (with how many at each) and the activities already counted, within the window. */
  private static final class Recent {
    final TreeMap<Long, Integer> times = new TreeMap<>();
    final Map<String, Long> seen = new HashMap<>();
    long latest = Long.MIN_VALUE;
  }

  /**
   * Which of these facts (in log order) are held: a fact is held when it and the same person's
   * self-reported facts of its kind recorded in the {@link #WITHIN_MILLIS} before it number
   * {@link #COUNT} or more. Only what came before counts (no look ahead), so however the log is paged
   * the same facts are held: the first {@code COUNT - 1} of a burst score as usual (the daily caps
   * bound them), the rest wait for a leader. A fact read again (a catch-up re-reads the log's end) is
   * not counted twice.
   */
  boolean[] held(List<Fact> facts) {
    boolean[] held = new boolean[facts.size()];
    for (int i = 0; i < facts.size(); i++) {
      Fact f = facts.get(i);
      if (!counts(f)) {
        continue;
      }
      long t = f.effectiveAt().toEpochMilli();
      Recent r = recent.computeIfAbsent(key(f), k -> new Recent());
      if (r.seen.containsKey(f.sourceId())) {
        continue;
      }
      r.seen.put(f.sourceId(), t);
      r.times.merge(t, 1, Integer::sum);
      if (t > r.latest) {
        r.latest = t;
        // what lies before the window of the newest can no longer make a burst with what comes next
        long before = t - WITHIN_MILLIS;
        r.times.headMap(before).clear();
        r.seen.values().removeIf(at -> at < before);
      }
      int within = r.times.subMap(t - WITHIN_MILLIS, true, t, true).values().stream().mapToInt(Integer::intValue).sum();
      held[i] = within >= COUNT;
    }
    return held;
  }

  /** Forgets what it saw of the organisation (its log is about to be read again from the start). */
  void forget(String orgId) {
    recent.keySet().removeIf(k -> k.startsWith(orgId + "\n"));
  }

  private static boolean counts(Fact f) {
    return f.trigger() == PointRule.Trigger.ACTIVITY && f.source() == Source.SELF;
  }

  private static String key(Fact f) {
    return f.orgId() + "\n" + f.userId() + "\n" + f.kind();
  }
}
