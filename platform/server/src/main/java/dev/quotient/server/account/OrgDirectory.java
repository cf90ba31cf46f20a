package dev.quotient.server.account;

import dev.quotient.api.directory.Directory;
import dev.quotient.server.mongo.Database;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** The plugins' read-only view of an organisation's people and teams, from the account store. */
public final class OrgDirectory implements Directory {

  private final Database database;
  private final AccountStore accounts;

  public OrgDirectory(Database database, AccountStore accounts) {
    this.database = database;
    this.accounts = accounts;
  }

  @Override
  public Future<List<Person>> people(String orgId) {
    Objects.requireNonNull(orgId, "orgId");
    return answer(accounts.keptUsers(orgId), () -> accounts.users(orgId),
        users -> users.stream().filter(User::active).map(User::person).toList());
  }

  @Override
  public Future<List<Team>> teams(String orgId) {
    Objects.requireNonNull(orgId, "orgId");
    Optional<List<User>> users = accounts.keptUsers(orgId);
    Optional<List<dev.quotient.server.account.Team>> teams = accounts.keptTeams(orgId);
    return answer(users.isPresent() && teams.isPresent() ? Optional.of(Map.entry(users.get(), teams.get()))
        : Optional.empty(), () -> Map.entry(accounts.users(orgId), accounts.teams(orgId)), both -> {
          List<User> active = both.getKey().stream().filter(User::active).toList();
          return both.getValue().stream()
              .map(t -> new Team(t.id(), t.name(),
                  active.stream().filter(u -> t.id().equals(u.teamId())).map(User::id).toList(), t.leaderIds()))
              .toList();
        });
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
