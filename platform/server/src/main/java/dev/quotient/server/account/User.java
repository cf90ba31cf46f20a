package dev.quotient.server.account;

import dev.quotient.api.Role;
import dev.quotient.api.directory.Directory;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.bson.Document;

/**
 * A stored user. {@code locale} is null when the user has not chosen a language.
 * {@code passwordHash} never leaves the server. {@code teams} is where the user was when, oldest
 * first, ending with {@code teamId}; {@code joinedOn} is the day the user was added (null for users
 * stored before it was kept): no team move may be dated before it.
 */
public record User(
    String id, String orgId, String email, String name, Set<Role> roles, String teamId, Locale locale,
    String passwordHash, Departure departure, List<Directory.Membership> teams, LocalDate joinedOn) {

  /**
   * Why and when a person left. A departed user cannot sign in and their tokens stop; their history
   * stays.
   */
  public record Departure(java.time.LocalDate on, String reason) {
    /** The reasons turnover is counted by. */
    public static final List<String> REASONS = List.of("voluntary", "involuntary");

    public Departure {
      Objects.requireNonNull(on, "on");
      Objects.requireNonNull(reason, "reason");
    }
  }

  public User(String id, String orgId, String email, String name, Set<Role> roles, String teamId, Locale locale,
      String passwordHash) {
    this(id, orgId, email, name, roles, teamId, locale, passwordHash, null);
  }

  public User(String id, String orgId, String email, String name, Set<Role> roles, String teamId, Locale locale,
      String passwordHash, Departure departure) {
    this(id, orgId, email, name, roles, teamId, locale, passwordHash, departure,
        List.of(new Directory.Membership(teamId, null)), null);
  }

  public User withEmail(String newEmail) {
    return new User(id, orgId, newEmail, name, roles, teamId, locale, passwordHash, departure, teams, joinedOn);
  }

  public User withPasswordHash(String hash) {
    return new User(id, orgId, email, name, roles, teamId, locale, hash, departure, teams, joinedOn);
  }

  /** The person as having left (or, with null, as back). */
  public User withDeparture(Departure left) {
    return new User(id, orgId, email, name, roles, teamId, locale, passwordHash, left, teams, joinedOn);
  }

  /** The person as added on that day. */
  public User joined(LocalDate day) {
    return new User(id, orgId, email, name, roles, teamId, locale, passwordHash, departure, teams, day);
  }

  /** The person on another team from that day on. */
  public User movedTo(String team, LocalDate from) {
    List<Directory.Membership> history = new java.util.ArrayList<>(teams);
    history.add(new Directory.Membership(team, from));
    return new User(id, orgId, email, name, roles, team, locale, passwordHash, departure, history, joinedOn);
  }

  /** The first day of the user's current stretch on a team, or null when there was no move yet. */
  public LocalDate onTeamSince() {
    return teams.isEmpty() ? null : teams.get(teams.size() - 1).from();
  }

  /** What plugins see of the user. */
  public Directory.Person person() {
    return new Directory.Person(id, name, roles, teamId, teams);
  }

  /** True until the person leaves. */
  public boolean active() {
    return departure == null;
  }

  public User {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(name, "name");
    roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    teams = teams == null || teams.isEmpty() ? List.of(new Directory.Membership(teamId, null)) : List.copyOf(teams);
  }

  static User from(Document d) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String r : d.getList("roles", String.class, List.of())) {
      roles.add(Role.parse(r));
    }
    String locale = d.getString("locale");
    return new User(
        d.getString("_id"), d.getString("orgId"), d.getString("email"), d.getString("name"), roles,
        d.getString("teamId"), locale == null ? null : Locale.forLanguageTag(locale), d.getString("passwordHash"),
        d.get("departure") instanceof Document left ? new Departure(java.time.LocalDate.parse(left.getString("on")),
            left.getString("reason")) : null,
        memberships(d), d.getString("joinedOn") == null ? null : LocalDate.parse(d.getString("joinedOn")));
  }

  private static List<Directory.Membership> memberships(Document d) {
    List<Document> stored = d.getList("teams", Document.class, List.of());
    if (stored.isEmpty()) {
      return List.of(new Directory.Membership(d.getString("teamId"), null));
    }
    return stored.stream().map(m -> new Directory.Membership(m.getString("teamId"),
        m.getString("from") == null ? null : LocalDate.parse(m.getString("from")))).toList();
  }

  Document toDocument() {
    return new Document("_id", id).append("orgId", orgId).append("email", email).append("name", name)
        .append("roles", roles.stream().map(Role::key).sorted().toList())
        .append("teamId", teamId)
        .append("locale", locale == null ? null : locale.toLanguageTag())
        .append("passwordHash", passwordHash)
        .append("departure", departure == null ? null
            : new Document("on", departure.on().toString()).append("reason", departure.reason()))
        .append("teams", teams.stream().map(m -> new Document("teamId", m.teamId())
            .append("from", m.from() == null ? null : m.from().toString())).toList())
        .append("joinedOn", joinedOn == null ? null : joinedOn.toString());
  }
}
