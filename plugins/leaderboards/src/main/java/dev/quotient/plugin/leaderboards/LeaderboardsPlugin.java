package dev.quotient.plugin.leaderboards;

import dev.quotient.api.PluginContext;
import dev.quotient.api.QuotientPlugin;
import io.vertx.core.Future;
import org.pf4j.Extension;

/**
 * The leaderboards plugin: individual and team boards per period and skill ladder, kept in memory
 * as a projection of the points ledger, and contests with fair variants
 * whose winners are announced as {@code contest.won}.
 */
@Extension
public class LeaderboardsPlugin implements QuotientPlugin {

  /** How often each organisation's team membership and names are read again. */
  private static final long PEOPLE_REFRESH_MILLIS = 60_000;

  @Override
  public Future<Void> start(PluginContext context) {
    LiveBoards boards = new LiveBoards(context);
    Visibility visibility = new Visibility(context.content());
    ContestService contests = new ContestService(context, boards);
    BoardRoutes api = new BoardRoutes(context, boards, visibility, contests);
    api.register(context.routes());
    new ContestRoutes(context, contests, visibility).register(context.routes());
    new BoardPages(context, api, visibility).register(context.routes());
    context.setPeriodic(PEOPLE_REFRESH_MILLIS, t -> boards.refreshAll());
    // Someone left or came back: the boards follow at once, not at the next refresh.
    context.events().subscribe(dev.quotient.api.event.Catalogue.USER_DEPARTED, e -> boards.refreshPeople(e.orgId()));
    context.events().subscribe(dev.quotient.api.event.Catalogue.USER_RETURNED, e -> boards.refreshPeople(e.orgId()));
    context.events().subscribe(dev.quotient.api.event.Catalogue.USER_MOVED, e -> boards.moved(e.orgId())
        .onFailure(x -> context.log().warn("boards not refolded after a team move in {}", e.orgId(), x)));
    context.events().subscribe(dev.quotient.api.event.Catalogue.ORGANISATION_CHANGED, e -> boards.settingsChanged(e.orgId())
        .onFailure(x -> context.log().warn("boards not refolded after new settings of {}", e.orgId(), x)));
    // Not waiting for the boards: their reads wait, and /health says when every projection is ready.
    boards.start();
    return contests.start();
  }
}
