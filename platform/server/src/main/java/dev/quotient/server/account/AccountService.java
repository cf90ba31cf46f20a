package dev.quotient.server.account;

import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.Role;
import dev.quotient.server.mongo.Database;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * What users do with accounts, shared by the pages and the API: sign in, tokens, users, teams,
 * roles. Checks input, limits everything to the caller's organisation and writes the audit trail.
 * Failures are {@link ClientError}s with a message key.
 */
public final class AccountService {

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,190}\\.[^@\\s.]{1,63}");
  static final int MIN_PASSWORD = 10;
  static final int MAX_PASSWORD = 72;
  private static final int MAX_NAME = 120;

  private final Database database;
  private final AccountStore accounts;
  private final ApiTokens tokens;
  private final AuditTrail audit;
  private final SignInThrottle throttle;
  private final Clock clock;
  private final Consumer<String> userChanged;

  public AccountService(Database database, AccountStore accounts, ApiTokens tokens, AuditTrail audit,
      SignInThrottle throttle, Clock clock, Consumer<String> userChanged) {
    this.database = database;
    this.accounts = accounts;
    this.tokens = tokens;
    this.audit = audit;
    this.throttle = throttle;
    this.clock = clock;
    this.userChanged = userChanged;
  }

  /** Checks e-mail and password; 401 when wrong, 429 while throttled. Both outcomes are audited. */
  public Future<User> signIn(String email, String password, String client) {
    if (email == null || password == null || email.isBlank() || password.isEmpty()) {
      return Future.failedFuture(ClientError.badRequest("error.signin.missing"));
    }
    Duration wait = throttle.waitFor(email, client, clock.instant());
    if (!wait.isZero()) {
      return Future.failedFuture(new ClientError(429, "error.signin.throttled", Math.max(1, wait.toSeconds())));
    }
    return database.call(() -> {
      User user = accounts.userByEmail(email).orElse(null);
      boolean ok = Passwords.matches(password, user == null ? null : user.passwordHash());
      if (!ok) {
        throttle.failed(email, client, clock.instant());
        if (user != null) {
          audit.recordBlocking(new AuditTrail.Entry(user.orgId(), clock.instant(), null, "signin.failed",
              user.email(), client));
        }
        throw new ClientError(401, "error.signin.failed");
      }
      throttle.succeeded(email, client);
      audit.recordBlocking(new AuditTrail.Entry(user.orgId(), clock.instant(), user.id(), "signin", user.email(), client));
      return user;
    });
  }

  public Future<Void> signedOut(CurrentUser user, String client) {
    return audit.record(new AuditTrail.Entry(user.orgId(), clock.instant(), user.userId(), "signout", user.email(), client));
  }

  public Future<ApiTokens.IssuedToken> issueToken(String userId, String name, String client) {
    String label = requireName(name == null || name.isBlank() ? "script" : name);
    return database.call(() -> {
      User user = accounts.user(userId).orElseThrow(() -> ClientError.notFound("error.user.unknown"));
      ApiTokens.IssuedToken issued = tokens.issue(user, label, clock.instant());
      audit.recordBlocking(new AuditTrail.Entry(user.orgId(), clock.instant(), user.id(), "token.created",
          label + " (" + issued.info().id() + ")", client));
      return issued;
    });
  }

  public Future<List<ApiTokens.TokenInfo>> tokens(CurrentUser user) {
    return database.call(() -> tokens.list(user.userId()));
  }

  public Future<Void> revokeToken(CurrentUser user, String tokenId, String client) {
    return database.call(() -> {
      if (!tokens.revoke(user.userId(), tokenId)) {
        throw ClientError.notFound("error.token.unknown");
      }
      audit.recordBlocking(new AuditTrail.Entry(user.orgId(), clock.instant(), user.userId(), "token.revoked",
          tokenId, client));
      return null;
    });
  }

  /** A new user in the admin's organisation. */
  public Future<User> createUser(CurrentUser admin, String email, String name, Set<Role> roles, String teamId,
      String password, String client) {
    String cleanEmail = requireEmail(email);
    String cleanName = requireName(name);
    requirePassword(password);
    Set<Role> cleanRoles = roles == null || roles.isEmpty() ? Set.of(Role.REP) : roles;
    String team = teamId == null || teamId.isBlank() ? null : teamId;
    return database.call(() -> {
      if (team != null && accounts.team(admin.orgId(), team).isEmpty()) {
        throw ClientError.badRequest("error.team.unknown", team);
      }
      User user = accounts.createUser(new User(AccountStore.newId(), admin.orgId(), cleanEmail, cleanName,
          cleanRoles, team, null, Passwords.hash(password)));
      audit.recordBlocking(new AuditTrail.Entry(admin.orgId(), clock.instant(), admin.userId(), "user.created",
          cleanEmail + " " + roleList(cleanRoles), client));
      return user;
    });
  }

  public Future<List<User>> users(CurrentUser caller) {
    return database.call(() -> accounts.users(caller.orgId()));
  }

  public Future<List<Team>> teams(CurrentUser caller) {
    return database.call(() -> accounts.teams(caller.orgId()));
  }

  /** Replaces a user's roles; 404 for users of other organisations. An admin cannot drop their own admin role. */
  public Future<Void> setRoles(CurrentUser admin, String userId, Set<Role> roles, String client) {
    if (roles == null || roles.isEmpty()) {
      return Future.failedFuture(ClientError.badRequest("error.roles.empty"));
    }
    if (admin.userId().equals(userId) && !roles.contains(Role.ADMIN)) {
      return Future.failedFuture(ClientError.badRequest("error.roles.selfAdmin"));
    }
    return database.call(() -> {
      if (!accounts.setRoles(admin.orgId(), userId, roles)) {
        throw ClientError.notFound("error.user.unknown");
      }
      audit.recordBlocking(new AuditTrail.Entry(admin.orgId(), clock.instant(), admin.userId(), "user.roles",
          userId + " " + roleList(roles), client));
      return null;
    }).<Void>mapEmpty().onSuccess(v -> userChanged.accept(userId));
  }

  public Future<Team> createTeam(CurrentUser admin, String name, String client) {
    String clean = requireName(name);
    return database.call(() -> {
      Team team = accounts.createTeam(admin.orgId(), clean);
      audit.recordBlocking(new AuditTrail.Entry(admin.orgId(), clock.instant(), admin.userId(), "team.created",
          clean, client));
      return team;
    });
  }

  public Future<Void> setLocale(CurrentUser user, String language) {
    Locale locale = dev.quotient.server.i18n.Messages.SUPPORTED.stream()
        .filter(l -> l.getLanguage().equals(language)).findFirst()
        .orElseThrow(() -> ClientError.badRequest("error.locale.unsupported", String.valueOf(language)));
    return database.call(() -> accounts.setLocale(user.userId(), locale)).<Void>mapEmpty()
        .onSuccess(v -> userChanged.accept(user.userId()));
  }

  /** Parses role names; 400 naming the first unknown one. */
  public static Set<Role> parseRoles(List<String> names) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String n : names) {
      try {
        roles.add(Role.parse(n));
      } catch (IllegalArgumentException e) {
        throw ClientError.badRequest("error.role.unknown", n);
      }
    }
    return roles;
  }

  static String requireEmail(String email) {
    if (email == null || !EMAIL.matcher(email.trim()).matches()) {
      throw ClientError.badRequest("error.email.invalid");
    }
    return AccountStore.normaliseEmail(email);
  }

  static String requireName(String name) {
    if (name == null || name.isBlank() || name.length() > MAX_NAME) {
      throw ClientError.badRequest("error.name.invalid", MAX_NAME);
    }
    if (name.strip().startsWith("$")) {
      throw ClientError.badRequest("error.name.dollar");
    }
    return name.strip();
  }

  static void requirePassword(String password) {
    if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
      throw ClientError.badRequest("error.password.length", MIN_PASSWORD, MAX_PASSWORD);
    }
  }

  private static String roleList(Set<Role> roles) {
    return roles.stream().map(Role::key).sorted().toList().toString();
  }
}
