package io.tributary.dataplane.jetstream;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of {@code STREAM.MSG.GET} and {@code DIRECT.GET} (nats-server's JSApiMsgGetRequest). */
final class MsgGetRequest {
  public long seq;

  @JsonProperty("last_by_subj")
  public String lastBySubject;

  @JsonProperty("next_by_subj")
  public String nextBySubject;

  @JsonProperty("start_time")
  public String startTime;

  public int batch;

  @JsonProperty("max_bytes")
  public long maxBytes;

  @JsonProperty("multi_last")
  public List<String> multiLast;

  @JsonProperty("up_to_seq")
  public long upToSeq;

  @JsonProperty("up_to_time")
  public String upToTime;

  @JsonProperty("no_hdr")
  public boolean noHeaders;

  static MsgGetRequest parse(byte[] body) throws JsApiException {
    try {
      MsgGetRequest r = Json.MAPPER.readValue(body, MsgGetRequest.class);
      if (r == null) {
        throw JsError.JSBadRequestErr.exception();
      }
      return r;
    } catch (IOException e) {
      throw JsError.JSInvalidJSONErr.exception(Json.describe(e));
    }
  }
}
