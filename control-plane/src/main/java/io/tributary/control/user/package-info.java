/**
 * Users of an account, creds issuance and its history, revoke and rotate. The top of the layering:
 * nothing depends on it.
 */
package io.tributary.control.user;
