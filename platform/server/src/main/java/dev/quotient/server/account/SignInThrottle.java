package dev.quotient.server.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;

/**
 * Slows down password guessing: after {@link #FREE_FAILURES} failed sign-ins for one e-mail address
 * from one client, each further attempt must wait, doubling from 2 s up to 15 minutes. A success
 * clears the count. A client that fails across many addresses (credential stuffing: one password
 * each for a list of accounts) is slowed down the same way after {@link #FREE_CLIENT_FAILURES}
 * failures within the hour, whichever addresses they were for; a success does not clear that count,
 * so one account the attacker holds does not open the rest. In memory, per node: a restart forgives.
 */
public final class SignInThrottle {

  static final int FREE_FAILURES = 5;
  /** Failures one client may have across every address before it waits (an office behind one address). */
  static final int FREE_CLIENT_FAILURES = 50;
  private static final Duration FIRST_WAIT = Duration.ofSeconds(2);
  private static final Duration LONGEST_WAIT = Duration.ofMinutes(15);

  private record Failures(int count, Instant lockedUntil) {}

  private final Cache<String, Failures> failures = Caffeine.newBuilder()
      .expireAfterWrite(Duration.ofHours(1))
      .maximumSize(100_000)
      .build();

  /** How long the caller must still wait; zero when an attempt is allowed now. */
  public Duration waitFor(String email, String client, Instant now) {
    Duration one = waitFor(failures.getIfPresent(key(email, client)), now);
    Duration all = waitFor(failures.getIfPresent(clientKey(client)), now);
    return one.compareTo(all) >= 0 ? one : all;
  }

  private static Duration waitFor(Failures f, Instant now) {
    if (f == null || f.lockedUntil() == null || !now.isBefore(f.lockedUntil())) {
      return Duration.ZERO;
    }
    return Duration.between(now, f.lockedUntil());
  }

  public void failed(String email, String client, Instant now) {
    count(key(email, client), FREE_FAILURES, now);
    count(clientKey(client), FREE_CLIENT_FAILURES, now);
  }

  private void count(String key, int free, Instant now) {
    failures.asMap().compute(key, (k, old) -> {
      int count = old == null ? 1 : old.count() + 1;
      if (count < free) {
        return new Failures(count, null);
      }
      // From the free-th failure on, the next attempt waits.
      long factor = 1L << Math.min(count - free, 20);
      Duration wait = FIRST_WAIT.multipliedBy(factor);
      return new Failures(count, now.plus(wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait));
    });
  }

  public void succeeded(String email, String client) {
    failures.invalidate(key(email, client));
  }

  private static String clientKey(String client) {
    return "*|" + client;
  }

  private static String key(String email, String client) {
    return AccountStore.normaliseEmail(email) + "|" + client;
  }
}
