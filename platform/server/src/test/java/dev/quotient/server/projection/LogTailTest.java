package dev.quotient.server.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Positions a writer on this node holds are not read from the store (the writer hands over what it
 * stores) and are waited for as long as it holds them; once it lets go without storing, they are
 * read and, after the grace, settled as empty like any other gap.
 */
class LogTailTest {

  private long head;
  private long now = 1_000_000;
  private final Map<Long, String> store = new HashMap<>();
  private final List<Long> asked = new ArrayList<>();
  private final Set<Long> held = new HashSet<>();

  private LogTail<String> tail() {
    return new LogTail<>(0, 0, () -> head, wanted -> {
      asked.addAll(wanted);
      Map<Long, String> found = new HashMap<>();
      wanted.forEach(p -> {
        if (store.containsKey(p)) {
          found.put(p, store.get(p));
        }
      });
      return found;
    }, positions -> Set.of(), held::contains, () -> now);
  }

  @Test
  void positionsHeldByAWriterOnThisNodeAreNotReadAndAreWaitedFor() {
    LogTail<String> tail = tail();
    // this node's writer holds 1 to 5; another node stored 6 to 10
    for (long p = 1; p <= 5; p++) {
      held.add(p);
    }
    for (long p = 6; p <= 10; p++) {
      store.put(p, "other " + p);
    }
    head = 10;
    tail.poll();
    assertEquals(List.of(6L, 7L, 8L, 9L, 10L), asked, "the held positions are not asked for");
    assertEquals(0, tail.settled(), "nothing after a held position is settled before it");

    now += LogTail.GRACE_MILLIS * 3;
    tail.poll();
    assertEquals(0, tail.settled(), "held positions are waited for past the grace");
    assertTrue(asked.stream().noneMatch(p -> p <= 5));

    // the writer stored them and handed them over, then let go
    for (long p = 1; p <= 5; p++) {
      tail.offer(p, "mine " + p);
    }
    held.clear();
    tail.poll();
    assertEquals(10, tail.settled());
    assertTrue(asked.stream().noneMatch(p -> p <= 5), "what the writer handed over is never read");
    assertEquals(10, tail.after(0, 100).facts().size());
  }

  @Test
  void positionsAWriterLetGoWithoutStoringAreReadThenSettledAfterTheGrace() {
    LogTail<String> tail = tail();
    held.add(1L);
    held.add(2L);
    store.put(3L, "other");
    head = 3;
    tail.poll();
    assertEquals(0, tail.settled());

    // the writer failed: it lets go of its positions without storing anything
    held.clear();
    asked.clear();
    tail.poll();
    assertEquals(List.of(1L, 2L), asked, "read once the writer let go");
    assertEquals(0, tail.settled(), "a gap is waited for through the grace");
    now += LogTail.GRACE_MILLIS + 1;
    tail.poll();
    assertEquals(3, tail.settled());
    assertEquals(List.of("other"), tail.after(0, 100).facts().stream().map(Map.Entry::getValue).toList());
  }
}
