package dev.quotient.api;

import io.vertx.ext.web.RoutingContext;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The signed-in caller of a request, with their organisation's settings.
 *
 * @param userId the user's id
 * @param orgId the organisation every query of this request is limited to
 * @param email sign-in address
 * @param name display name
 * @param roles roles held in the organisation
 * @param locale the user's language (their profile, else the organisation's)
 * @param zone the organisation's time zone: dates are shown in it
 */
public record CurrentUser(
    String userId, String orgId, String email, String name, Set<Role> roles, Locale locale, ZoneId zone) {

  /** Key under which the platform stores the caller in the {@link RoutingContext}. */
  public static final String CONTEXT_KEY = "quotient.user";

  public CurrentUser {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(name, "name");
    roles = Set.copyOf(roles);
    Objects.requireNonNull(locale, "locale");
    Objects.requireNonNull(zone, "zone");
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }

  /** The caller of this request, or null for anonymous requests on public routes. */
  public static CurrentUser of(RoutingContext ctx) {
    return ctx.get(CONTEXT_KEY);
  }
}
