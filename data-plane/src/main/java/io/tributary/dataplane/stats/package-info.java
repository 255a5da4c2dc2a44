/** Traffic and connection counters, node-wide and per account, updated from every event loop. */
package io.tributary.dataplane.stats;
