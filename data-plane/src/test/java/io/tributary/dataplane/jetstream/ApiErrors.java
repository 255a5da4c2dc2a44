package io.tributary.dataplane.jetstream;

import io.nats.client.JetStreamApiException;

/** The JetStream API error code a jnats call fails with, for tests of the error paths. */
final class ApiErrors {
  /** A jnats call that may throw. */
  @FunctionalInterface
  interface Call {
    void run() throws Exception;
  }

  private ApiErrors() {}

  /** The call's JetStream error code; an assertion error if it fails otherwise, or not at all. */
  static int apiError(Call call) {
    try {
      call.run();
    } catch (JetStreamApiException e) {
      return e.getApiErrorCode();
    } catch (Exception e) {
      throw new AssertionError("expected a JetStream API error, got " + e, e);
    }
    throw new AssertionError("expected a JetStream API error, got none");
  }
}
