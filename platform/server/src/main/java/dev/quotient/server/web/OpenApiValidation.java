package dev.quotient.server.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP API's contract ({@code openapi.json}, OpenAPI 3.1), served at {@code /api/openapi.json}
 * and enforced: every API request that matches an operation is validated (parameters and body,
 * including unknown fields) before its handler runs. A mismatch is a 400 problem naming the field.
 */
public final class OpenApiValidation {

  private final OpenAPIContract contract;
  private final RequestValidator validator;
  private final RequestExtractor extractor = RequestExtractor.withBodyHandler();
  private final JsonObject document;

  private OpenApiValidation(Vertx vertx, OpenAPIContract contract, JsonObject document) {
    this.contract = contract;
    this.validator = PreparedRequestValidator.create(vertx, contract);
    this.document = document;
  }

  public static Future<OpenApiValidation> load(Vertx vertx) {
    JsonObject document = read();
    return OpenAPIContract.from(vertx, validatable(document.copy())).map(c -> new OpenApiValidation(vertx, c, document));
  }

  /**
   * The document without the request-body media types the validator cannot read (it refuses the whole
   * contract otherwise): only streamed bodies, such as a CSV upload, use them, and those bypass
   * validation anyway ({@link RouteRegistry#addStreaming}). The served document keeps them.
   */
  static JsonObject validatable(JsonObject document) {
    JsonObject paths = document.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        JsonObject op = item.getValue(method) instanceof JsonObject o ? o : null;
        JsonObject body = op == null ? null : op.getJsonObject("requestBody");
        JsonObject content = body == null ? null : body.getJsonObject("content");
        if (content != null) {
          content.fieldNames().removeIf(type -> !io.vertx.openapi.contract.MediaType.isMediaTypeSupported(type));
          if (content.isEmpty()) {
            op.remove("requestBody");
          }
        }
      }
    }
    return document;
  }

  static JsonObject read() {
    try (InputStream in = OpenApiValidation.class.getResourceAsStream("/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the server jar");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public JsonObject document() {
    return document;
  }

  /** True when the contract has an operation for this method and path. */
  public boolean describes(io.vertx.core.http.HttpMethod method, String path) {
    return contract.findOperation(path, method) != null;
  }

  /** Handler for API routes, after their access rule: validates what the contract describes. */
  public void handle(RoutingContext ctx) {
    Operation operation = contract.findOperation(ctx.request().path(), ctx.request().method());
    if (operation == null) {
      ctx.next();
      return;
    }
    if (ctx.body() != null && ctx.body().length() > 0 && isJson(ctx)) {
      try {
        // Any JSON value: an array where an object belongs is the validator's to refuse, with a 400.
        rejectOperatorKeys(Json.decodeValue(ctx.body().buffer()));
      } catch (RuntimeException e) {
        ctx.fail(e);
        return;
      }
    }
    extractor.extractValidatableRequest(ctx, operation)
        .compose(request -> validator.validate(request, operation.getOperationId()))
        .onSuccess(valid -> ctx.next())
        .onFailure(ctx::fail);
  }

  private static boolean isJson(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    return type != null && type.contains("json");
  }

  /** Field names starting with '$' could act as MongoDB operators further down: never accepted. */
  static void rejectOperatorKeys(Object value) {
    if (value instanceof JsonObject o) {
      for (String key : o.fieldNames()) {
        if (key.startsWith("$")) {
          throw dev.quotient.api.ClientError.badRequest("error.field.name", key);
        }
        rejectOperatorKeys(o.getValue(key));
      }
    } else if (value instanceof JsonArray a) {
      a.forEach(OpenApiValidation::rejectOperatorKeys);
    }
  }
}
