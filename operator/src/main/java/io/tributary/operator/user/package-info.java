/**
 * {@code TributaryUser}: the requests, the creds Secret and the status as pure functions ({@link
 * io.tributary.operator.user.UserRequests}, {@link io.tributary.operator.user.CredsSecret}, {@link
 * io.tributary.operator.user.UserStatus}), and the reconciler that sends and writes them.
 */
package io.tributary.operator.user;
