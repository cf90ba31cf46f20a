package dev.quotient.api.event;

import java.util.Objects;

/**
 * A kind of command: sent request/reply to exactly one handler, which answers with a reply record
 * or fails with a code and message ({@link io.vertx.core.eventbus.ReplyException}).
 *
 * @param name dotted lower-case name, e.g. {@code activity.record}
 * @param payload the command record
 * @param reply the reply record
 */
public record CommandType<C extends Record, R extends Record>(String name, Class<C> payload, Class<R> reply) {

  public CommandType {
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(reply, "reply");
    Catalogue.requireName(name);
  }

  /** The event-bus address: {@code quotient.command.<name>}. */
  public String address() {
    return "quotient.command." + name;
  }
}
