/** Node configuration from flags and YAML files. */
package io.tributary.dataplane.config;
