package dev.quotient.server.web;

import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** Small helpers shared by the platform's route handlers. */
public final class Web {

  private Web() {}

  /** Runs the work; its success goes to {@code ok}, any failure (thrown or failed) to the failure handler. */
  public static <T> void respond(RoutingContext ctx, Supplier<Future<T>> work, Consumer<T> ok) {
    Future<T> future;
    try {
      future = work.get();
    } catch (RuntimeException e) {
      ctx.fail(e);
      return;
    }
    future.onSuccess(result -> {
      try {
        ok.accept(result);
      } catch (RuntimeException e) {
        ctx.fail(e);
      }
    }).onFailure(ctx::fail);
  }

  public static void json(RoutingContext ctx, int status, Object body) {
    String encoded = body instanceof JsonObject j ? j.encode() : Json.encode(body);
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(encoded);
  }

  /**
   * Encodes one JSON body over each collection class handlers wrap in {@code JsonObject} and {@code
   * JsonArray} ({@code ArrayList}, {@code List.of}, {@code Stream.toList}, maps of each kind, ...).
   * Jackson builds a serializer the first time it meets a class, by reflection: the node's first
   * {@code GET /api/plugins} took 50 to 65 ms for it. Called while the node starts, before it
   * listens; returns how many bodies it encoded.
   */
  public static int warmJson() {
    List<List<?>> lists = List.of(new ArrayList<>(List.of("a")), List.of(), List.of("a"), List.of("a", "b", "c"),
        Stream.of("a", "b", "c").toList(), Stream.of("a").toList(),
        Collections.unmodifiableList(new ArrayList<>(List.of("a"))), Arrays.asList("a", "b"),
        new LinkedList<>(List.of("a")), List.of(1, 2, 3).subList(0, 2), Collections.emptyList(),
        Collections.singletonList("a"));
    List<Map<String, Object>> maps = List.of(new HashMap<>(Map.of("k", 1)), new LinkedHashMap<>(Map.of("k", 1)),
        new TreeMap<>(Map.of("k", 1)), Map.of(), Map.of("k", 1), Map.of("k", 1, "l", 2),
        Collections.unmodifiableMap(new HashMap<>(Map.of("k", 1))), Collections.emptyMap(),
        new ConcurrentHashMap<>(Map.of("k", 1)));
    int n = 0;
    for (List<?> list : lists) {
      Json.encode(new JsonArray(list));
      Json.encode(new JsonObject().put("items", list));
      n += 2;
    }
    for (Map<String, Object> map : maps) {
      Json.encode(new JsonObject(map));
      Json.encode(new JsonObject().put("item", map));
      Json.encode(new JsonArray().add(map));
      n += 3;
    }
    return n;
  }

  /** Post/redirect/get: 303 to a page of this site. */
  public static void seeOther(RoutingContext ctx, String path) {
    ctx.response().setStatusCode(303).putHeader("Location", path).end();
  }

  /** The JSON body (validated against the OpenAPI document before the handler runs). */
  public static JsonObject body(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    return body == null ? new JsonObject() : body;
  }

  /** Identifies the client for throttling and the audit trail. */
  /** A path of this server as the address the request came to (for links shown to copy). */
  public static String absolute(RoutingContext ctx, String path) {
    try {
      return java.net.URI.create(ctx.request().absoluteURI()).resolve(path).toString();
    } catch (RuntimeException e) {
      return path;
    }
  }

  public static String client(RoutingContext ctx) {
    return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
  }

  public static String form(RoutingContext ctx, String name) {
    String v = ctx.request().getFormAttribute(name);
    return v == null ? "" : v;
  }
}
