/**
 * Accounts, their limits and signing keys, and {@link io.tributary.control.account.AccountAccess},
 * the one access policy (404 before 403). Depends on {@code api}, {@code audit}, {@code claims},
 * {@code cluster}, {@code console}, {@code custody}, {@code model} and {@code operator}; {@code
 * user} and {@code exchange} depend on it.
 */
package io.tributary.control.account;
