package io.tributary.dataplane.jetstream;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A JetStream API error as the client receives it: {@code {code, err_code, description}}. */
public final class JsApiException extends Exception {
  private final JsError error;

  JsApiException(JsError error, String description) {
    super(description, null, false, false);
    this.error = error;
  }

  public JsError error() {
    return error;
  }

  public String description() {
    return getMessage();
  }

  /** Puts {@code "error": {...}} into a response. */
  public ObjectNode writeTo(ObjectNode response) {
    ObjectNode e = response.putObject("error");
    e.put("code", error.entry().code());
    e.put("err_code", error.entry().errCode());
    e.put("description", getMessage());
    return response;
  }
}
