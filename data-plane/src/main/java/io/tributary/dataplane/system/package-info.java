/**
 * Services of the system account: the account resolver's request subjects, account advisories and
 * server statistics.
 */
package io.tributary.dataplane.system;
