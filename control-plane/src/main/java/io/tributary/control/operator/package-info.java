/**
 * The operator: bootstrap, its JWTs, the nats-server configuration. Depends on {@code api}, {@code
 * console}, {@code custody} and {@code model}.
 */
package io.tributary.control.operator;
