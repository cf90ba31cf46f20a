/**
 * A read-only view of the organisation's people and teams, for plugins that assign work to them
 * or show it to their leaders ({@link dev.quotient.api.directory.Directory}).
 */
package dev.quotient.api.directory;
