/**
 * The one path by which account JWTs change and reach the nodes: claims built from the rows,
 * validated, signed, verified and queued in the push outbox ({@link
 * io.tributary.control.claims.AccountPublisher}); revocation seconds and issuing around them; the
 * operator-signed delete request. Features call it; it depends on {@code api}, {@code custody},
 * {@code model} and {@code operator}.
 */
package io.tributary.control.claims;
