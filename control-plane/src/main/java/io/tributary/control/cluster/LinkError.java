package io.tributary.control.cluster;

import java.time.Instant;

/**
 * The last thing that went wrong on the control plane's connection to a node (a refused login, a
 * permissions violation, a connect that failed), and when; shown in push status.
 */
public record LinkError(Instant at, String message) {}
