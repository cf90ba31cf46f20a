package dev.quotient.api.event;

import java.util.Objects;

/**
 * A kind of domain event: published, past tense, any number of consumers.
 *
 * @param name dotted lower-case name, e.g. {@code module.completed}
 * @param payload the record carried
 */
public record EventType<T extends Record>(String name, Class<T> payload) {

  public EventType {
    Objects.requireNonNull(payload, "payload");
    Catalogue.requireName(name);
  }

  /** The event-bus address: {@code quotient.event.<name>}. */
  public String address() {
    return "quotient.event." + name;
  }
}
