package io.tributary.control.claims;

/**
 * Fired in a transaction that wrote an outbox row or changed where accounts go (clusters): the
 * pusher wakes when it commits, on whichever instance it runs ({@code cluster.PushWorker}).
 */
public record PushRequested() {}
