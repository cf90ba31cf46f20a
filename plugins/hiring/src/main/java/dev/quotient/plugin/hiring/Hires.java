package dev.quotient.plugin.hiring;

import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.event.Catalogue;
import dev.quotient.api.event.Commands;
import dev.quotient.api.event.Events;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Hiring a candidate: the platform creates their account ({@code user.create}, role rep, the chosen
 * team); only then is the candidate marked hired with the new user id, and {@code candidate.hired} is
 * published with the mean scores and the evidence, so their first development plan starts from the
 * scorecard.
 *
 * <p>Idempotent: a compare-and-set lock on the candidate lets one hire run at a time, and a hired
 * candidate cannot be hired again (409), so a repeated click never creates a second account. A lock
 * left by a crash between the account and the candidate's update expires after two minutes; a retry
 * then meets the platform's "email taken" refusal rather than creating another user.
 */
final class Hires {

  static final Duration STALE_LOCK = Duration.ofMinutes(2);
  private static final Pattern MESSAGE_KEY = Pattern.compile("[a-z][a-zA-Z0-9]*(\\.[a-zA-Z0-9]+)+");

  private final PluginContext context;
  private final Candidates candidates;
  private final Roles roles;
  private final Scorecards scorecards;

  Hires(PluginContext context, Candidates candidates, Roles roles, Scorecards scorecards) {
    this.context = context;
    this.candidates = candidates;
    this.roles = roles;
    this.scorecards = scorecards;
  }

  /** Thrown when the platform could not be asked (no handler, timeout): a 503, nothing changed. */
  static final class AccountsUnavailable extends RuntimeException {
    AccountsUnavailable(Throwable cause) {
      super("user.create did not answer", cause);
    }
  }

  Future<JsonObject> hire(CurrentUser u, String candidateId, JsonObject body) {
    String teamId = Input.text(body, "teamId", "teamId", 64);
    return candidates.get(u, candidateId).compose(c -> {
      String stage = c.getString("stage");
      if ("hired".equals(stage)) {
        throw ClientError.conflict("hiring.error.hired");
      }
      if ("rejected".equals(stage)) {
        throw ClientError.conflict("hiring.error.rejected");
      }
      return context.directory().teams(u.orgId()).compose(teams -> {
        if (teams.stream().noneMatch(t -> t.id().equals(teamId))) {
          throw ClientError.badRequest("hiring.error.team", "teamId");
        }
        return roles.get(u, c.getString("roleId"));
      }).compose(role -> scorecards.ofCandidate(u.orgId(), candidateId).compose(cards -> {
        if (cards.isEmpty()) {
          throw ClientError.conflict("hiring.error.unscored");
        }
        return lock(c).compose(lock -> createUser(u, c, teamId)
            .recover(e -> unlock(candidateId, lock).compose(x -> Future.failedFuture(translate(e, c.getString("email")))))
            .compose(created -> finish(u, c, role, cards, teamId, lock, created)));
      }));
    });
  }

  private Future<String> lock(JsonObject c) {
    String id = c.getString("_id");
    Instant now = context.clock().instant();
    String lock = now.toString();
    String held = c.getString("hireLock", "");
    boolean stale = !held.isEmpty() && Instant.parse(held).plus(STALE_LOCK).isBefore(now);
    JsonObject expected = new JsonObject().put("stage", c.getString("stage")).put("hireLock", stale ? held : "");
    return context.content().setIf(Candidates.COLLECTION, id, expected, new JsonObject().put("hireLock", lock))
        .map(won -> {
          if (!won) {
            throw ClientError.conflict("hiring.error.busy");
          }
          return lock;
        });
  }

  private Future<Boolean> unlock(String candidateId, String lock) {
    return context.content().setIf(Candidates.COLLECTION, candidateId, new JsonObject().put("hireLock", lock),
        new JsonObject().put("hireLock", "")).otherwise(false);
  }

  private Future<Commands.UserCreated> createUser(CurrentUser u, JsonObject c, String teamId) {
    return context.events().request(Catalogue.CREATE_USER, new Commands.CreateUser(u.orgId(), u.userId(),
        c.getString("name"), c.getString("email"), teamId, List.of("rep")));
  }

  /**
   * The platform's refusal becomes the leader's 4xx; no answer at all becomes a 503. The reply carries
   * a message key without its arguments: the email is passed back, as the "email taken" text names it.
   */
  static Throwable translate(Throwable e, String email) {
    if (e instanceof ReplyException r && r.failureCode() >= 400 && r.failureCode() < 500) {
      String reason = r.getMessage() == null ? "" : r.getMessage();
      return MESSAGE_KEY.matcher(reason).matches()
          ? new ClientError(r.failureCode(), reason, email)
          : new ClientError(r.failureCode(), "hiring.error.account", reason);
    }
    return e instanceof ClientError ? e : new AccountsUnavailable(e);
  }

  private Future<JsonObject> finish(CurrentUser u, JsonObject c, JsonObject role, List<JsonObject> cards, String teamId,
      String lock, Commands.UserCreated created) {
    Instant now = context.clock().instant();
    JsonObject fields = new JsonObject().put("stage", "hired").put("userId", created.userId()).put("teamId", teamId)
        .put("hiredAt", now.toString()).put("hiredBy", u.userId()).put("hireLock", "");
    return context.content().setIf(Candidates.COLLECTION, c.getString("_id"), new JsonObject().put("hireLock", lock), fields)
        .map(done -> {
          if (!done) {
            // Our lock expired and someone else took over: the account exists, theirs is the hire of record.
            throw ClientError.conflict("hiring.error.busy");
          }
          context.events().publish(Catalogue.CANDIDATE_HIRED, event(u, c, role, cards, created.userId(), now));
          return c.mergeIn(fields);
        });
  }

  private Events.CandidateHired event(CurrentUser u, JsonObject c, JsonObject role, List<JsonObject> cards, String userId,
      Instant now) {
    List<Map<Area, Integer>> scores = new ArrayList<>();
    List<String> evidence = new ArrayList<>();
    for (JsonObject card : cards) {
      scores.add(Scorecards.scores(card));
      JsonObject s = card.getJsonObject("scores");
      for (Area a : Area.ALL) {
        JsonObject x = s.getJsonObject(a.key());
        evidence.add(a.key() + " " + x.getInteger("score") + "/5: " + x.getString("evidence"));
      }
    }
    Scoring.Result r = Scoring.score(Roles.ideal(role), scores);
    return new Events.CandidateHired(u.orgId(), c.getString("_id"), userId, role.getString("_id"), role.getString("name"),
        r.areas().get(Area.ROLE_FIT).mean(), r.areas().get(Area.PROVEN_ACHIEVEMENT).mean(), r.areas().get(Area.ACUMEN).mean(),
        r.areas().get(Area.CULTURE_FIT).mean(), evidence, u.userId(), now);
  }
}
