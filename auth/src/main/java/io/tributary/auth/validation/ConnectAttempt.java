package io.tributary.auth.validation;

import java.net.InetAddress;
import java.time.Instant;

/**
 * What a client presented at CONNECT, and where from.
 *
 * @param userJwt the {@code jwt} field
 * @param signature the {@code sig} field (Base64URL without padding, or standard Base64), or null
 * @param nonce the nonce the server sent in INFO, as bytes of the string
 * @param clientAddress the client's IP, or null if unknown
 * @param connectionType {@code STANDARD}, {@code WEBSOCKET}, {@code LEAFNODE}, {@code MQTT}, {@code
 *     IN_PROCESS}, …
 * @param now the time of the attempt
 */
public record ConnectAttempt(
    String userJwt,
    String signature,
    byte[] nonce,
    InetAddress clientAddress,
    String connectionType,
    Instant now) {}
