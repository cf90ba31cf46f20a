package dev.quotient.plugin.development.profile;

import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.Role;
import dev.quotient.api.directory.Directory;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The organisation's people as profiles, plans and PIPs need them. */
public final class People {

  private final Directory directory;

  public People(Directory directory) {
    this.directory = directory;
  }

  /** Everyone of the organisation by id. */
  public Future<Map<String, Directory.Person>> all(String orgId) {
    return directory.people(orgId).map(list -> list.stream().collect(Collectors.toMap(Directory.Person::id, p -> p)));
  }

  /** A rep of the organisation, or 404 (another organisation's people, unknown ids and non-reps alike). */
  public Future<Directory.Person> rep(String orgId, String userId) {
    if (!Ids.valid(userId)) {
      return Future.failedFuture(ClientError.notFound("development.error.person.unknown"));
    }
    return directory.people(orgId).compose(list -> list.stream().filter(p -> p.id().equals(userId) && p.has(Role.REP))
        .findFirst().map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ClientError.notFound("development.error.person.unknown"))));
  }

  /** The people holding the mentor role. */
  public static List<Directory.Person> mentors(Map<String, Directory.Person> people) {
    return people.values().stream().filter(p -> p.has(Role.MENTOR)).sorted((a, b) -> a.name().compareTo(b.name())).toList();
  }

  /** Leaders and admins of the organisation see every rep's profile, plans and PIPs. */
  public static boolean manages(CurrentUser u) {
    return u.has(Role.LEADER) || u.has(Role.ADMIN);
  }

  public static String name(Map<String, Directory.Person> people, String id) {
    Directory.Person p = id == null ? null : people.get(id);
    return p == null ? "" : p.name();
  }
}
