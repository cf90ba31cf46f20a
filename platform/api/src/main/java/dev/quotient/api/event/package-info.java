/**
 * The event catalogue: the only way plugins talk to each other.
 *
 * <p>Events are past-tense records, published to every consumer ({@link
 * dev.quotient.api.event.EventType}). Commands are imperative records sent request/reply to one
 * handler ({@link dev.quotient.api.event.CommandType}). Addresses derive from the type name and are
 * never written as literals. Every type has a codec that passes the record itself within one JVM
 * and JSON between cluster nodes.
 */
package dev.quotient.api.event;
