package dev.quotient.plugin.leaderboards;

import dev.quotient.api.Access;
import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.web.PluginRoutes;
import dev.quotient.plugin.leaderboards.Visibility.Choice;
import dev.quotient.plugin.leaderboards.engine.OrgBoards;
import dev.quotient.plugin.leaderboards.engine.Period;
import dev.quotient.plugin.leaderboards.engine.Scope;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Boards over HTTP: the JSON read ({@code /api/leaderboards/board}), the live stream of a board or a
 * contest as server-sent events, each viewer's visibility choice, and the script the pages use.
 */
final class BoardRoutes {

  /** How long the stream waits after a change before sending, so a burst of credits is one update. */
  private static final long SETTLE_MILLIS = 150;
  private static final long HEARTBEAT_MILLIS = 15_000;

  private final PluginContext context;
  private final LiveBoards boards;
  private final Visibility visibility;
  private final ContestService contests;
  /** Open streams by organisation (boards) or contest id. */
  private final Map<String, Set<Runnable>> streams = new ConcurrentHashMap<>();
  private final String script;

  BoardRoutes(PluginContext context, LiveBoards boards, Visibility visibility, ContestService contests) {
    this.context = context;
    this.boards = boards;
    this.visibility = visibility;
    this.contests = contests;
    this.script = resource("leaderboards/live.js");
    boards.onCredit((orgId, c) -> notify(orgId));
    contests.onChange(this::notify);
  }

  void register(PluginRoutes routes) {
    routes.api(HttpMethod.GET, "/board", Access.signedIn(), ctx -> {
      CurrentUser u = CurrentUser.of(ctx);
      BoardQuery q = BoardQuery.parse(ctx.queryParams());
      json(ctx, view(u, q));
    });
    routes.api(HttpMethod.GET, "/stream", Access.signedIn(), ctx -> {
      CurrentUser u = CurrentUser.of(ctx);
      String contest = ctx.queryParams().get("contest");
      if (contest != null) {
        contests.standings(u.orgId(), contest).onSuccess(first -> stream(ctx, contest,
            () -> contests.standings(u.orgId(), contest).compose(s -> visibility.choices(u.orgId())
                .map(choices -> ContestService.view(s, Visibility.Audience.of(u, false, choices))))))
            .onFailure(ctx::fail);
      } else {
        BoardQuery q = BoardQuery.parse(ctx.queryParams());
        stream(ctx, u.orgId(), () -> view(u, q));
      }
    });
    routes.api(HttpMethod.GET, "/visibility", Access.signedIn(), ctx -> {
      CurrentUser u = CurrentUser.of(ctx);
      json(ctx, visibility.choices(u.orgId()).map(all -> new JsonObject()
          .put("visibility", all.getOrDefault(u.userId(), Choice.SHOWN).key())));
    });
    routes.api(HttpMethod.PUT, "/visibility", Access.signedIn(), ctx -> {
      CurrentUser u = CurrentUser.of(ctx);
      String v = String.valueOf(PluginRoutes.jsonBody(ctx).getValue("visibility"));
      Choice choice = Choice.parse(v).orElseThrow(() -> ClientError.badRequest("leaderboards.error.visibility", v));
      json(ctx, visibility.set(u.orgId(), u.userId(), choice).map(x -> new JsonObject().put("visibility", choice.key())));
    });
    routes.page(HttpMethod.GET, "/live.js", Access.signedIn(), ctx -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/javascript; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "private, max-age=300").end(script));
  }

  /** The board as the viewer may see it (on a wall screen, as every rep may see it). */
  Future<JsonObject> view(CurrentUser u, BoardQuery q) {
    return boards.org(u.orgId()).compose(org -> visibility.choices(u.orgId()).map(choices -> {
      Visibility.Audience audience = Visibility.Audience.of(u, q.wall(), choices);
      LocalDate today = boards.today(org);
      String viewer = q.wall() ? null : q.scope() == Scope.TEAM ? org.teamOf().get(u.userId()) : u.userId();
      OrgBoards.View v = org.boards().view(q.scope(), q.ladder(), q.period(), q.back(), today, q.top(), viewer,
          q.around(), id -> q.scope() == Scope.TEAM || org.members().contains(id) && !audience.hides(id));
      LocalDate start = v.key().start();
      LocalDate end = q.period().end(start);
      JsonObject out = new JsonObject().put("scope", q.scope().key()).put("ladder", q.ladder().key())
          .put("period", q.period().key()).put("back", q.back()).put("zone", org.settings().zone().getId())
          .put("start", q.period() == Period.ALL ? null : start.toString())
          .put("end", end == null ? null : end.minusDays(1).toString()).put("size", v.size())
          .put("ready", boards.ready()).put("wall", q.wall());
      JsonArray top = new JsonArray();
      v.top().forEach(s -> top.add(line(s, audience, q.scope(), org.names())));
      out.put("top", top);
      out.put("me", v.me() == null ? null : line(v.me(), audience, q.scope(), org.names()));
      JsonArray around = new JsonArray();
      v.around().forEach(s -> around.add(line(s, audience, q.scope(), org.names())));
      return out.put("around", around);
    }));
  }

  private static JsonObject line(OrgBoards.Standing s, Visibility.Audience audience, Scope scope,
      Map<String, String> names) {
    boolean individual = scope == Scope.INDIVIDUAL;
    boolean you = individual && audience.isViewer(s.id());
    boolean anonymous = individual && audience.anonymises(s.id());
    JsonObject line = new JsonObject().put("rank", s.rank()).put("score", s.score()).put("you", you)
        .put("anonymous", anonymous);
    if (!anonymous) {
      line.put("id", s.id()).put("name", names.getOrDefault(s.id(), s.id()));
    }
    if (audience.showsChoices() && individual && audience.choices().containsKey(s.id())) {
      line.put("visibility", audience.choices().get(s.id()).key());
    }
    return line;
  }

  /**
   * Server-sent events: the current state first, then a new state within {@link #SETTLE_MILLIS} of
   * each change under {@code key} (an organisation or a contest), and a comment as a heartbeat.
   */
  private void stream(RoutingContext ctx, String key, Supplier<Future<JsonObject>> state) {
    HttpServerResponse r = ctx.response();
    r.setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        // A compressed stream would sit in the compressor's buffer instead of reaching the page.
        .putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY);
    boolean[] pending = {false};
    Runnable send = () -> state.get().onSuccess(json -> {
      if (!r.closed() && !r.ended()) {
        r.write("event: update\ndata: " + json.encode() + "\n\n");
      }
    });
    Runnable changed = () -> {
      if (!pending[0]) {
        pending[0] = true;
        context.setTimer(SETTLE_MILLIS, t -> {
          pending[0] = false;
          send.run();
        });
      }
    };
    Set<Runnable> set = streams.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet());
    set.add(changed);
    long heartbeat = context.setPeriodic(HEARTBEAT_MILLIS, t -> {
      if (!r.closed()) {
        r.write(": keep-alive\n\n");
      }
    });
    r.closeHandler(v -> {
      set.remove(changed);
      context.cancelTimer(heartbeat);
    });
    r.write("retry: 2000\n\n");
    send.run();
  }

  private void notify(String key) {
    Set<Runnable> set = streams.get(key);
    if (set != null) {
      set.forEach(Runnable::run);
    }
  }

  static void json(RoutingContext ctx, Future<JsonObject> body) {
    body.onSuccess(json -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(json.encode())).onFailure(ctx::fail);
  }

  private static String resource(String path) {
    try (InputStream in = BoardRoutes.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
