/** The node's lifecycle log: one line per event on stderr. */
package io.tributary.dataplane.log;
