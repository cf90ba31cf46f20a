package dev.quotient.api.directory;

import dev.quotient.api.Role;
import io.vertx.core.Future;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The people and teams of one organisation, read-only. Plugins pass the caller's organisation
 * ({@link dev.quotient.api.CurrentUser#orgId()}); nothing of other organisations is ever returned.
 * Calls run off the event loop and complete on the caller's context; they fail only when the
 * database is unavailable. Results may be a few seconds old.
 */
public interface Directory {

  /** Everyone in the organisation, sorted by name. */
  Future<List<Person>> people(String orgId);

  /** The organisation's teams, sorted by name, each with the ids of its members. */
  Future<List<Team>> teams(String orgId);

  // --- organisation settings (read-only) ---

  /**
   * The organisation's name, time zone, language and values, or null when no organisation has this
   * id. Public pages that show one organisation's data (a credential's verification) read it by the
   * id stored with that data.
   */
  Future<Organisation> organisation(String orgId);

  /**
   * An organisation's settings.
   *
   * @param zone dates are shown in it and "today" is counted in it
   * @param values the organisation's values (ids such as {@code respect}), in the order it lists them
   */
  record Organisation(String id, String name, ZoneId zone, Locale locale, List<String> values) {
    public Organisation {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(zone, "zone");
      Objects.requireNonNull(locale, "locale");
      values = List.copyOf(values);
    }
  }

  /**
   * A user of the organisation.
   *
   * @param teamId the team, or null when the user belongs to none
   */
  record Person(String id, String name, Set<Role> roles, String teamId) {
    public Person {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
      roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
      return roles.contains(role);
    }
  }

  /** A team with the ids of its members. */
  record Team(String id, String name, List<String> memberIds) {
    public Team {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
      memberIds = List.copyOf(memberIds);
    }
  }
}
