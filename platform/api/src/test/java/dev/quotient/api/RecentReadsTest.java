package dev.quotient.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RecentReadsTest {

  private final AtomicInteger reads = new AtomicInteger();

  private Future<String> read() {
    return Future.succeededFuture("value " + reads.incrementAndGet());
  }

  @Test
  void aRecentReadIsServedFromMemoryUntilAWriteForgetsIt() {
    RecentReads<String> recent = new RecentReads<>(Duration.ofMinutes(1));
    assertEquals("value 1", recent.get("plan", this::read).result());
    assertEquals("value 1", recent.get("plan", this::read).result());
    assertEquals("value 2", recent.get("other", this::read).result());
    recent.forget("plan");
    assertEquals("value 3", recent.get("plan", this::read).result());
    assertEquals(3, reads.get());
  }

  @Test
  void forgettingEverythingReadsEveryKeyAgain() {
    RecentReads<String> recent = new RecentReads<>(Duration.ofMinutes(1));
    recent.get("org-a", this::read);
    recent.get("org-b", this::read);
    recent.forgetAll();
    assertEquals("value 3", recent.get("org-a", this::read).result());
    assertEquals("value 4", recent.get("org-b", this::read).result());
  }

  @Test
  void readsAreKeptOnlyForTheirTime() throws InterruptedException {
    RecentReads<String> recent = new RecentReads<>(Duration.ofMillis(20));
    recent.get("plan", this::read);
    Thread.sleep(40);
    assertEquals("value 2", recent.get("plan", this::read).result());
  }

  @Test
  void viewsDuringAReadShareItAndAFailedReadIsNotKept() {
    RecentReads<String> recent = new RecentReads<>(Duration.ofMinutes(1));
    Promise<String> slow = Promise.promise();
    Future<String> first = recent.get("plan", slow::future);
    Future<String> second = recent.get("plan", this::read);
    assertSame(first, second);
    slow.fail("store unreachable");
    assertTrue(recent.get("plan", this::read).succeeded());
    assertEquals(1, reads.get());
  }
}
