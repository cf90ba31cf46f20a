package dev.quotient.server.account;

import dev.quotient.api.Role;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.bson.Document;

/**
 * A stored user. {@code locale} is null when the user has not chosen a language.
 * {@code passwordHash} never leaves the server.
 */
public record User(
    String id, String orgId, String email, String name, Set<Role> roles, String teamId, Locale locale,
    String passwordHash, Departure departure) {

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

  public User withEmail(String newEmail) {
    return new User(id, orgId, newEmail, name, roles, teamId, locale, passwordHash, departure);
  }

  public User withPasswordHash(String hash) {
    return new User(id, orgId, email, name, roles, teamId, locale, hash, departure);
  }

  /** The person as having left (or, with null, as back). */
  public User withDeparture(Departure left) {
    return new User(id, orgId, email, name, roles, teamId, locale, passwordHash, left);
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
            left.getString("reason")) : null);
  }

  Document toDocument() {
    return new Document("_id", id).append("orgId", orgId).append("email", email).append("name", name)
        .append("roles", roles.stream().map(Role::key).sorted().toList())
        .append("teamId", teamId)
        .append("locale", locale == null ? null : locale.toLanguageTag())
        .append("passwordHash", passwordHash)
        .append("departure", departure == null ? null
            : new Document("on", departure.on().toString()).append("reason", departure.reason()));
  }
}
