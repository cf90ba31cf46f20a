package dev.quotient.server.web;

import dev.quotient.api.ClientError;
import dev.quotient.server.i18n.Messages;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP answers: RFC 9457 problem JSON for the API, a readable
 * page for browsers. Client errors say what is wrong in the caller's language; system errors are
 * logged and answered 500 without details.
 */
public final class Problems {

  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
  public static final String CONTENT_TYPE = "application/problem+json";

  /** A failure translated for the caller. */
  public record Problem(int status, String key, String detail, JsonArray errors) {}

  private final Messages messages;
  private final ErrorPage errorPage;

  /** Renders the HTML version of a problem. */
  @FunctionalInterface
  public interface ErrorPage {
    void render(RoutingContext ctx, Problem problem);
  }

  public Problems(Messages messages, ErrorPage errorPage) {
    this.messages = messages;
    this.errorPage = errorPage;
  }

  /** Failure handler for the whole router. */
  public void handle(RoutingContext ctx) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    send(ctx, toProblem(ctx, ctx.failure(), ctx.statusCode()));
  }

  /** Answers with a client error. */
  public void send(RoutingContext ctx, ClientError error) {
    send(ctx, toProblem(ctx, error, error.status()));
  }

  /** Where a failed request's id is kept for its answer. */
  static final String REQUEST_ID = "quotient.requestId";

  public void send(RoutingContext ctx, Problem problem) {
    if (wantsJson(ctx)) {
      JsonObject body = new JsonObject()
          .put("type", "urn:quotient:problem:" + problem.key())
          .put("title", messages.text(locale(ctx), "problem.status." + problem.status()))
          .put("status", problem.status())
          .put("detail", problem.detail())
          .put("instance", ctx.request().path());
      if (ctx.get(REQUEST_ID) != null) {
        body.put("requestId", (String) ctx.get(REQUEST_ID));
      }
      if (problem.errors() != null && !problem.errors().isEmpty()) {
        body.put("errors", problem.errors());
      }
      ctx.response().setStatusCode(problem.status()).putHeader("Content-Type", CONTENT_TYPE).end(body.encode());
    } else {
      ctx.response().setStatusCode(problem.status());
      errorPage.render(ctx, problem);
    }
  }

  Problem toProblem(RoutingContext ctx, Throwable failure, int status) {
    Locale locale = locale(ctx);
    if (failure instanceof ClientError e) {
      JsonArray errors = null;
      if (e instanceof ItemErrors items) {
        errors = new JsonArray();
        for (ItemErrors.Item item : items.items()) {
          errors.add(new JsonObject().put("index", item.index()).put("field", item.field())
              .put("message", messages.text(locale, item.messageKey(), item.args())));
        }
      }
      return new Problem(e.status(), e.messageKey(), messages.text(locale, e.messageKey(), e.args()), errors);
    }
    if (failure instanceof Unavailable e) {
      ctx.response().putHeader("Retry-After", String.valueOf(e.retryAfterSeconds()));
      return new Problem(503, e.messageKey(), messages.text(locale, e.messageKey(), e.args()), null);
    }
    if (failure instanceof SchemaValidationException e) {
      // The validator's own message names the field ("... at #/extra"); the pointer is kept for scripts.
      String pointer = e.getCause() instanceof JsonSchemaValidationException j ? j.location() : "";
      JsonArray errors = new JsonArray().add(new JsonObject().put("pointer", pointer).put("message", e.getMessage()));
      return new Problem(400, "error.request.invalid", messages.text(locale, "error.request.invalid", e.getMessage()),
          errors);
    }
    if (failure instanceof ValidatorException e) {
      return new Problem(400, "error.request.invalid",
          messages.text(locale, "error.request.invalid", e.getMessage()), null);
    }
    if (failure instanceof DecodeException) {
      return new Problem(400, "error.json.malformed", messages.text(locale, "error.json.malformed"), null);
    }
    if (failure instanceof HttpException e) {
      status = e.getStatusCode();
    }
    if (status == 403) {
      // Access rules answer 403 themselves; a failed 403 comes from the CSRF check.
      return new Problem(403, "error.csrf", messages.text(locale, "error.csrf"), null);
    }
    if (status >= 400 && status < 500) {
      String key = "problem.status." + status;
      String detailKey = "error.status." + status;
      return new Problem(status, detailKey,
          messages.has(detailKey) ? messages.text(locale, detailKey) : messages.text(locale, key), null);
    }
    if (status == 503) {
      return new Problem(503, "error.unavailable", messages.text(locale, "error.unavailable"), null);
    }
    // The id in the log and in the answer: whoever reports the failure can say which it was.
    String requestId = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 16);
    ctx.put(REQUEST_ID, requestId);
    LOG.error("request {} {} failed (request id {})", ctx.request().method(), ctx.request().path(), requestId, failure);
    return new Problem(500, "error.internal", messages.text(locale, "error.internal") + " (" + requestId + ")", null);
  }

  static boolean wantsJson(RoutingContext ctx) {
    String path = ctx.request().path();
    if (path.startsWith("/api/") || path.equals("/api") || path.startsWith("/health") || path.equals("/metrics")) {
      return true;
    }
    String accept = ctx.request().getHeader("Accept");
    return accept != null && accept.contains("json") && !accept.contains("text/html");
  }

  static Locale locale(RoutingContext ctx) {
    Locale locale = ctx.get(RequestLocale.KEY);
    return locale != null ? locale : Messages.resolve(ctx, null, Locale.ENGLISH);
  }
}
