package dev.quotient.plugin.mentoring.matching;

import java.util.List;

/**
 * One part of why a pair fits, as a message key of the plugin's bundle and its arguments, e.g.
 * {@code mentoring.reason.gap} with {@code [empathy, 3, 5]}: "covers empathy gap 3/5 -> mentor 5/5".
 */
public record Reason(String key, List<String> args) {

  public Reason {
    args = List.copyOf(args);
  }
}
