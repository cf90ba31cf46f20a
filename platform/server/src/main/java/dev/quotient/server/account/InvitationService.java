package dev.quotient.server.account;

import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.Role;
import dev.quotient.server.mongo.Database;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * How a user without a password gets in: an admin (any user) or a leader (reps only) creates a
 * one-time link; whoever opens it chooses the user's password and is signed in. Failures are
 * {@link ClientError}s: 404 for an unknown link or user, 410 for a used, replaced or expired link,
 * 400 for a password the rules refuse, 403 for a leader inviting someone who is not just a rep,
 * 429 while a client keeps trying unknown links. Nothing changes on failure.
 */
public final class InvitationService {

  /** How long a link works. */
  public static final Duration VALIDITY = Duration.ofDays(7);
  /** The throttle's key for link guessing (one per client, beside the sign-in keys by e-mail). */
  private static final String THROTTLE_KEY = "invitation-link";

  /** An open invitation and the user it is for. */
  public record Opened(Invitations.Invitation invitation, User user) {}

  private final Database database;
  private final AccountStore accounts;
  private final Invitations invitations;
  private final AuditTrail audit;
  private final SignInThrottle throttle;
  private final Clock clock;

  public InvitationService(Database database, AccountStore accounts, Invitations invitations, AuditTrail audit,
      SignInThrottle throttle, Clock clock) {
    this.database = database;
    this.accounts = accounts;
    this.invitations = invitations;
    this.audit = audit;
    this.throttle = throttle;
    this.clock = clock;
  }

  /**
   * A new link for a user of the caller's organisation, revoking the user's earlier open ones. 404 for
   * users of other organisations; 403 when a caller who is not an admin invites anyone but a plain rep.
   */
  public Future<Invitations.Issued> create(CurrentUser caller, String userId, String client) {
    return database.call(() -> {
      User user = accounts.user(caller.orgId(), userId).orElseThrow(() -> ClientError.notFound("error.user.unknown"));
      if (!caller.has(Role.ADMIN) && !(caller.has(Role.LEADER) && user.roles().equals(Set.of(Role.REP)))) {
        throw ClientError.forbidden("error.invitation.forbidden");
      }
      Instant now = clock.instant();
      Invitations.Issued issued = invitations.issue(user, caller.userId(), now, now.plus(VALIDITY));
      audit.recordBlocking(new AuditTrail.Entry(user.orgId(), now, caller.userId(), "invitation.created",
          user.email(), client));
      return issued;
    });
  }

  /** The open invitation behind a link, or why it cannot be used. */
  public Future<Opened> open(String token, String client) {
    return database.call(() -> openBlocking(token, client));
  }

  /**
   * Sets the invited user's password (the platform's rules; {@code confirmation} must repeat it), marks
   * the link used and returns the user, who may now be signed in.
   */
  public Future<User> accept(String token, String password, String confirmation, String client) {
    return database.call(() -> {
      Opened opened = openBlocking(token, client);
      AccountService.requirePassword(password);
      if (!password.equals(confirmation)) {
        throw ClientError.badRequest("error.password.mismatch");
      }
      String hash = Passwords.hash(password);
      Instant now = clock.instant();
      // The atomic "use" comes first: of two concurrent posts only one sets the password.
      if (!invitations.use(opened.invitation().id(), now)) {
        throw new ClientError(410, "error.invitation.used");
      }
      User user = opened.user();
      try {
        if (!accounts.setPasswordHash(user.orgId(), user.id(), hash)) {
          throw ClientError.notFound("error.invitation.unknown");
        }
      } catch (RuntimeException e) {
        invitations.unuse(opened.invitation().id());
        throw e;
      }
      audit.recordBlocking(new AuditTrail.Entry(user.orgId(), now, user.id(), "password.set",
          user.email() + " (invitation)", client));
      return user.withPasswordHash(hash);
    });
  }

  private Opened openBlocking(String token, String client) {
    Instant now = clock.instant();
    Duration wait = throttle.waitFor(THROTTLE_KEY, client, now);
    if (!wait.isZero()) {
      throw new ClientError(429, "error.invitation.throttled", Math.max(1, wait.toSeconds()));
    }
    Invitations.Invitation invitation = invitations.find(token).orElse(null);
    User user = invitation == null ? null : accounts.user(invitation.orgId(), invitation.userId()).orElse(null);
    if (user == null) {
      throttle.failed(THROTTLE_KEY, client, now);
      throw ClientError.notFound("error.invitation.unknown");
    }
    if (invitation.usedAt() != null) {
      throw new ClientError(410, "error.invitation.used");
    }
    if (invitation.revokedAt() != null) {
      throw new ClientError(410, "error.invitation.revoked");
    }
    if (!now.isBefore(invitation.expiresAt())) {
      throw new ClientError(410, "error.invitation.expired");
    }
    return new Opened(invitation, user);
  }
}
