/**
 * Node configuration: the table of settings ({@link io.tributary.dataplane.config.NodeSettings}),
 * the options a node runs with, and the YAML config file. Flags are derived from the same table.
 */
package io.tributary.dataplane.config;
