package dev.quotient.server.web;

import dev.quotient.api.ClientError;
import java.util.List;
import java.util.Objects;

/**
 * A client error about some items of a list the caller sent (a batch): the problem document lists
 * each one in its {@code errors} extension member as {@code {index, field, message}}, the message in
 * the caller's language.
 */
public final class ItemErrors extends ClientError {

  /** What is wrong with one item: its position in the request, the field, and the message. */
  public record Item(int index, String field, String messageKey, Object... args) {
    public Item {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(messageKey, "messageKey");
      args = args.clone();
    }
  }

  private final transient List<Item> items;

  public ItemErrors(int status, String messageKey, List<Item> items, Object... args) {
    super(status, messageKey, args);
    this.items = List.copyOf(items);
  }

  public List<Item> items() {
    return items;
  }
}
