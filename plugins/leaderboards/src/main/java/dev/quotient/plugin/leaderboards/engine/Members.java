package dev.quotient.plugin.leaderboards.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Numbers the people (or teams) of one organisation from 0, as the boards' member numbers. Not thread-safe. */
final class Members {

  private final Map<String, Integer> numbers = new HashMap<>();
  private final List<String> ids = new ArrayList<>();

  int number(String id) {
    Integer n = numbers.get(id);
    if (n == null) {
      n = ids.size();
      numbers.put(id, n);
      ids.add(id);
    }
    return n;
  }

  /** The member's number, or -1 when it never scored. */
  int find(String id) {
    Integer n = numbers.get(id);
    return n == null ? -1 : n;
  }

  String id(int number) {
    return ids.get(number);
  }
}
