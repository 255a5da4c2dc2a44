/** Accounts: isolated subject spaces and message routing within them. */
package io.tributary.dataplane.account;
