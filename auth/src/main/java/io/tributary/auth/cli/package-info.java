/** The {@code tributary nkey|jwt|creds} commands. */
package io.tributary.auth.cli;
