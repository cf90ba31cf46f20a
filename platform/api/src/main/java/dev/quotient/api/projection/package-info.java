/**
 * Views derived from the activity log and the points ledger, kept in memory by the platform: a plugin
 * declares its state, its fold and its checkpoint codec, and the platform does the catching up.
 */
package dev.quotient.api.projection;
