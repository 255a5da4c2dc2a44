package io.tributary.dataplane.protocol;

/**
 * A subject as both text (for matching) and bytes (for writing MSG lines without re-encoding). Made
 * once per distinct subject by a connection's interner.
 *
 * @param text the subject
 * @param bytes its UTF-8 bytes; never modified
 */
public record InternedSubject(String text, byte[] bytes) {}
