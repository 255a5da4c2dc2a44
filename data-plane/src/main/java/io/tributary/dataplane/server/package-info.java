/**
 * The node: lifecycle and listeners, authentication of CONNECT, the open connections, and applying
 * account changes to them.
 */
package io.tributary.dataplane.server;
