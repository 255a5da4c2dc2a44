package io.tributary.dataplane.jetstream;

import java.nio.charset.StandardCharsets;

import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;

/** A jnats message with one header, for publish headers jnats has no option for. */
final class NatsMessageBuilder {
  private NatsMessageBuilder() {}

  static Message withHeader(String subject, String key, String value, String payload) {
    return NatsMessage.builder()
        .subject(subject)
        .headers(new Headers().add(key, value))
        .data(payload.getBytes(StandardCharsets.UTF_8))
        .build();
  }
}
