package dev.quotient.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Real time moved by a shift the test sets: for flows that span weeks (a 30-day PIP) inside tests
 * whose other requests use the real time.
 */
public final class ShiftedClock extends Clock {

  private final AtomicReference<Duration> shift = new AtomicReference<>(Duration.ZERO);

  /** From now on, time is real time plus {@code by}. */
  public void shift(Duration by) {
    shift.set(by);
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(shift.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a test clock is always UTC; the organisation's zone is applied on display");
  }
}
