package dev.quotient.api.materials;

import dev.quotient.api.CurrentUser;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * Read access to the library for plugins, always on behalf of a viewer: the same visibility rules as
 * the platform's pages apply (reps and mentors see published items whose audience includes their
 * role; trainers, leaders and admins see every item of their organisation; nobody sees another
 * organisation's items). Read-only on purpose: uploads go through the platform, where size, type and
 * digest are checked in one place.
 *
 * <p>Thread-safe; the futures complete on the caller's context. They fail only for system errors
 * (the database is unreachable).
 */
public interface Materials {

  /** Items matching the query that the viewer may see, newest first. */
  Future<List<Material>> search(CurrentUser viewer, MaterialQuery query);

  /** One item, or empty when it does not exist or the viewer may not see it (the two look the same). */
  Future<Optional<Material>> get(CurrentUser viewer, String id);
}
