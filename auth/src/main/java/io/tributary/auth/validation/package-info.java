/**
 * Validation of identities: structural checks of claims, the operator trust chain, user
 * authentication at connect in nats-server's order, scoped-key templates, connect windows, source
 * networks and activations. Every check answers with a {@link
 * io.tributary.auth.validation.Verdict}: accepted, or a typed {@link
 * io.tributary.auth.validation.Rejection}.
 */
package io.tributary.auth.validation;
