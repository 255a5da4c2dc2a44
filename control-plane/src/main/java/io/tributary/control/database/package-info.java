/**
 * The embedded PostgreSQL and its watchdog, started before Quarkus. Depends on no other package
 * here.
 */
package io.tributary.control.database;
