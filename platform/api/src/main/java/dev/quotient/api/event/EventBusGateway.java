package dev.quotient.api.event;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import java.util.function.Function;

/**
 * Typed access to the event bus for one plugin. Consumers registered here are removed when the
 * plugin stops; an exception thrown by one marks the plugin failed. In cluster mode events reach
 * consumers on every node.
 */
public interface EventBusGateway {

  /** Publishes an event to every consumer. */
  <T extends Record> void publish(EventType<T> type, T event);

  /**
   * Consumes every event of a type, on this plugin's context. Completes once the subscription is
   * registered (in a cluster: known to the other nodes), so state read after it misses no event.
   */
  <T extends Record> Future<Void> subscribe(EventType<T> type, Handler<T> handler);

  /**
   * Sends a command to its one handler. Fails with {@link io.vertx.core.eventbus.ReplyException}
   * carrying the handler's code and message, or a timeout.
   */
  <C extends Record, R extends Record> Future<R> request(CommandType<C, R> type, C command);

  /**
   * Handles a command. A failed future is returned to the sender as a reply failure: a {@link
   * dev.quotient.api.ClientError} with its status as the code, anything else with code 500.
   */
  <C extends Record, R extends Record> void handle(CommandType<C, R> type, Function<C, Future<R>> handler);
}
