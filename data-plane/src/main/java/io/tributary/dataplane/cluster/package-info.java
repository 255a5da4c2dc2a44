/**
 * Clusters: routes to the other nodes in nats-server's route protocol (2.9), the interest this
 * node's accounts have, sent to them ({@code RS+}/{@code RS-}), and messages forwarded once to each
 * node with interest ({@code RMSG}/{@code HMSG}); gossip completes the mesh, and the cluster's
 * client URLs reach the clients' INFO. Above {@code account} and {@code client}; {@code server}
 * runs it.
 */
package io.tributary.dataplane.cluster;
