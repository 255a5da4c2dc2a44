/**
 * Monitoring over HTTP: nats-server-compatible {@code /varz}, {@code /connz}, {@code /subsz}, plus
 * Prometheus.
 */
package io.tributary.dataplane.monitor;
