/**
 * Exports, imports and activation tokens between accounts. The top of the layering: nothing depends
 * on it.
 */
package io.tributary.control.exchange;
