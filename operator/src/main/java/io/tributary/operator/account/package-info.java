/**
 * {@code TributaryAccount}: the requests and the drift comparison as pure functions of the resource
 * and of what the control plane answered ({@link io.tributary.operator.account.AccountRequests},
 * {@link io.tributary.operator.account.AccountPlan}, {@link
 * io.tributary.operator.account.AccountStatus}), and the reconciler that sends them.
 */
package io.tributary.operator.account;
