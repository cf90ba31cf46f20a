package dev.quotient.server.plugin;

/** Where a plugin is in its life. Only {@link #STARTED} plugins answer their routes. */
public enum PluginState {
  LOADED,
  STARTED,
  FAILED,
  STOPPED,
  /** A jar in the plugins folder that could not be loaded (not a plugin, unreadable, a taken id). */
  SKIPPED
}
