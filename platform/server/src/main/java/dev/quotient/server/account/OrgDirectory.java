package dev.quotient.server.account;

import dev.quotient.api.directory.Directory;
import dev.quotient.server.mongo.Database;
import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;

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
    return database.call(() -> accounts.users(orgId).stream().filter(User::active)
        .map(User::person).toList());
  }

  @Override
  public Future<List<Team>> teams(String orgId) {
    Objects.requireNonNull(orgId, "orgId");
    return database.call(() -> {
      List<User> users = accounts.users(orgId).stream().filter(User::active).toList();
      return accounts.teams(orgId).stream()
          .map(t -> new Team(t.id(), t.name(),
              users.stream().filter(u -> t.id().equals(u.teamId())).map(User::id).toList(), t.leaderIds()))
          .toList();
    });
  }

  // --- organisation settings ---

  @Override
  public Future<Organisation> organisation(String orgId) {
    Objects.requireNonNull(orgId, "orgId");
    return database.call(() -> accounts.organisation(orgId)
        .map(dev.quotient.server.account.Organisation::forPlugins).orElse(null));
  }
}
