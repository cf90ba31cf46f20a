/** The activity log as plugins read it. */
package dev.quotient.api.activity;
