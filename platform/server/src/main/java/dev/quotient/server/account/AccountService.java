package dev.quotient.server.account;

import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.Role;
import dev.quotient.api.event.Catalogue;
import dev.quotient.api.event.Commands;
import dev.quotient.server.event.CommandReplies;
import dev.quotient.server.mongo.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
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
  /** Where a command came from, in the audit trail's client column. */
  static final String COMMAND_CLIENT = "event bus";

  private final Database database;
  private final AccountStore accounts;
  private final ApiTokens tokens;
  private final AuditTrail audit;
  private final SignInThrottle throttle;
  private final Clock clock;
  private final Consumer<String> userChanged;
  /** Where {@code user.departed} and {@code user.returned} are published (set by the platform; none by default). */
  private volatile io.vertx.core.eventbus.EventBus events;

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

  /** Where departures and returns are announced (the event bus, cluster-wide). */
  public void announceOn(io.vertx.core.eventbus.EventBus bus) {
    this.events = java.util.Objects.requireNonNull(bus, "bus");
  }

  private <T extends Record> void announce(dev.quotient.api.event.EventType<T> type, T event) {
    if (events != null) {
      events.publish(type.address(), event);
    }
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
      // A person who left signs in no more; they are told what a wrong password is told.
      boolean ok = Passwords.matches(password, user == null ? null : user.passwordHash()) && user.active();
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

  /**
   * A new user in the admin's organisation, who signs in with {@code password}; without one (null or
   * empty) they get in through an invitation ({@link InvitationService}).
   */
  public Future<User> createUser(CurrentUser admin, String email, String name, Set<Role> roles, String teamId,
      String password, String client) {
    String chosen = password == null || password.isEmpty() ? null : password;
    if (chosen != null) {
      requirePassword(chosen);
    }
    return create(admin.orgId(), email, name, roles, teamId, chosen, client, () -> admin.userId());
  }

  /**
   * The {@code user.create} command: a new user without a password (they cannot sign in until one is
   * set; an admin or a token acts for them meanwhile). {@code actorId} must be a member of the
   * organisation: an admin creates any roles, a leader only reps; 403 otherwise, 400 for a bad e-mail,
   * name, role or team, 409 for a taken e-mail. Nothing is created on failure.
   */
  public Future<Commands.UserCreated> createUser(Commands.CreateUser command) {
    Set<Role> roles = parseRoles(command.roles());
    return create(command.orgId(), command.email(), command.name(), roles, command.teamId(), null, COMMAND_CLIENT,
        () -> {
          User actor = accounts.user(command.orgId(), command.actorId())
              .orElseThrow(() -> ClientError.forbidden("error.user.createNotMember"));
          boolean onlyReps = roles.isEmpty() || roles.equals(Set.of(Role.REP));
          if (!actor.roles().contains(Role.ADMIN) && !(actor.roles().contains(Role.LEADER) && onlyReps)) {
            throw ClientError.forbidden("error.user.createForbidden");
          }
          return actor.id();
        }).map(u -> new Commands.UserCreated(u.orgId(), u.id(), u.email()));
  }

  /**
   * Answers {@link Catalogue#CREATE_USER} on this node's event bus. A refusal is a reply failure with
   * the HTTP status as its code and the message key as its message.
   */
  public MessageConsumer<Commands.CreateUser> handleCommands(Vertx vertx) {
    return CommandReplies.answer(vertx, Catalogue.CREATE_USER.address(), this::createUser);
  }

  /**
   * The one way users are created: checks the input, then on a worker asks {@code authorise} (blocking;
   * returns the actor's id or throws) before the team check, the insert and the audit entry.
   * {@code password} null creates a user without one.
   */
  private Future<User> create(String orgId, String email, String name, Set<Role> roles, String teamId,
      String password, String client, Supplier<String> authorise) {
    String cleanEmail = requireEmail(email);
    String cleanName = requireName(name);
    Set<Role> cleanRoles = roles == null || roles.isEmpty() ? Set.of(Role.REP) : roles;
    String team = teamId == null || teamId.isBlank() ? null : teamId;
    return database.call(() -> {
      String actorId = authorise.get();
      if (team != null && accounts.team(orgId, team).isEmpty()) {
        throw ClientError.badRequest("error.team.unknown", team);
      }
      java.time.ZoneId zone = accounts.organisation(orgId).map(Organisation::zone).orElse(java.time.ZoneOffset.UTC);
      User user = accounts.createUser(new User(AccountStore.newId(), orgId, cleanEmail, cleanName,
          cleanRoles, team, null, password == null ? null : Passwords.hash(password))
          .joined(java.time.LocalDate.ofInstant(clock.instant(), zone)));
      audit.recordBlocking(new AuditTrail.Entry(orgId, clock.instant(), actorId, "user.created",
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

  /**
   * Records that a person left (admins): from then on they cannot sign in, their tokens and sessions
   * stop, and they leave the people plugins see; their history stays. 400 for an unknown reason or a
   * date ahead of today, 404 for a user of another organisation, 409 when they left already or are the
   * last admin still here.
   */
  public Future<User> deactivate(CurrentUser admin, String userId, String reason, String date, String client) {
    if (reason == null || !User.Departure.REASONS.contains(reason)) {
      return Future.failedFuture(ClientError.badRequest("error.departure.reason", String.valueOf(reason),
          String.join(", ", User.Departure.REASONS)));
    }
    java.time.LocalDate on;
    try {
      on = java.time.LocalDate.parse(date == null ? "" : date.strip());
    } catch (java.time.format.DateTimeParseException e) {
      return Future.failedFuture(ClientError.badRequest("error.departure.date", String.valueOf(date)));
    }
    if (on.isAfter(java.time.LocalDate.ofInstant(clock.instant(), admin.zone()))) {
      return Future.failedFuture(ClientError.badRequest("error.departure.future", on));
    }
    return database.call(() -> {
      User user = accounts.user(admin.orgId(), userId).orElseThrow(() -> ClientError.notFound("error.user.unknown"));
      if (!user.active()) {
        throw ClientError.conflict("error.departure.already", user.name());
      }
      if (user.roles().contains(Role.ADMIN) && accounts.users(admin.orgId()).stream()
          .filter(u -> u.active() && u.roles().contains(Role.ADMIN)).count() <= 1) {
        throw ClientError.conflict("error.departure.lastAdmin");
      }
      User.Departure departure = new User.Departure(on, reason);
      accounts.setDeparture(admin.orgId(), userId, departure);
      // Their tokens go for good: coming back means new ones, not what a leaver's scripts still hold.
      tokens.revokeAll(userId);
      audit.recordBlocking(new AuditTrail.Entry(admin.orgId(), clock.instant(), admin.userId(), "user.deactivated",
          user.email() + " (" + reason + ", " + on + ")", client));
      return user.withDeparture(departure);
    }).onSuccess(u -> {
      userChanged.accept(userId);
      announce(dev.quotient.api.event.Catalogue.USER_DEPARTED, new dev.quotient.api.event.Events.UserDeparted(u.orgId(), u.id(), u.departure().on().toString(),
          u.departure().reason(), admin.userId(), clock.instant()));
    });
  }

  /** Brings a person who left back (admins): they sign in again with their password. 409 when still here. */
  public Future<User> reactivate(CurrentUser admin, String userId, String client) {
    return database.call(() -> {
      User user = accounts.user(admin.orgId(), userId).orElseThrow(() -> ClientError.notFound("error.user.unknown"));
      if (user.active()) {
        throw ClientError.conflict("error.departure.notLeft", user.name());
      }
      accounts.setDeparture(admin.orgId(), userId, null);
      audit.recordBlocking(new AuditTrail.Entry(admin.orgId(), clock.instant(), admin.userId(), "user.reactivated",
          user.email(), client));
      return user.withDeparture(null);
    }).onSuccess(u -> {
      userChanged.accept(userId);
      announce(dev.quotient.api.event.Catalogue.USER_RETURNED,
          new dev.quotient.api.event.Events.UserReturned(u.orgId(), u.id(), clock.instant()));
    });
  }

  /**
   * Changes a person's e-mail, with which they sign in (admins): 400 for an invalid address, 404 for a
   * user of another organisation, 409 when someone already has it. Their password and tokens stay.
   */
  public Future<User> changeEmail(CurrentUser admin, String userId, String email, String client) {
    String clean;
    try {
      clean = requireEmail(email);
    } catch (ClientError e) {
      return Future.failedFuture(e);
    }
    return database.call(() -> {
      User user = accounts.user(admin.orgId(), userId).orElseThrow(() -> ClientError.notFound("error.user.unknown"));
      if (user.email().equals(clean)) {
        return user;
      }
      if (!accounts.setEmail(admin.orgId(), userId, clean)) {
        throw ClientError.notFound("error.user.unknown");
      }
      audit.recordBlocking(new AuditTrail.Entry(admin.orgId(), clock.instant(), admin.userId(), "user.email",
          user.email() + " → " + clean, client));
      return user.withEmail(clean);
    }).onSuccess(u -> userChanged.accept(userId));
  }

  /**
   * Moves a person to another team (or none, with a null team) as of a day (admins and leaders): what
   * they earn from that day counts for the new team, what came before stays with the old one. 400 for
   * an unknown team, a day that is not a date, ahead of today, before the person joined or before their
   * last move, or their own team; 404 for a user of another organisation; 409 when they left or were
   * moved meanwhile.
   */
  public Future<User> moveUser(CurrentUser leader, String userId, String teamId, String day, String client) {
    java.time.LocalDate from;
    try {
      from = java.time.LocalDate.parse(day == null ? "" : day.strip());
    } catch (java.time.format.DateTimeParseException e) {
      return Future.failedFuture(ClientError.badRequest("error.move.date", String.valueOf(day)));
    }
    if (from.isAfter(java.time.LocalDate.ofInstant(clock.instant(), leader.zone()))) {
      return Future.failedFuture(ClientError.badRequest("error.move.future", from));
    }
    String team = teamId == null || teamId.isBlank() ? null : teamId;
    return database.call(() -> {
      User user = accounts.user(leader.orgId(), userId).orElseThrow(() -> ClientError.notFound("error.user.unknown"));
      if (!user.active()) {
        throw ClientError.conflict("error.move.left", user.name());
      }
      if (team != null && accounts.team(leader.orgId(), team).isEmpty()) {
        throw ClientError.badRequest("error.team.unknown", team);
      }
      if (java.util.Objects.equals(team, user.teamId())) {
        throw ClientError.badRequest("error.move.same", user.name());
      }
      if (user.joinedOn() != null && from.isBefore(user.joinedOn())) {
        throw ClientError.badRequest("error.move.beforeJoined", from, user.joinedOn());
      }
      java.time.LocalDate since = user.onTeamSince();
      if (since != null && !from.isAfter(since)) {
        throw ClientError.badRequest("error.move.beforeLast", from, since);
      }
      User moved = user.movedTo(team, from);
      if (!accounts.moveUser(user, moved)) {
        throw ClientError.conflict("error.move.changed", user.name());
      }
      audit.recordBlocking(new AuditTrail.Entry(leader.orgId(), clock.instant(), leader.userId(), "user.moved",
          user.email() + " " + user.teamId() + " → " + team + " (" + from + ")", client));
      return moved;
    }).onSuccess(u -> {
      userChanged.accept(userId);
      announce(Catalogue.USER_MOVED, new dev.quotient.api.event.Events.UserMoved(u.orgId(), u.id(),
          u.teams().get(u.teams().size() - 2).teamId(), u.teamId(), from.toString(), leader.userId(), clock.instant()));
    });
  }

  /**
   * Gives a team its leaders (admins): people of the organisation with the leader or admin role. 400
   * for anyone else, 404 for no such team in use.
   */
  public Future<Team> setLeaders(CurrentUser admin, String teamId, List<String> leaderIds, String client) {
    List<String> ids = leaderIds == null ? List.of() : leaderIds.stream().distinct().toList();
    return database.call(() -> {
      Team team = accounts.team(admin.orgId(), teamId).orElseThrow(() -> ClientError.notFound("error.team.unknown", teamId));
      java.util.Map<String, User> people = new java.util.HashMap<>();
      accounts.users(admin.orgId()).forEach(u -> people.put(u.id(), u));
      for (String id : ids) {
        User u = people.get(id);
        if (u == null || !u.active() || !(u.roles().contains(Role.LEADER) || u.roles().contains(Role.ADMIN))) {
          throw ClientError.badRequest("error.team.leader", id);
        }
      }
      if (!accounts.setLeaders(admin.orgId(), teamId, ids)) {
        throw ClientError.notFound("error.team.unknown", teamId);
      }
      audit.recordBlocking(new AuditTrail.Entry(admin.orgId(), clock.instant(), admin.userId(), "team.leaders",
          team.name() + ": " + ids.stream().map(id -> people.get(id).email()).toList(), client));
      return new Team(team.id(), team.orgId(), team.name(), ids);
    });
  }

  /** Renames a team (admins): 400 for a bad name, 404 for no such team in use, 409 for a name taken. */
  public Future<Team> renameTeam(CurrentUser admin, String teamId, String name, String client) {
    String clean;
    try {
      clean = requireName(name);
    } catch (ClientError e) {
      return Future.failedFuture(e);
    }
    return database.call(() -> {
      Team before = accounts.team(admin.orgId(), teamId).orElseThrow(() -> ClientError.notFound("error.team.unknown", teamId));
      if (!accounts.renameTeam(admin.orgId(), teamId, clean)) {
        throw ClientError.notFound("error.team.unknown", teamId);
      }
      audit.recordBlocking(new AuditTrail.Entry(admin.orgId(), clock.instant(), admin.userId(), "team.renamed",
          before.name() + " → " + clean, client));
      return new Team(teamId, admin.orgId(), clean, before.leaderIds());
    });
  }

  /**
   * Retires a team (admins): it takes no new members and leaves every list; what was earned in it stays.
   * 409 while people still belong to it (move them first).
   */
  public Future<Void> retireTeam(CurrentUser admin, String teamId, String client) {
    return database.call(() -> {
      Team team = accounts.team(admin.orgId(), teamId).orElseThrow(() -> ClientError.notFound("error.team.unknown", teamId));
      long members = accounts.users(admin.orgId()).stream().filter(u -> u.active() && teamId.equals(u.teamId())).count();
      if (members > 0) {
        throw ClientError.conflict("error.team.notEmpty", team.name(), members);
      }
      if (!accounts.retireTeam(admin.orgId(), teamId, clock.instant())) {
        throw ClientError.notFound("error.team.unknown", teamId);
      }
      audit.recordBlocking(new AuditTrail.Entry(admin.orgId(), clock.instant(), admin.userId(), "team.retired",
          team.name(), client));
      return null;
    });
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
