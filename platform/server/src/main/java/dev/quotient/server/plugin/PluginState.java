package dev.quotient.server.plugin;

/** Where a plugin is in its life. Only {@link #STARTED} plugins answer their routes. */
public enum PluginState {
  LOADED,
  STARTED,
  FAILED,
  STOPPED
}
