/** Routes and pages a plugin registers: every route with its {@link dev.quotient.api.Access} rule. */
package dev.quotient.api.web;
