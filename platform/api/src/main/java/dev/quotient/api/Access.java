package dev.quotient.api;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Who may call a route. Every route declares one; there is no default.
 *
 * @param publicRoute true when anonymous callers are allowed
 * @param roles the roles allowed; empty means any signed-in user
 */
public record Access(boolean publicRoute, Set<Role> roles) {

  public Access {
    Objects.requireNonNull(roles, "roles");
    roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    if (publicRoute && !roles.isEmpty()) {
      throw new IllegalArgumentException("a public route cannot require roles");
    }
  }

  /** Anyone, signed in or not. */
  public static Access anyone() {
    return new Access(true, Set.of());
  }

  /** Any signed-in user of any role. */
  public static Access signedIn() {
    return new Access(false, Set.of());
  }

  /** Signed-in users holding at least one of these roles. */
  public static Access roles(Role first, Role... more) {
    return new Access(false, EnumSet.of(first, more));
  }

  public boolean allows(CurrentUser user) {
    if (publicRoute) {
      return true;
    }
    if (user == null) {
      return false;
    }
    return roles.isEmpty() || roles.stream().anyMatch(user.roles()::contains);
  }

  @Override
  public String toString() {
    return publicRoute ? "public" : roles.isEmpty() ? "signed-in" : "roles " + roles;
  }
}
