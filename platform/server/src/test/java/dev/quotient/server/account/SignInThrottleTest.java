package dev.quotient.server.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Guessing is slowed down per account and per client, whatever accounts one client tries. */
class SignInThrottleTest {

  private final SignInThrottle throttle = new SignInThrottle();
  private final Instant now = Instant.parse("2026-12-07T10:00:00Z");

  @Test
  void oneClientFailingAcrossManyAccountsWaitsAndOthersDoNot() {
    // One wrong password each for a list of accounts: no account reaches its own limit.
    for (int i = 0; i < SignInThrottle.FREE_CLIENT_FAILURES; i++) {
      assertEquals(Duration.ZERO, throttle.waitFor("user" + i + "@acme.example", "203.0.113.9", now), "attempt " + i);
      throttle.failed("user" + i + "@acme.example", "203.0.113.9", now);
    }
    Duration wait = throttle.waitFor("someone-new@acme.example", "203.0.113.9", now);
    assertTrue(wait.compareTo(Duration.ofSeconds(1)) >= 0, "the next account waits too: " + wait);
    assertEquals(Duration.ZERO, throttle.waitFor("someone-new@acme.example", "198.51.100.7", now), "another client");
    // A success for one account does not open the others.
    throttle.succeeded("user1@acme.example", "203.0.113.9");
    assertTrue(throttle.waitFor("someone-else@acme.example", "203.0.113.9", now).compareTo(Duration.ZERO) > 0);
    assertEquals(Duration.ZERO, throttle.waitFor("someone-new@acme.example", "203.0.113.9", now.plus(wait)),
        "until the wait is over");
  }

  @Test
  void oneAccountWaitsAfterFiveFailures() {
    for (int i = 0; i < SignInThrottle.FREE_FAILURES; i++) {
      throttle.failed("rep1@acme.example", "203.0.113.9", now);
    }
    assertTrue(throttle.waitFor("rep1@acme.example", "203.0.113.9", now).compareTo(Duration.ZERO) > 0);
    assertEquals(Duration.ZERO, throttle.waitFor("rep2@acme.example", "203.0.113.9", now));
  }
}
