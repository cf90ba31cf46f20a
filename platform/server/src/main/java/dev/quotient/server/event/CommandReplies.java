package dev.quotient.server.event;

import dev.quotient.api.ClientError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.Objects;
import java.util.function.Function;

/**
 * Answers a command address on the event bus the one way the platform does: the handler's result is the
 * reply; a {@link ClientError} (thrown or failed) is a reply failure with the HTTP status as its code and
 * the message key as its message; anything else is a failure with code 500.
 */
public final class CommandReplies {

  private CommandReplies() {}

  /** Registers the consumer on this node's event bus; the handler runs on the event loop. */
  public static <C, R> MessageConsumer<C> answer(Vertx vertx, String address, Function<C, Future<R>> handler) {
    Objects.requireNonNull(handler, "handler");
    return vertx.eventBus().<C>consumer(address, message -> {
      Future<R> reply;
      try {
        reply = handler.apply(message.body());
      } catch (RuntimeException e) {
        reply = Future.failedFuture(e);
      }
      reply.onSuccess(message::reply).onFailure(e -> {
        if (e instanceof ClientError c) {
          message.fail(c.status(), c.messageKey());
        } else {
          message.fail(500, String.valueOf(e.getMessage()));
        }
      });
    });
  }
}
