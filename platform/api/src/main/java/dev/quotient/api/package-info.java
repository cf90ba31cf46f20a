/**
 * All a Quotient plugin may depend on.
 *
 * <p>A plugin is a PF4J jar with one {@link dev.quotient.api.QuotientPlugin} extension. The
 * platform hands it a {@link dev.quotient.api.PluginContext} at start: Vert.x, its own
 * configuration section, the content store, the page renderer, the event catalogue, Markdown, the
 * clock, a read-only directory of the organisation's people and teams, and a logger.
 * The plugin id is used everywhere: PF4J {@code Plugin-Id}, route prefix ({@code /<id>} for pages,
 * {@code /api/<id>} for JSON), template folder {@code templates/<id>/}, message bundle
 * {@code i18n/<id>/messages}, configuration key and collection prefix.
 */
package dev.quotient.api;
