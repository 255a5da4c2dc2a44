/** The node: options, lifecycle, listeners and the connection registry. */
package io.tributary.dataplane.server;
