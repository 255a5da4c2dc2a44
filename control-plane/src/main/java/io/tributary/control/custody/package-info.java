/**
 * Key custody: sealed seeds, the master keyring and its online rotation. Depends on {@code api},
 * {@code audit} and {@code console}.
 */
package io.tributary.control.custody;
