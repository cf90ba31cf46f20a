package dev.quotient.server.web;

import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.server.account.ApiTokens;
import dev.quotient.server.mongo.Database;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import java.util.Optional;

/**
 * Finds out who is asking: a bearer token ({@code Authorization: Bearer qt_...}) or the session of a
 * signed-in browser. Stores the caller in the context ({@link CurrentUser#CONTEXT_KEY}) and the
 * request's language; leaves anonymous requests anonymous (routes decide what they allow). A
 * malformed or unknown token is refused at once with 401.
 */
public final class Authenticator {

  public static final String SESSION_USER = "userId";
  /** Set when the caller authenticated with a bearer token: such requests need no CSRF token. */
  public static final String VIA_TOKEN = "quotient.viaToken";
  /** Set when the caller holds the operator's token (from configuration): no user, no organisation. */
  public static final String OPERATOR = "quotient.operator";

  private final Database database;
  private final ApiTokens tokens;
  private final UserDirectory users;
  private final Problems problems;

  /** The SHA-256 of the operator's token, or null when none is configured. */
  private final byte[] operatorHash;

  public Authenticator(Database database, ApiTokens tokens, UserDirectory users, Problems problems,
      String operatorToken) {
    this.operatorHash = operatorToken == null ? null : sha256(operatorToken);
    this.database = database;
    this.tokens = tokens;
    this.users = users;
    this.problems = problems;
  }

  public void handle(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    if (authorization != null) {
      if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.length() > 200) {
        refuse(ctx);
        return;
      }
      String secret = authorization.substring(7).trim();
      if (operatorHash != null && java.security.MessageDigest.isEqual(operatorHash, sha256(secret))) {
        ctx.put(OPERATOR, true);
        ctx.put(VIA_TOKEN, true);
        ctx.put(RequestLocale.KEY, RequestLocale.of(ctx));
        ctx.next();
        return;
      }
      database.call(() -> tokens.userIdFor(secret))
          .compose(id -> id.isPresent() ? users.member(id.get()) : Future.succeededFuture(Optional.empty()))
          .onSuccess(member -> {
            if (member.isEmpty()) {
              refuse(ctx);
            } else {
              ctx.put(VIA_TOKEN, true);
              signIn(ctx, member.get());
            }
          })
          .onFailure(ctx::fail);
      return;
    }
    Session session = ctx.session();
    String userId = session == null ? null : session.get(SESSION_USER);
    if (userId == null) {
      ctx.put(RequestLocale.KEY, RequestLocale.of(ctx));
      ctx.next();
      return;
    }
    users.member(userId).onSuccess(member -> {
      if (member.isEmpty()) {
        session.destroy();
        ctx.put(RequestLocale.KEY, RequestLocale.of(ctx));
        ctx.next();
      } else {
        signIn(ctx, member.get());
      }
    }).onFailure(ctx::fail);
  }

  private void signIn(RoutingContext ctx, UserDirectory.Member member) {
    CurrentUser user = UserDirectory.currentUser(ctx, member);
    ctx.put(CurrentUser.CONTEXT_KEY, user);
    ctx.put(RequestLocale.KEY, user.locale());
    ctx.next();
  }

  private static byte[] sha256(String secret) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256")
          .digest(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void refuse(RoutingContext ctx) {
    ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    problems.send(ctx, new ClientError(401, "error.token.invalid"));
  }
}
