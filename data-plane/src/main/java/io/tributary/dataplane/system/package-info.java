/** Services of the system account: the account resolver's request subjects. */
package io.tributary.dataplane.system;
