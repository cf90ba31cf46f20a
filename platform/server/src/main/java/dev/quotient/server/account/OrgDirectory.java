package dev.quotient.server.account;

import dev.quotient.api.directory.Directory;
import dev.quotient.server.mongo.Database;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** The plugins' read-only view of an organisation's people and teams, from the account store. */
public final class OrgDirectory implements Directory {

  private final Database database;
  private final AccountStore accounts;

  public OrgDirectory(Database database, AccountStore accounts) {
    this.database = database;
    this.accounts = accounts;
  }

  /**
   * The views last built from the account store's kept lists, by organisation: while the store keeps the
   * same lists (the same instances), the same views are answered, so the same lists reach the plugins too.
   * Building them again per request cost a 500-person organisation's KPI page a quarter of its time.
   */
  private record Built<T>(Object from, Object alsoFrom, T view) {}

  private final Map<String, Built<List<Person>>> builtPeople = new ConcurrentHashMap<>();
  private final Map<String, Built<List<Team>>> builtTeams = new ConcurrentHashMap<>();

  @Override
  public Future<List<Person>> people(String orgId) {
    Objects.requireNonNull(orgId, "orgId");
    Optional<List<User>> users = accounts.keptUsers(orgId);
    if (users.isPresent()) {
      Built<List<Person>> built = builtPeople.get(orgId);
      if (built == null || built.from() != users.get()) {
        built = new Built<>(users.get(), null, people(users.get()));
        builtPeople.put(orgId, built);
      }
      return Future.succeededFuture(built.view());
    }
    return database.call(() -> people(accounts.users(orgId)));
  }

  private static List<Person> people(List<User> users) {
    return users.stream().filter(User::active).map(User::person).toList();
  }

  @Override
  public Future<List<Team>> teams(String orgId) {
    Objects.requireNonNull(orgId, "orgId");
    Optional<List<User>> users = accounts.keptUsers(orgId);
    Optional<List<dev.quotient.server.account.Team>> teams = accounts.keptTeams(orgId);
    if (users.isPresent() && teams.isPresent()) {
      Built<List<Team>> built = builtTeams.get(orgId);
      if (built == null || built.from() != users.get() || built.alsoFrom() != teams.get()) {
        built = new Built<>(users.get(), teams.get(), teams(users.get(), teams.get()));
        builtTeams.put(orgId, built);
      }
      return Future.succeededFuture(built.view());
    }
    return database.call(() -> teams(accounts.users(orgId), accounts.teams(orgId)));
  }

  private static List<Team> teams(List<User> users, List<dev.quotient.server.account.Team> teams) {
    Map<String, List<String>> members = new java.util.HashMap<>();
    for (User u : users) {
      if (u.active() && u.teamId() != null) {
        members.computeIfAbsent(u.teamId(), k -> new java.util.ArrayList<>()).add(u.id());
      }
    }
    return teams.stream().map(t -> new Team(t.id(), t.name(), List.copyOf(members.getOrDefault(t.id(), List.of())),
        t.leaderIds())).toList();
  }

  // --- organisation settings ---

  @Override
  public Future<Organisation> organisation(String orgId) {
    Objects.requireNonNull(orgId, "orgId");
    return answer(accounts.keptOrganisation(orgId), () -> accounts.organisation(orgId).stream().toList(),
        org -> org.stream().findFirst().map(dev.quotient.server.account.Organisation::forPlugins).orElse(null));
  }

  /**
   * From memory on the caller's thread when the account store has it fresh; otherwise read on the
   * store's threads (a page asks the directory several times: each hop to another thread and back
   * cost more than the answer).
   */
  private <S, T> Future<T> answer(Optional<S> kept, Callable<S> read, Function<S, T> view) {
    if (kept.isPresent()) {
      return Future.succeededFuture(view.apply(kept.get()));
    }
    return database.call(() -> view.apply(read.call()));
  }
}
