package dev.quotient.server.config;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Groups {@code QUOTIENT_PLUGIN_<ID>_<KEY>=value} variables into one section per plugin id. */
final class PluginConfig {

  private static final String PREFIX = "QUOTIENT_PLUGIN_";

  private PluginConfig() {}

  static Map<String, Map<String, String>> fromEnvironment(Map<String, String> env) {
    Map<String, Map<String, String>> sections = new HashMap<>();
    env.forEach((key, value) -> {
      if (!key.startsWith(PREFIX)) {
        return;
      }
      String rest = key.substring(PREFIX.length());
      int cut = rest.indexOf('_');
      if (cut <= 0 || cut == rest.length() - 1) {
        return;
      }
      String pluginId = rest.substring(0, cut).toLowerCase(Locale.ROOT);
      String setting = camel(rest.substring(cut + 1));
      sections.computeIfAbsent(pluginId, id -> new HashMap<>()).put(setting, value);
    });
    sections.replaceAll((id, section) -> Map.copyOf(section));
    return sections;
  }

  /** {@code REMINDER_DAYS} becomes {@code reminderDays}. */
  private static String camel(String upper) {
    StringBuilder out = new StringBuilder();
    boolean up = false;
    for (char c : upper.toLowerCase(Locale.ROOT).toCharArray()) {
      if (c == '_') {
        up = true;
      } else {
        out.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return out.toString();
  }
}
