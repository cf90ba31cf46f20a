package dev.quotient.server.web;

import dev.quotient.api.Access;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.Role;
import dev.quotient.server.account.AccountService;
import dev.quotient.server.account.Organisation;
import dev.quotient.server.account.Team;
import dev.quotient.server.account.User;
import dev.quotient.server.plugin.PluginHost;
import dev.quotient.server.plugin.PluginStatus;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The home page: one section per role the user holds. */
public final class HomeRoutes {

  private final AccountService accounts;
  private final PluginHost plugins;
  private final PageEngine pages;
  private final UserDirectory directory;

  public HomeRoutes(AccountService accounts, PluginHost plugins, PageEngine pages, UserDirectory directory) {
    this.accounts = accounts;
    this.plugins = plugins;
    this.pages = pages;
    this.directory = directory;
  }

  public void register(RouteRegistry routes) {
    routes.add("platform", RouteRegistry.Kind.PAGE, HttpMethod.GET, "/", Access.signedIn(), this::home);
  }

  /**
   * Names listed per team on the home page; the rest are counted ("and 488 more"). A list of every rep
   * of a 500-person team was a wall nobody reads, and made the page a third as fast.
   */
  static final int NAMES_SHOWN = 12;

  private void home(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    boolean leads = user.has(Role.LEADER) || user.has(Role.ADMIN);
    // The organisation comes from the directory's cache: the authenticator has just loaded it.
    Future<Organisation> organisation = directory.member(user.userId()).map(m -> m.orElseThrow().organisation());
    Web.respond(ctx, () -> Future.all(organisation,
        leads ? accounts.teams(user) : Future.succeededFuture(List.<Team>of()),
        leads ? accounts.users(user) : Future.succeededFuture(List.<User>of())), all -> {
          Organisation org = all.resultAt(0);
          List<Team> teams = all.resultAt(1);
          List<User> users = all.resultAt(2);
          Map<String, Object> model = new HashMap<>();
          model.put("organisation", org.name());
          model.put("zone", org.zone().getId());
          model.put("now", Instant.now());
          model.put("values", org.values());
          model.put("pluginLinks", plugins.nav(ctx));
          if (leads) {
            Map<String, List<String>> members = users.stream().filter(u -> u.teamId() != null && u.roles().contains(Role.REP))
                .collect(Collectors.groupingBy(User::teamId, Collectors.mapping(User::name, Collectors.toList())));
            model.put("teams", teams.stream().map(t -> {
              List<String> reps = members.getOrDefault(t.id(), List.of());
              return Map.of("name", t.name(), "reps", reps.subList(0, Math.min(reps.size(), NAMES_SHOWN)),
                  "more", Math.max(0, reps.size() - NAMES_SHOWN), "count", reps.size());
            }).toList());
            model.put("userCount", users.size());
            model.put("plugins", plugins.statuses().stream().map(PluginStatus::toJson).map(j -> j.getMap()).toList());
          }
          pages.render(ctx, "home", "home.title", model);
        });
  }
}
