package dev.quotient.plugin.development.dashboard;

import dev.quotient.api.PluginContext;
import dev.quotient.api.event.Catalogue;
import dev.quotient.api.event.Commands;
import dev.quotient.plugin.development.kpi.KpiLog;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the team dashboard asks other parts of the platform: overdue training ({@code training.status}),
 * mentorships without a recent check-in ({@code mentorships.status}) and this week's points (the
 * in-memory {@link KpiLog}). A command nobody handles, a refusal or no reply within {@link #TIMEOUT} is "not
 * available" (an empty optional), never a failed page.
 */
public final class TeamSignals {

  static final Duration TIMEOUT = Duration.ofSeconds(2);
  /** A mentorship without a check-in for this long is stale. */
  public static final Duration STALE = Duration.ofDays(14);

  private final PluginContext context;
  private final KpiLog log;

  public TeamSignals(PluginContext context, KpiLog log) {
    this.context = context;
    this.log = log;
  }

  /**
   * The training of each person with overdue modules or modules they are locked out of (every attempt
   * failed); empty when training status is not available.
   */
  public Future<Optional<Map<String, Commands.PersonTraining>>> trainingToFollow(String orgId, List<String> userIds) {
    return optional(context.events().request(Catalogue.TRAINING_STATUS, new Commands.TrainingStatusQuery(orgId, userIds))
        .map(status -> {
          Map<String, Commands.PersonTraining> out = new TreeMap<>();
          Set<String> wanted = new HashSet<>(userIds);
          for (Commands.PersonTraining p : status.people()) {
            if (wanted.contains(p.userId()) && (!p.overdueModuleIds().isEmpty() || !p.lockedOutModuleIds().isEmpty())) {
              out.put(p.userId(), p);
            }
          }
          return out;
        }));
  }

  /** The mentees' active pairs; empty when mentorships are not available. */
  public Future<Optional<List<Commands.Mentorship>>> mentorships(String orgId, List<String> menteeIds) {
    return optional(context.events().request(Catalogue.MENTORSHIPS, new Commands.MentorshipsQuery(orgId, menteeIds))
        .map(m -> List.copyOf(m.pairs())));
  }

  /** Pairs with no check-in (or, never checked in, no start) in the last {@link #STALE}. */
  public static List<Commands.Mentorship> stale(List<Commands.Mentorship> pairs, Instant now) {
    List<Commands.Mentorship> out = new ArrayList<>();
    for (Commands.Mentorship p : pairs) {
      Instant last = p.lastCheckIn() != null ? p.lastCheckIn() : p.since();
      if (last.isBefore(now.minus(STALE))) {
        out.add(p);
      }
    }
    return out;
  }

  /** Points per person of the organisation earned in [from, to). */
  public Future<Map<String, Long>> points(String orgId, Set<String> userIds, Instant from, Instant to) {
    return log.points(orgId, userIds, from, to);
  }

  private <T> Future<Optional<T>> optional(Future<T> request) {
    Promise<Optional<T>> p = Promise.promise();
    long timer = context.setTimer(TIMEOUT.toMillis(), t -> p.tryComplete(Optional.empty()));
    request.onComplete(r -> {
      context.cancelTimer(timer);
      if (r.failed()) {
        context.log().debug("dashboard signal not available: {}", r.cause().toString());
      }
      p.tryComplete(r.succeeded() ? Optional.ofNullable(r.result()) : Optional.empty());
    });
    return p.future();
  }
}
