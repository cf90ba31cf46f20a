package dev.quotient.server.web;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.quotient.api.CurrentUser;
import dev.quotient.server.account.AccountStore;
import dev.quotient.server.account.Organisation;
import dev.quotient.server.account.User;
import dev.quotient.server.i18n.Messages;
import dev.quotient.server.mongo.Database;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Users and organisations as requests need them, cached for a few seconds so that a page view does
 * not cost two database round trips. Changes made on this node invalidate at once; changes on other
 * cluster nodes show within {@link #TTL}.
 */
public final class UserDirectory {

  static final Duration TTL = Duration.ofSeconds(10);

  /** A user with their organisation. */
  public record Member(User user, Organisation organisation) {}

  private final Database database;
  private final AccountStore accounts;
  private final AsyncLoadingCache<String, Optional<Member>> members;

  public UserDirectory(Database database, AccountStore accounts) {
    this.database = database;
    this.accounts = accounts;
    this.members = Caffeine.newBuilder()
        .expireAfterWrite(TTL)
        .maximumSize(50_000)
        .buildAsync((id, executor) -> load(id));
  }

  private CompletableFuture<Optional<Member>> load(String userId) {
    // A person who left is nobody: their session and tokens stop answering (401).
    return database.call(() -> accounts.user(userId).filter(User::active)
            .flatMap(u -> accounts.organisation(u.orgId()).map(o -> new Member(u, o))))
        .toCompletionStage().toCompletableFuture();
  }

  public Future<Optional<Member>> member(String userId) {
    return Future.fromCompletionStage(members.get(userId));
  }

  /** Drops every kept member: their organisation's settings changed. */
  public void invalidateAll() {
    members.synchronous().invalidateAll();
  }

  public void invalidate(String userId) {
    members.synchronous().invalidate(userId);
  }

  /** The caller as plugins see them, in the request's language and the organisation's zone. */
  public static CurrentUser currentUser(RoutingContext ctx, Member m) {
    return new CurrentUser(m.user().id(), m.organisation().id(), m.user().email(), m.user().name(),
        m.user().roles(), Messages.resolve(ctx, m.user().locale(), m.organisation().locale()),
        m.organisation().zone());
  }
}
