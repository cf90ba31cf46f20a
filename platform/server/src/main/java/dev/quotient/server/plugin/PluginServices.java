package dev.quotient.server.plugin;

import dev.quotient.api.activity.ActivityLog;
import dev.quotient.api.directory.Directory;
import dev.quotient.api.materials.Materials;
import dev.quotient.api.points.PointsLedger;
import dev.quotient.api.web.Markdown;
import dev.quotient.server.i18n.Messages;
import dev.quotient.server.mongo.Database;
import dev.quotient.server.web.PageEngine;
import dev.quotient.server.web.RouteRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;

/** The platform services every plugin context is built from. */
public record PluginServices(
    Vertx vertx, Database database, Messages platformMessages, PageEngine pages, RouteRegistry registry,
    Markdown markdown, Clock clock, Directory directory, Materials materials,
    PointsLedger points, ActivityLog activities, dev.quotient.server.projection.ProjectionHost projections) {
}
