package dev.quotient.server.account;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.quotient.api.ClientError;
import dev.quotient.api.Role;
import dev.quotient.server.mongo.Database;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.Set;
import org.bson.Document;

/**
 * The first organisation and its first administrator, on an installation that has none (and no demo).
 * The way Jenkins and Grafana hand the first administrator in: the start prints a one-time link whose
 * token is kept only as a hash; whoever opens it names the organisation and the administrator, who is
 * then signed in. Once an organisation exists the link is gone (404), and so is the way to it. Scripted
 * installs give the same answers in the configuration instead ({@link #createBlocking} at start).
 */
public final class FirstRun {

  static final String COLLECTION = "setup";
  private static final String ID = "first-run";
  /** The throttle's key for guessing links, per client, as for invitations. */
  private static final String THROTTLE_KEY = "setup-link";
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * What the setup asks for, as typed.
   *
   * @param values the company values praise is tied to, one a line
   */
  public record Answers(String organisation, String zone, String locale, String currency, String values,
      String adminName, String adminEmail, String password, String confirmation) {
    /** Without the password. */
    @Override
    public String toString() {
      return "Answers[organisation=" + organisation + ", adminEmail=" + adminEmail + "]";
    }
  }

  private final Database database;
  private final MongoCollection<Document> setup;
  private final AccountStore accounts;
  private final AuditTrail audit;
  private final SignInThrottle throttle;
  private final Clock clock;

  public FirstRun(Database database, AccountStore accounts, AuditTrail audit, SignInThrottle throttle, Clock clock) {
    this.database = database;
    this.setup = database.collection(COLLECTION);
    this.accounts = accounts;
    this.audit = audit;
    this.throttle = throttle;
    this.clock = clock;
  }

  /**
   * At start (blocking): null when an organisation exists (any open link is removed); otherwise a new
   * link's token, replacing the link of an earlier start that was never used (only its hash was kept,
   * so it could not be shown again).
   */
  public String prepare() {
    if (accounts.anyOrganisation()) {
      setup.deleteOne(Filters.eq("_id", ID));
      return null;
    }
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    setup.replaceOne(Filters.eq("_id", ID), new Document("_id", ID).append("hash", hash(token))
        .append("createdAt", Date.from(clock.instant())), new ReplaceOptions().upsert(true));
    return token;
  }

  /** 404 unless the token is the open link's, 429 while the client keeps guessing. */
  public Future<Void> check(String token, String client) {
    return database.call(() -> {
      checkBlocking(token, client);
      return null;
    });
  }

  /**
   * Creates the organisation and its administrator from the answers and closes the link; returns the
   * administrator, to be signed in. 400 for an answer the rules refuse (nothing stored), 404 for a wrong
   * or used link.
   */
  public Future<User> complete(String token, Answers answers, String client) {
    return database.call(() -> {
      checkBlocking(token, client);
      Checked checked = check(answers);
      // The link is used before anything is created: of two concurrent posts only one goes on.
      Document open = setup.findOneAndDelete(Filters.and(Filters.eq("_id", ID), Filters.eq("hash", hash(token))));
      if (open == null) {
        throw ClientError.notFound("error.setup.unknown");
      }
      try {
        return create(checked, client);
      } catch (RuntimeException e) {
        setup.insertOne(open);
        throw e;
      }
    });
  }

  /**
   * Creates the organisation and administrator from configuration when none exists (blocking, at
   * start); false when one exists. Answers the rules refuse fail the start with the reason.
   */
  public boolean createBlocking(Answers answers) {
    if (accounts.anyOrganisation()) {
      return false;
    }
    create(check(answers), "configuration");
    setup.deleteOne(Filters.eq("_id", ID));
    return true;
  }

  private void checkBlocking(String token, String client) {
    Instant now = clock.instant();
    Duration wait = throttle.waitFor(THROTTLE_KEY, client, now);
    if (!wait.isZero()) {
      throw new ClientError(429, "error.setup.throttled", Math.max(1, wait.toSeconds()));
    }
    Document open = setup.find(Filters.eq("_id", ID)).first();
    if (open == null || token == null || !MessageDigest.isEqual(
        open.getString("hash").getBytes(StandardCharsets.US_ASCII), hash(token).getBytes(StandardCharsets.US_ASCII))) {
      throttle.failed(THROTTLE_KEY, client, now);
      throw ClientError.notFound("error.setup.unknown");
    }
  }

  /** Answers that passed every rule. */
  record Checked(Organisation org, String adminName, String adminEmail, String passwordHash) {}

  /** Every rule, before anything is written; the first answer refused is the 400's message. */
  static Checked check(Answers a) {
    Organisation org = OrganisationSettings.checked(AccountStore.newId(), a.organisation(), a.zone(), a.locale(),
        a.currency(), OrganisationSettings.lines(a.values()));
    String adminName = AccountService.requireName(a.adminName());
    String email = AccountService.requireEmail(a.adminEmail());
    AccountService.requirePassword(a.password());
    if (!a.password().equals(a.confirmation())) {
      throw ClientError.badRequest("error.password.mismatch");
    }
    return new Checked(org, adminName, email, Passwords.hash(a.password()));
  }

  private User create(Checked c, String client) {
    Organisation org = accounts.createOrganisation(c.org());
    User admin = accounts.createUser(new User(AccountStore.newId(), org.id(), c.adminEmail(), c.adminName(),
        Set.of(Role.ADMIN), null, org.locale(), c.passwordHash()));
    Instant now = clock.instant();
    audit.recordBlocking(new AuditTrail.Entry(org.id(), now, admin.id(), "organisation.created", org.name(), client));
    audit.recordBlocking(new AuditTrail.Entry(org.id(), now, admin.id(), "user.created",
        admin.email() + " [admin]", client));
    return admin;
  }

  static String hash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
