/**
 * The tenant's rows: accounts, signing keys, exports, imports, users and their value types (limits,
 * permissions, specs). Entities and lookups only; every feature and the JWT publication ({@code
 * claims}) read them. Depends on no other package here.
 */
package io.tributary.control.model;
