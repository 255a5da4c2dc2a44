package io.tributary.dataplane.protocol;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Decodes what a client sends into calls on a {@link ProtocolHandler}: a state machine over the
 * incoming buffers that, like nats-server's parser, never throws. Control lines and payloads are
 * read in place; only a control line or payload split across reads is copied (into a per-connection
 * scratch buffer, bounded by max control line or max payload). Errors and which ones close silently
 * follow nats-server 2.9 (see the differential tests).
 *
 * <p>Not thread-safe: one per connection, used on the connection's event loop. Free of Vert.x
 * types, so tests feed it plain buffers.
 */
public final class ClientDecoder {
  private static final int CONTROL = 0;
  private static final int PAYLOAD = 1;
  private static final int CLOSED = 2;
  private static final int MAX_ARGS = 4;
  private static final int MAX_OP_LENGTH = 7; // CONNECT
  private static final String[] OPS = {
    "PUB", "HPUB", "SUB", "UNSUB", "PING", "PONG", "CONNECT", "INFO", "+OK", "-ERR"
  };

  private final ProtocolHandler handler;
  private final int maxLine;
  private final ByteBuf line = Unpooled.buffer(256);
  private final SubjectInterner subjects = new SubjectInterner();
  private final int[] argStart = new int[MAX_ARGS + 1];
  private final int[] argEnd = new int[MAX_ARGS + 1];
  private int state = CONTROL;
  private String pubSubject;
  private String pubReply;
  private int pubSize;
  private int pubHeaderSize;
  private ByteBuf payload; // only while a payload spans reads

  /**
   * @param maxControlLine the longest argument part of a control line accepted
   */
  public ClientDecoder(ProtocolHandler handler, int maxControlLine) {
    this.handler = handler;
    // nats-server measures the arguments; the op name, a separator and CRLF come on top.
    this.maxLine = maxControlLine + MAX_OP_LENGTH + 3;
  }

  /**
   * Consumes all readable bytes of {@code in} (the caller keeps ownership of it).
   *
   * @return false once the connection must be closed; later calls do nothing
   */
  public boolean decode(ByteBuf in) {
    int i = in.readerIndex();
    int end = in.writerIndex();
    while (i < end && state != CLOSED) {
      i = state == CONTROL ? readControl(in, i, end) : readPayload(in, i, end);
    }
    in.readerIndex(end);
    return state != CLOSED;
  }

  /** True once an error has stopped the decoder. */
  public boolean isClosed() {
    return state == CLOSED;
  }

  /** Frees the scratch buffers. */
  public void release() {
    state = CLOSED;
    line.release();
    if (payload != null) {
      payload.release();
      payload = null;
    }
  }

  private int readControl(ByteBuf in, int i, int end) {
    int nl = in.indexOf(i, end, (byte) '\n');
    if (nl < 0) {
      // Incomplete line: keep it, but refuse early what can never become a valid line (as
      // nats-server does).
      if (line.readableBytes() + (end - i) > maxLine) {
        fail(ProtocolError.MAX_CONTROL_LINE);
      } else {
        line.writeBytes(in, i, end - i);
        if (!plausibleOp(line, line.readerIndex(), line.writerIndex())) {
          fail(ProtocolError.UNKNOWN_OPERATION);
        }
      }
      return end;
    }
    if (line.isReadable()) {
      if (line.readableBytes() + (nl - i) > maxLine) {
        fail(ProtocolError.MAX_CONTROL_LINE);
        return end;
      }
      line.writeBytes(in, i, nl - i);
      processLine(line, line.readerIndex(), line.writerIndex());
      line.clear();
    } else if (nl - i > maxLine) {
      fail(ProtocolError.MAX_CONTROL_LINE);
      return end;
    } else {
      processLine(in, i, nl);
    }
    return nl + 1;
  }

  private int readPayload(ByteBuf in, int i, int end) {
    int need = pubSize + 2;
    if (payload == null && end - i >= need) {
      if (in.getByte(i + pubSize) != '\r' || in.getByte(i + pubSize + 1) != '\n') {
        fail(ProtocolError.UNKNOWN_OPERATION);
        return end;
      }
      state = CONTROL;
      handler.publish(pubSubject, pubReply, in, i, pubSize, pubHeaderSize);
      return i + need;
    }
    if (payload == null) {
      payload = Unpooled.buffer(need, need);
    }
    int take = Math.min(need - payload.readableBytes(), end - i);
    payload.writeBytes(in, i, take);
    if (payload.readableBytes() == need) {
      ByteBuf p = payload;
      payload = null;
      try {
        if (p.getByte(pubSize) != '\r' || p.getByte(pubSize + 1) != '\n') {
          fail(ProtocolError.UNKNOWN_OPERATION);
        } else {
          state = CONTROL;
          handler.publish(pubSubject, pubReply, p, 0, pubSize, pubHeaderSize);
        }
      } finally {
        p.release();
      }
    }
    return i + take;
  }

  private void processLine(ByteBuf buf, int s, int e) {
    if (e > s && buf.getByte(e - 1) == '\r') {
      e--;
    }
    int opEnd = s;
    while (opEnd < e && !isBlank(buf.getByte(opEnd))) {
      opEnd++;
    }
    boolean hasArgs = opEnd < e;
    switch (op(buf, s, opEnd - s)) {
      case "PUB" -> {
        if (hasArgs) {
          parsePublish(buf, opEnd, e, false);
        } else {
          fail(ProtocolError.UNKNOWN_OPERATION);
        }
      }
      case "HPUB" -> {
        if (hasArgs) {
          parsePublish(buf, opEnd, e, true);
        } else {
          fail(ProtocolError.UNKNOWN_OPERATION);
        }
      }
      case "SUB" -> {
        if (hasArgs) {
          parseSubscribe(buf, opEnd, e);
        } else {
          fail(ProtocolError.UNKNOWN_OPERATION);
        }
      }
      case "UNSUB" -> {
        if (hasArgs) {
          parseUnsubscribe(buf, opEnd, e);
        } else {
          fail(ProtocolError.UNKNOWN_OPERATION);
        }
      }
      case "CONNECT" -> {
        if (hasArgs) {
          handler.connect(buf.toString(opEnd, e - opEnd, StandardCharsets.UTF_8).strip());
        } else {
          fail(ProtocolError.UNKNOWN_OPERATION);
        }
      }
      case "PING" -> handler.ping();
      case "PONG" -> handler.pong();
      case "INFO", "+OK" -> {} // route and leaf legacy; harmless from a client
      case "-ERR" -> fail(ProtocolError.CLIENT_ERROR);
      default -> fail(ProtocolError.UNKNOWN_OPERATION);
    }
  }

  private void parsePublish(ByteBuf buf, int from, int to, boolean headers) {
    int n = split(buf, from, to);
    int min = headers ? 3 : 2;
    if ((headers && !handler.headersEnabled()) || n < min || n > min + 1) {
      fail(ProtocolError.PARSE_ERROR);
      return;
    }
    long size = parseSize(buf, argStart[n - 1], argEnd[n - 1]);
    long headerSize = headers ? parseSize(buf, argStart[n - 2], argEnd[n - 2]) : -1;
    if (size < 0 || (headers && (headerSize < 0 || headerSize > size))) {
      fail(ProtocolError.PARSE_ERROR);
      return;
    }
    if (size > handler.maxPayload()) {
      fail(ProtocolError.MAX_PAYLOAD);
      return;
    }
    pubSubject = subjects.intern(buf, argStart[0], argEnd[0] - argStart[0]);
    pubReply = n == min + 1 ? ascii(buf, 1) : null;
    pubSize = (int) size;
    pubHeaderSize = (int) headerSize;
    state = PAYLOAD;
  }

  private void parseSubscribe(ByteBuf buf, int from, int to) {
    int n = split(buf, from, to);
    if (n != 2 && n != 3) {
      fail(ProtocolError.PARSE_ERROR);
      return;
    }
    String subject = subjects.intern(buf, argStart[0], argEnd[0] - argStart[0]);
    handler.subscribe(subject, n == 3 ? ascii(buf, 1) : null, ascii(buf, n - 1));
  }

  private void parseUnsubscribe(ByteBuf buf, int from, int to) {
    int n = split(buf, from, to);
    if (n != 1 && n != 2) {
      fail(ProtocolError.PARSE_ERROR);
      return;
    }
    handler.unsubscribe(ascii(buf, 0), n == 2 ? parseSize(buf, argStart[1], argEnd[1]) : -1);
  }

  /** Splits [from, to) at spaces and tabs; returns the count, or MAX_ARGS + 1 if there are more. */
  private int split(ByteBuf buf, int from, int to) {
    int n = 0;
    int i = from;
    while (i < to) {
      while (i < to && isBlank(buf.getByte(i))) {
        i++;
      }
      if (i == to) {
        break;
      }
      if (n == MAX_ARGS) {
        return MAX_ARGS + 1;
      }
      argStart[n] = i;
      while (i < to && !isBlank(buf.getByte(i))) {
        i++;
      }
      argEnd[n++] = i;
    }
    return n;
  }

  private String ascii(ByteBuf buf, int arg) {
    return buf.toString(argStart[arg], argEnd[arg] - argStart[arg], StandardCharsets.UTF_8);
  }

  /** Decimal digits only, at most 9 (nats-server's parseSize); -1 otherwise. */
  static long parseSize(ByteBuf buf, int from, int to) {
    int len = to - from;
    if (len == 0 || len > 9) {
      return -1;
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      int d = buf.getByte(i) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  /** The upper-case op name at [s, s+len), or "" if it is none. */
  private static String op(ByteBuf buf, int s, int len) {
    for (String op : OPS) {
      if (op.length() == len && equalsIgnoreCase(op, buf, s, len)) {
        return op;
      }
    }
    return "";
  }

  /** Could the bytes so far still begin a valid control line? */
  private static boolean plausibleOp(ByteBuf buf, int s, int e) {
    int opEnd = s;
    while (opEnd < e && !isBlank(buf.getByte(opEnd)) && buf.getByte(opEnd) != '\r') {
      opEnd++;
    }
    int len = opEnd - s;
    boolean complete = opEnd < e;
    for (String op : OPS) {
      if (complete ? op.length() == len : op.length() >= len) {
        if (equalsIgnoreCase(op, buf, s, len)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean equalsIgnoreCase(String op, ByteBuf buf, int s, int len) {
    for (int i = 0; i < len; i++) {
      int c = buf.getByte(s + i);
      if (c >= 'a' && c <= 'z') {
        c -= 32;
      }
      if (c != op.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isBlank(byte b) {
    return b == ' ' || b == '\t';
  }

  private void fail(ProtocolError error) {
    state = CLOSED;
    if (payload != null) {
      payload.release();
      payload = null;
    }
    handler.protocolError(error);
  }
}
