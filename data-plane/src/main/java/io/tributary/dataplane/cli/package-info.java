/** The {@code tributary node} command. */
package io.tributary.dataplane.cli;
