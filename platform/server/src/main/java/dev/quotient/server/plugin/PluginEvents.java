package dev.quotient.server.plugin;

import dev.quotient.api.event.CommandType;
import dev.quotient.api.event.EventBusGateway;
import dev.quotient.api.event.EventType;
import dev.quotient.server.event.CommandReplies;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One plugin's view of the event bus. Remembers its consumers so they can be removed when the
 * plugin stops or fails, and reports a consumer that throws so the host can isolate the plugin.
 */
final class PluginEvents implements EventBusGateway {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PluginEvents.class);

  private static final DeliveryOptions REQUEST = new DeliveryOptions().setSendTimeout(10_000);

  private final Vertx vertx;
  private final Consumer<Throwable> onCrash;
  private final List<MessageConsumer<?>> consumers = new CopyOnWriteArrayList<>();

  PluginEvents(Vertx vertx, Consumer<Throwable> onCrash) {
    this.vertx = vertx;
    this.onCrash = onCrash;
  }

  @Override
  public <T extends Record> void publish(EventType<T> type, T event) {
    Objects.requireNonNull(event, "event");
    vertx.eventBus().publish(type.address(), event);
  }

  @Override
  public <T extends Record> Future<Void> subscribe(EventType<T> type, Handler<T> handler) {
    Objects.requireNonNull(handler, "handler");
    var consumer = vertx.eventBus().<T>consumer(type.address(), message -> {
      try {
        handler.handle(message.body());
      } catch (RuntimeException e) {
        LOG.warn("a consumer of {} failed", type.address(), e);
        onCrash.accept(e);
      }
    });
    consumers.add(consumer);
    return consumer.completion();
  }

  @Override
  public <C extends Record, R extends Record> Future<R> request(CommandType<C, R> type, C command) {
    Objects.requireNonNull(command, "command");
    return vertx.eventBus().<R>request(type.address(), command, REQUEST).map(m -> m.body());
  }

  @Override
  public <C extends Record, R extends Record> void handle(CommandType<C, R> type, Function<C, Future<R>> handler) {
    Objects.requireNonNull(handler, "handler");
    consumers.add(CommandReplies.answer(vertx, type.address(), handler));
  }

  /** Unregisters every consumer of this plugin. */
  Future<Void> close() {
    List<Future<Void>> all = consumers.stream().map(MessageConsumer::unregister).toList();
    consumers.clear();
    return Future.join(all).mapEmpty();
  }
}
