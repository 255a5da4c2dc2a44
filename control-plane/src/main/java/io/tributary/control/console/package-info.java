/**
 * Console users (bcrypt), login and API tokens, and the {@link io.tributary.control.console.Caller}
 * of a request. Depends on {@code api}, {@code audit} and {@code model}.
 */
package io.tributary.control.console;
