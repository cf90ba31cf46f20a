/**
 * The trainer-content store, read-only for plugins: worksheets, coaching sheets, recorded sessions
 * and reinforcement trainings that trainers and leaders upload to the platform's library. Plugins
 * link to these items (a training module pointing at its worksheet); uploading and editing stay
 * with the platform's own pages and API, so every file passes the same checks.
 */
package dev.quotient.api.materials;
