package dev.quotient.api.projection;

/** Opens a plugin's projections; the platform follows the logs for them. */
public interface Projections {

  /**
   * Starts the projection: loads its last checkpoint (or starts from {@link Projection#initial}), folds
   * the log after it and then every new fact, on every node. Call it once per name, in the plugin's
   * start.
   *
   * @throws IllegalArgumentException when the plugin already opened a projection of this name
   */
  <S> ProjectionView<S> open(Projection<S> projection);
}
