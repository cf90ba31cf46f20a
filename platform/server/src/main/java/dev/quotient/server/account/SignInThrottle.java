package dev.quotient.server.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;

/**
 * Slows down password guessing: after {@link #FREE_FAILURES} failed sign-ins for one e-mail address
 * from one client, each further attempt must wait, doubling from 2 s up to 15 minutes. A success
 * clears the count. In memory, per node: a restart forgives.
 */
public final class SignInThrottle {

  static final int FREE_FAILURES = 5;
  private static final Duration FIRST_WAIT = Duration.ofSeconds(2);
  private static final Duration LONGEST_WAIT = Duration.ofMinutes(15);

  private record Failures(int count, Instant lockedUntil) {}

  private final Cache<String, Failures> failures = Caffeine.newBuilder()
      .expireAfterWrite(Duration.ofHours(1))
      .maximumSize(100_000)
      .build();

  /** How long the caller must still wait; zero when an attempt is allowed now. */
  public Duration waitFor(String email, String client, Instant now) {
    Failures f = failures.getIfPresent(key(email, client));
    if (f == null || f.lockedUntil() == null || !now.isBefore(f.lockedUntil())) {
      return Duration.ZERO;
    }
    return Duration.between(now, f.lockedUntil());
  }

  public void failed(String email, String client, Instant now) {
    failures.asMap().compute(key(email, client), (k, old) -> {
      int count = old == null ? 1 : old.count() + 1;
      if (count < FREE_FAILURES) {
        return new Failures(count, null);
      }
      // From the FREE_FAILURES-th failure on, the next attempt waits.
      long factor = 1L << Math.min(count - FREE_FAILURES, 20);
      Duration wait = FIRST_WAIT.multipliedBy(factor);
      return new Failures(count, now.plus(wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait));
    });
  }

  public void succeeded(String email, String client) {
    failures.invalidate(key(email, client));
  }

  private static String key(String email, String client) {
    return AccountStore.normaliseEmail(email) + "|" + client;
  }
}
