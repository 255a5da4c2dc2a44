/**
 * Subject syntax, wildcard matching and containment, shared by permissions, exports and the broker.
 */
package io.tributary.auth.subject;
