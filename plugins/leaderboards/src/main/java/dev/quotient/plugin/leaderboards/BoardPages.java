package dev.quotient.plugin.leaderboards;

import dev.quotient.api.Access;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.web.PluginRoutes;
import dev.quotient.plugin.leaderboards.Visibility.Choice;
import dev.quotient.plugin.leaderboards.engine.Ladder;
import dev.quotient.plugin.leaderboards.engine.Period;
import dev.quotient.plugin.leaderboards.engine.Scope;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The board page ({@code /leaderboards}) with its live updates, the full-screen TV mode
 * ({@code /leaderboards/tv}) for the sales floor, and each rep's visibility choice.
 */
final class BoardPages {

  private final PluginContext context;
  private final BoardRoutes api;
  private final Visibility visibility;

  BoardPages(PluginContext context, BoardRoutes api, Visibility visibility) {
    this.context = context;
    this.api = api;
    this.visibility = visibility;
  }

  void register(PluginRoutes routes) {
    routes.page(HttpMethod.GET, "/", Access.signedIn(),
        ctx -> board(ctx, BoardQuery.parse(ctx.queryParams()), "home", "leaderboards.title"));
    // The TV screen hangs where the whole floor sees it: it shows people as they chose, whoever opened it.
    routes.page(HttpMethod.GET, "/tv", Access.signedIn(),
        ctx -> board(ctx, BoardQuery.parse(ctx.queryParams()).onWall(), "tv", "leaderboards.tv.title"));
    routes.page(HttpMethod.POST, "/visibility", Access.signedIn(), ctx -> {
      CurrentUser u = CurrentUser.of(ctx);
      String v = ctx.request().formAttributes().get("visibility");
      Choice choice = Choice.parse(v).orElseThrow(
          () -> dev.quotient.api.ClientError.badRequest("leaderboards.error.visibility", String.valueOf(v)));
      visibility.set(u.orgId(), u.userId(), choice).onSuccess(x -> ctx.response().setStatusCode(303)
          .putHeader("Location", "/leaderboards?saved=1").end()).onFailure(ctx::fail);
    });
  }

  private void board(RoutingContext ctx, BoardQuery q, String template, String titleKey) {
    CurrentUser u = CurrentUser.of(ctx);
    api.view(u, q).compose(view -> visibility.choices(u.orgId()).map(choices -> {
      Map<String, Object> model = new HashMap<>();
      long max = view.getJsonArray("top").stream().mapToLong(o -> ((JsonObject) o).getLong("score")).max().orElse(0);
      model.put("top", lines(view.getJsonArray("top"), max));
      model.put("around", lines(view.getJsonArray("around"), max));
      model.put("me", view.getJsonObject("me"));
      model.put("size", view.getInteger("size"));
      model.put("start", view.getString("start"));
      model.put("end", view.getString("end"));
      model.put("query", q.queryString());
      model.put("team", q.scope() == Scope.TEAM);
      model.put("scopes", options(Scope.values().length, i -> Scope.values()[i].key(), q.scope().key(),
          "leaderboards.scope."));
      model.put("ladders", options(Ladder.values().length, i -> Ladder.values()[i].key(), q.ladder().key(),
          "leaderboards.ladder."));
      model.put("periods", options(Period.values().length, i -> Period.values()[i].key(), q.period().key(),
          "leaderboards.period."));
      model.put("previous", q.back() == 1);
      model.put("periodKey", "leaderboards.period." + q.period().key());
      model.put("ladderKey", "leaderboards.ladder." + q.ladder().key());
      model.put("visibility", choices.getOrDefault(u.userId(), Choice.SHOWN).key());
      model.put("saved", "1".equals(ctx.request().getParam("saved")));
      model.put("userId", u.userId());
      return model;
    })).onSuccess(model -> context.pages().render(ctx, template, titleKey, model)).onFailure(ctx::fail);
  }

  private static List<Map<String, Object>> lines(JsonArray lines, long max) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object o : lines) {
      Map<String, Object> m = new HashMap<>(((JsonObject) o).getMap());
      m.put("max", Math.max(1, max));
      out.add(m);
    }
    return out;
  }

  private static List<Map<String, Object>> options(int n, java.util.function.IntFunction<String> key, String selected,
      String prefix) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String k = key.apply(i);
      out.add(Map.of("value", k, "label", prefix + k, "selected", k.equals(selected)));
    }
    return out;
  }
}
