package dev.quotient.server.web;

import dev.quotient.api.Access;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.Role;
import dev.quotient.server.account.AccountService;
import dev.quotient.server.account.AuditTrail;
import dev.quotient.server.account.InvitationService;
import dev.quotient.server.account.Invitations;
import dev.quotient.server.account.Team;
import dev.quotient.server.account.User;
import dev.quotient.server.plugin.PluginHost;
import dev.quotient.server.plugin.PluginStatus;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Administration of the caller's organisation: users, teams, roles, plugins, audit trail. */
public final class AdminRoutes {

  private static final String OWNER = "platform";
  private static final Access ADMIN = Access.roles(Role.ADMIN);
  private static final Access LEADERS = Access.roles(Role.LEADER, Role.ADMIN);

  private final AccountService accounts;
  private final InvitationService invitations;
  private final AuditTrail audit;
  private final PluginHost plugins;
  private final PageEngine pages;

  private final dev.quotient.server.projection.ProjectionHost projections;
  private final java.time.Clock clock;

  public AdminRoutes(AccountService accounts, InvitationService invitations, AuditTrail audit, PluginHost plugins,
      dev.quotient.server.projection.ProjectionHost projections, PageEngine pages, java.time.Clock clock) {
    this.projections = projections;
    this.clock = clock;
    this.accounts = accounts;
    this.invitations = invitations;
    this.audit = audit;
    this.plugins = plugins;
    this.pages = pages;
  }

  public void register(RouteRegistry routes) {
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.GET, "/admin/users", ADMIN, this::usersPage);
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.POST, "/admin/users", ADMIN, this::createUserForm);
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.POST, "/admin/users/:id/roles", ADMIN, this::rolesForm);
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.POST, "/admin/users/:id/invitation", ADMIN,
        this::invitationForm);
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.GET, "/admin/teams", ADMIN, this::teamsPage);
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.POST, "/admin/teams", ADMIN, this::createTeamForm);
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.GET, "/admin/plugins", LEADERS, this::pluginsPage);
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.GET, "/admin/audit", ADMIN, this::auditPage);

    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.GET, "/api/plugins", LEADERS, this::apiPlugins);
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.GET, "/api/users", LEADERS, this::apiUsers);
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.POST, "/api/users", ADMIN, this::apiCreateUser);
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.PUT, "/api/users/:id/roles", ADMIN, this::apiSetRoles);
    // Leaders invite reps through the API (the users page stays admin-only).
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.POST, "/api/users/:id/invitation", LEADERS,
        this::apiCreateInvitation);
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.POST, "/admin/users/:id/deactivation", ADMIN,
        ctx -> Web.respond(ctx, () -> deactivate(ctx, Web.form(ctx, "reason"), Web.form(ctx, "date")),
            u -> Web.seeOther(ctx, "/admin/users")));
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.POST, "/admin/users/:id/email", ADMIN,
        ctx -> Web.respond(ctx, () -> accounts.changeEmail(CurrentUser.of(ctx), ctx.pathParam("id"), Web.form(ctx, "email"),
            Web.client(ctx)), u -> Web.seeOther(ctx, "/admin/users")));
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.PUT, "/api/users/:id/email", ADMIN,
        ctx -> Web.respond(ctx, () -> accounts.changeEmail(CurrentUser.of(ctx), ctx.pathParam("id"),
            Web.body(ctx).getString("email"), Web.client(ctx)), u -> Web.json(ctx, 200, userJson(u))));
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.POST, "/admin/users/:id/reactivation", ADMIN,
        ctx -> Web.respond(ctx, () -> accounts.reactivate(CurrentUser.of(ctx), ctx.pathParam("id"), Web.client(ctx)),
            u -> Web.seeOther(ctx, "/admin/users")));
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.POST, "/api/users/:id/deactivation", ADMIN,
        ctx -> Web.respond(ctx, () -> deactivate(ctx, Web.body(ctx).getString("reason"), Web.body(ctx).getString("date")),
            u -> Web.json(ctx, 200, userJson(u))));
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.DELETE, "/api/users/:id/deactivation", ADMIN,
        ctx -> Web.respond(ctx, () -> accounts.reactivate(CurrentUser.of(ctx), ctx.pathParam("id"), Web.client(ctx)),
            u -> Web.json(ctx, 200, userJson(u))));
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.POST, "/admin/teams/:id/name", ADMIN,
        ctx -> Web.respond(ctx, () -> accounts.renameTeam(CurrentUser.of(ctx), ctx.pathParam("id"), Web.form(ctx, "name"),
            Web.client(ctx)), t -> Web.seeOther(ctx, "/admin/teams")));
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.POST, "/admin/teams/:id/retirement", ADMIN,
        ctx -> Web.respond(ctx, () -> accounts.retireTeam(CurrentUser.of(ctx), ctx.pathParam("id"), Web.client(ctx)),
            v -> Web.seeOther(ctx, "/admin/teams")));
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.PUT, "/api/teams/:id", ADMIN,
        ctx -> Web.respond(ctx, () -> accounts.renameTeam(CurrentUser.of(ctx), ctx.pathParam("id"),
            Web.body(ctx).getString("name"), Web.client(ctx)),
            t -> Web.json(ctx, 200, new JsonObject().put("id", t.id()).put("name", t.name()))));
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.POST, "/api/teams/:id/retirement", ADMIN,
        ctx -> Web.respond(ctx, () -> accounts.retireTeam(CurrentUser.of(ctx), ctx.pathParam("id"), Web.client(ctx)),
            v -> ctx.response().setStatusCode(204).end()));
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.POST, "/admin/users/:id/team", ADMIN,
        ctx -> Web.respond(ctx, () -> accounts.moveUser(CurrentUser.of(ctx), ctx.pathParam("id"), Web.form(ctx, "teamId"),
            Web.form(ctx, "from"), Web.client(ctx)), u -> Web.seeOther(ctx, "/admin/users")));
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.PUT, "/api/users/:id/team", LEADERS,
        ctx -> Web.respond(ctx, () -> accounts.moveUser(CurrentUser.of(ctx), ctx.pathParam("id"),
            Web.body(ctx).getString("teamId"), Web.body(ctx).getString("from"), Web.client(ctx)),
            u -> Web.json(ctx, 200, userJson(u))));
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.POST, "/admin/teams/:id/leaders", ADMIN,
        ctx -> Web.respond(ctx, () -> accounts.setLeaders(CurrentUser.of(ctx), ctx.pathParam("id"),
            ctx.request().formAttributes().getAll("leaderIds"), Web.client(ctx)), t -> Web.seeOther(ctx, "/admin/teams")));
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.PUT, "/api/teams/:id/leaders", ADMIN,
        ctx -> Web.respond(ctx, () -> accounts.setLeaders(CurrentUser.of(ctx), ctx.pathParam("id"),
            strings(Web.body(ctx).getJsonArray("leaderIds")), Web.client(ctx)), t -> Web.json(ctx, 200, teamJson(t))));
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.GET, "/api/teams", Access.signedIn(), this::apiTeams);
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.POST, "/api/teams", ADMIN, this::apiCreateTeam);
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.GET, "/api/audit", ADMIN, this::apiAudit);
  }

  private void usersPage(RoutingContext ctx) {
    usersPage(ctx, null);
  }

  private Future<User> deactivate(RoutingContext ctx, String reason, String date) {
    return accounts.deactivate(CurrentUser.of(ctx), ctx.pathParam("id"), reason, date, Web.client(ctx));
  }

  /** The users page; {@code invited} (shown once) is the link just created, with whom it is for. */
  private void usersPage(RoutingContext ctx, Map<String, Object> invited) {
    CurrentUser admin = CurrentUser.of(ctx);
    Web.respond(ctx, () -> Future.all(accounts.users(admin), accounts.teams(admin)), all -> {
      List<User> users = all.resultAt(0);
      List<Team> teams = all.resultAt(1);
      Map<String, String> teamNames = teams.stream().collect(Collectors.toMap(Team::id, Team::name));
      Map<String, Object> model = new HashMap<>();
      model.put("users", users.stream().map(u -> {
        Map<String, Object> row = new HashMap<>();
        row.put("id", u.id());
        row.put("name", u.name());
        row.put("email", u.email());
        row.put("pending", u.passwordHash() == null && u.active());
        row.put("departure", u.departure() == null ? null : Map.of("on", u.departure().on().toString(),
            "reason", u.departure().reason()));
        row.put("team", u.teamId() == null ? "" : teamNames.getOrDefault(u.teamId(), ""));
        row.put("teamId", u.teamId() == null ? "" : u.teamId());
        row.put("roles", Arrays.stream(Role.values()).map(r -> Map.of("key", r.key(), "held", u.roles().contains(r)))
            .toList());
        return row;
      }).toList());
      model.put("teams", teams);
      model.put("roles", Arrays.stream(Role.values()).map(Role::key).toList());
      model.put("invited", invited);
      model.put("reasons", User.Departure.REASONS);
      model.put("today", java.time.LocalDate.ofInstant(clock.instant(), admin.zone()).toString());
      pages.render(ctx, "admin-users", "admin.users.title", model);
    });
  }

  private void createUserForm(RoutingContext ctx) {
    List<String> roleNames = ctx.request().formAttributes().getAll("roles");
    Web.respond(ctx, () -> accounts.createUser(CurrentUser.of(ctx), Web.form(ctx, "email"), Web.form(ctx, "name"),
        AccountService.parseRoles(roleNames), Web.form(ctx, "teamId"), Web.form(ctx, "password"), Web.client(ctx)),
        u -> Web.seeOther(ctx, "/admin/users"));
  }

  private void invitationForm(RoutingContext ctx) {
    String userId = ctx.pathParam("id");
    CurrentUser admin = CurrentUser.of(ctx);
    Web.respond(ctx, () -> invitations.create(admin, userId, Web.client(ctx)).compose(issued ->
        accounts.users(admin).map(users -> {
          Map<String, Object> invited = new HashMap<>();
          invited.put("name", users.stream().filter(u -> u.id().equals(userId)).map(User::name).findFirst().orElse(""));
          invited.put("link", Web.absolute(ctx, link(issued)));
          invited.put("expiresAt", issued.invitation().expiresAt());
          return invited;
        })), invited -> usersPage(ctx, invited));
  }

  private void rolesForm(RoutingContext ctx) {
    List<String> roleNames = ctx.request().formAttributes().getAll("roles");
    Web.respond(ctx, () -> accounts.setRoles(CurrentUser.of(ctx), ctx.pathParam("id"),
        AccountService.parseRoles(roleNames), Web.client(ctx)), v -> Web.seeOther(ctx, "/admin/users"));
  }

  private void teamsPage(RoutingContext ctx) {
    CurrentUser admin = CurrentUser.of(ctx);
    Web.respond(ctx, () -> Future.all(accounts.teams(admin), accounts.users(admin)), all -> {
      List<Team> teams = all.resultAt(0);
      List<User> users = all.resultAt(1);
      Map<String, Long> sizes = users.stream().filter(u -> u.teamId() != null && u.active())
          .collect(Collectors.groupingBy(User::teamId, Collectors.counting()));
      // who can lead: people still here with the leader or admin role
      List<User> leaders = users.stream().filter(u -> u.active()
          && (u.roles().contains(Role.LEADER) || u.roles().contains(Role.ADMIN))).toList();
      pages.render(ctx, "admin-teams", "admin.teams.title", Map.of("teams", teams.stream()
          .map(t -> Map.of("id", t.id(), "name", t.name(), "members", sizes.getOrDefault(t.id(), 0L),
              "empty", sizes.getOrDefault(t.id(), 0L) == 0,
              "leaders", leaders.stream().map(u -> Map.of("id", u.id(), "name", u.name(),
                  "leads", t.leaderIds().contains(u.id()))).toList())).toList()));
    });
  }

  private void createTeamForm(RoutingContext ctx) {
    Web.respond(ctx, () -> accounts.createTeam(CurrentUser.of(ctx), Web.form(ctx, "name"), Web.client(ctx)),
        t -> Web.seeOther(ctx, "/admin/teams"));
  }

  private void pluginsPage(RoutingContext ctx) {
    java.util.Locale locale = RequestLocale.of(ctx);
    pages.render(ctx, "admin-plugins", "admin.plugins.title", Map.of("plugins", plugins.statuses().stream()
        .map(s -> withProjections(s).put("description", plugins.description(s.id(), locale)))
        .map(JsonObject::getMap).toList()));
  }

  private void auditPage(RoutingContext ctx) {
    Web.respond(ctx, () -> audit.latest(CurrentUser.of(ctx).orgId(), 200), entries ->
        pages.render(ctx, "admin-audit", "admin.audit.title", Map.of("entries", entries)));
  }

  private void apiPlugins(RoutingContext ctx) {
    Web.json(ctx, 200, new JsonArray(plugins.statuses().stream().map(this::withProjections).toList()));
  }

  /**
   * The plugin's status with its projections: how far each has folded the logs, whether it has caught up
   * since start, how many facts its fold refused (set aside, see the log) and when it last saved.
   */
  private JsonObject withProjections(PluginStatus status) {
    String prefix = status.id() + ".";
    JsonArray list = new JsonArray();
    for (var p : projections.statuses()) {
      if (p.name().startsWith(prefix)) {
        list.add(new JsonObject().put("name", p.name().substring(prefix.length())).put("ready", p.ready())
            .put("activityPosition", p.activityPosition()).put("pointsPosition", p.pointsPosition())
            .put("setAside", p.setAside()).put("checkpointedAt",
                p.checkpointedAt() == 0 ? null : java.time.Instant.ofEpochMilli(p.checkpointedAt()).toString())
            .put("checkpointChars", p.checkpointChars()));
      }
    }
    return status.toJson().put("projections", list);
  }

  private void apiUsers(RoutingContext ctx) {
    Web.respond(ctx, () -> accounts.users(CurrentUser.of(ctx)),
        users -> Web.json(ctx, 200, new JsonArray(users.stream().map(AdminRoutes::userJson).toList())));
  }

  private void apiCreateUser(RoutingContext ctx) {
    JsonObject b = Web.body(ctx);
    Web.respond(ctx, () -> accounts.createUser(CurrentUser.of(ctx), b.getString("email"), b.getString("name"),
        AccountService.parseRoles(strings(b.getJsonArray("roles"))), b.getString("teamId"), b.getString("password"),
        Web.client(ctx)), u -> Web.json(ctx, 201, userJson(u)));
  }

  private void apiCreateInvitation(RoutingContext ctx) {
    Web.respond(ctx, () -> invitations.create(CurrentUser.of(ctx), ctx.pathParam("id"), Web.client(ctx)),
        issued -> Web.json(ctx, 201, new JsonObject().put("link", link(issued))
            .put("expiresAt", issued.invitation().expiresAt().toString())));
  }

  private static String link(Invitations.Issued issued) {
    return "/welcome/" + issued.token();
  }

  /** The link as the admin's browser reaches this site, ready to be sent to the new user. */
  private void apiSetRoles(RoutingContext ctx) {
    Set<Role> roles = AccountService.parseRoles(strings(Web.body(ctx).getJsonArray("roles")));
    Web.respond(ctx, () -> accounts.setRoles(CurrentUser.of(ctx), ctx.pathParam("id"), roles, Web.client(ctx)),
        v -> ctx.response().setStatusCode(204).end());
  }

  private void apiTeams(RoutingContext ctx) {
    Web.respond(ctx, () -> accounts.teams(CurrentUser.of(ctx)), teams -> Web.json(ctx, 200,
        new JsonArray(teams.stream().map(AdminRoutes::teamJson).toList())));
  }

  private void apiCreateTeam(RoutingContext ctx) {
    Web.respond(ctx, () -> accounts.createTeam(CurrentUser.of(ctx), Web.body(ctx).getString("name"), Web.client(ctx)),
        t -> Web.json(ctx, 201, new JsonObject().put("id", t.id()).put("name", t.name())));
  }

  private void apiAudit(RoutingContext ctx) {
    Web.respond(ctx, () -> audit.latest(CurrentUser.of(ctx).orgId(), 500), entries -> Web.json(ctx, 200,
        new JsonArray(entries.stream().map(AuditTrail.Entry::toJson).toList())));
  }

  static JsonObject userJson(User u) {
    return new JsonObject().put("id", u.id()).put("email", u.email()).put("name", u.name())
        .put("roles", new JsonArray(u.roles().stream().map(Role::key).sorted().toList())).put("teamId", u.teamId())
        // False until the user chooses a password through an invitation link.
        .put("hasPassword", u.passwordHash() != null)
        .put("departure", u.departure() == null ? null : new JsonObject().put("on", u.departure().on().toString())
            .put("reason", u.departure().reason()))
        .put("joinedOn", u.joinedOn() == null ? null : u.joinedOn().toString())
        // where the person's history counts: each stretch on a team from its first day (null: from the start)
        .put("teams", new JsonArray(u.teams().stream().map(m -> new JsonObject().put("teamId", m.teamId())
            .put("from", m.from() == null ? null : m.from().toString())).toList()));
  }

  static JsonObject teamJson(Team t) {
    return new JsonObject().put("id", t.id()).put("name", t.name()).put("leaderIds", new JsonArray(t.leaderIds()));
  }

  private static List<String> strings(JsonArray array) {
    if (array == null) {
      return List.of();
    }
    return array.stream().map(String::valueOf).collect(Collectors.toList());
  }
}
