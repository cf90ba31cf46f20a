package dev.quotient.testkit;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Reads again until what is read is as expected: for what the platform does after it answers. */
public final class Await {

  private Await() {}

  /** Reads every 50 ms until {@code done} accepts the value, for up to 15 s; fails with the last value read. */
  public static <T> T until(Supplier<T> read, Predicate<T> done) {
    long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    T last = read.get();
    while (!done.test(last)) {
      if (System.nanoTime() > until) {
        throw new AssertionError("still not there: " + last);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      last = read.get();
    }
    return last;
  }
}
