/**
 * The audit log: written in the caller's transaction ({@link io.tributary.control.audit.AuditLog})
 * and read through its API, scoped by an {@link io.tributary.control.audit.AuditScope} that the
 * access policy above implements. Depends on {@code api} and {@code model} only.
 */
package io.tributary.control.audit;
