package io.tributary.dataplane.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.netty.buffer.ByteBuf;

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
  private byte[] line = new byte[256];
  private int lineLength;
  private byte[] copy = new byte[0]; // for buffers without a backing array
  private final SubjectInterner subjects = new SubjectInterner();
  private final int[] argStart = new int[MAX_ARGS + 1];
  private final int[] argEnd = new int[MAX_ARGS + 1];
  private int state = CONTROL;
  private InternedSubject pubSubject;
  private byte[] pubReply;
  private int pubSize;
  private int pubHeaderSize;
  private byte[] payload; // only while a payload spans reads
  private byte[] spill = new byte[0]; // reused for payloads that span reads, up to SPILL_KEPT

  /**
   * Payloads up to this size that span reads are gathered in one array the decoder keeps (handlers
   * copy what they keep before they return, as they must for a payload inside one read); larger
   * ones get an array of their own, so an idle connection never holds a big one.
   */
  private static final int SPILL_KEPT = 256 * 1024;

  private int payloadLength;

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
    int n = in.readableBytes();
    byte[] a;
    int i;
    if (in.hasArray()) {
      a = in.array();
      i = in.arrayOffset() + in.readerIndex();
    } else {
      if (copy.length < n) {
        copy = new byte[Math.max(n, 2 * copy.length)];
      }
      in.getBytes(in.readerIndex(), copy, 0, n);
      a = copy;
      i = 0;
    }
    int end = i + n;
    while (i < end && state != CLOSED) {
      i = state == CONTROL ? readControl(a, i, end) : readPayload(a, i, end);
    }
    in.skipBytes(n);
    return state != CLOSED;
  }

  /** True once an error has stopped the decoder. */
  public boolean isClosed() {
    return state == CLOSED;
  }

  /** Frees the scratch buffers. */
  public void release() {
    state = CLOSED;
    payload = null;
    spill = null;
  }

  private int readControl(byte[] a, int i, int end) {
    int nl = indexOf(a, i, end, (byte) '\n');
    if (nl < 0) {
      // Incomplete line: keep it, but refuse early what can never become a valid line (as
      // nats-server does).
      if (lineLength + (end - i) > maxLine) {
        fail(ProtocolError.MAX_CONTROL_LINE);
      } else {
        appendLine(a, i, end - i);
        if (!plausibleOp(line, 0, lineLength)) {
          fail(ProtocolError.UNKNOWN_OPERATION);
        }
      }
      return end;
    }
    if (lineLength > 0) {
      if (lineLength + (nl - i) > maxLine) {
        fail(ProtocolError.MAX_CONTROL_LINE);
        return end;
      }
      appendLine(a, i, nl - i);
      int len = lineLength;
      lineLength = 0;
      processLine(line, 0, len);
    } else if (nl - i > maxLine) {
      fail(ProtocolError.MAX_CONTROL_LINE);
      return end;
    } else {
      processLine(a, i, nl);
    }
    return nl + 1;
  }

  private int readPayload(byte[] a, int i, int end) {
    int need = pubSize + 2;
    if (payload == null && end - i >= need) {
      if (a[i + pubSize] != '\r' || a[i + pubSize + 1] != '\n') {
        fail(ProtocolError.UNKNOWN_OPERATION);
        return end;
      }
      state = CONTROL;
      handler.publish(pubSubject, pubReply, a, i, pubSize, pubHeaderSize);
      return i + need;
    }
    if (payload == null) {
      if (need > SPILL_KEPT) {
        payload = new byte[need];
      } else {
        if (spill.length < need) {
          spill = new byte[Math.min(SPILL_KEPT, Math.max(need, 2 * spill.length))];
        }
        payload = spill;
      }
      payloadLength = 0;
    }
    int take = Math.min(need - payloadLength, end - i);
    System.arraycopy(a, i, payload, payloadLength, take);
    payloadLength += take;
    if (payloadLength == need) {
      byte[] p = payload;
      payload = null;
      if (p[pubSize] != '\r' || p[pubSize + 1] != '\n') {
        fail(ProtocolError.UNKNOWN_OPERATION);
      } else {
        state = CONTROL;
        handler.publish(pubSubject, pubReply, p, 0, pubSize, pubHeaderSize);
      }
    }
    return i + take;
  }

  private void appendLine(byte[] a, int from, int n) {
    if (lineLength + n > line.length) {
      line = Arrays.copyOf(line, Math.max(lineLength + n, 2 * line.length));
    }
    System.arraycopy(a, from, line, lineLength, n);
    lineLength += n;
  }

  private static int indexOf(byte[] a, int from, int to, byte b) {
    for (int i = from; i < to; i++) {
      if (a[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private void processLine(byte[] buf, int s, int e) {
    if (e > s && buf[e - 1] == '\r') {
      e--;
    }
    int opEnd = s;
    while (opEnd < e && !isBlank(buf[opEnd])) {
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
          handler.connect(new String(buf, opEnd, e - opEnd, StandardCharsets.UTF_8).strip());
        } else {
          fail(ProtocolError.PARSE_ERROR); // nats-server closes without an -ERR here
        }
      }
      case "PING" -> handler.ping();
      case "PONG" -> handler.pong();
      case "INFO", "+OK" -> {} // route and leaf legacy; harmless from a client
      case "-ERR" -> fail(ProtocolError.CLIENT_ERROR);
      default -> fail(ProtocolError.UNKNOWN_OPERATION);
    }
  }

  private void parsePublish(byte[] buf, int from, int to, boolean headers) {
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
    pubReply = n == min + 1 ? Arrays.copyOfRange(buf, argStart[1], argEnd[1]) : null;
    pubSize = (int) size;
    pubHeaderSize = (int) headerSize;
    state = PAYLOAD;
  }

  private void parseSubscribe(byte[] buf, int from, int to) {
    int n = split(buf, from, to);
    if (n != 2 && n != 3) {
      fail(ProtocolError.PARSE_ERROR);
      return;
    }
    String subject = subjects.intern(buf, argStart[0], argEnd[0] - argStart[0]).text();
    handler.subscribe(subject, n == 3 ? ascii(buf, 1) : null, ascii(buf, n - 1));
  }

  private void parseUnsubscribe(byte[] buf, int from, int to) {
    int n = split(buf, from, to);
    if (n != 1 && n != 2) {
      fail(ProtocolError.PARSE_ERROR);
      return;
    }
    handler.unsubscribe(ascii(buf, 0), n == 2 ? parseSize(buf, argStart[1], argEnd[1]) : -1);
  }

  /** Splits [from, to) at spaces and tabs; returns the count, or MAX_ARGS + 1 if there are more. */
  private int split(byte[] buf, int from, int to) {
    int n = 0;
    int i = from;
    while (i < to) {
      while (i < to && isBlank(buf[i])) {
        i++;
      }
      if (i == to) {
        break;
      }
      if (n == MAX_ARGS) {
        return MAX_ARGS + 1;
      }
      argStart[n] = i;
      while (i < to && !isBlank(buf[i])) {
        i++;
      }
      argEnd[n++] = i;
    }
    return n;
  }

  private String ascii(byte[] buf, int arg) {
    return new String(buf, argStart[arg], argEnd[arg] - argStart[arg], StandardCharsets.UTF_8);
  }

  /** Decimal digits only, at most 9 (nats-server's parseSize); -1 otherwise. */
  static long parseSize(byte[] buf, int from, int to) {
    int len = to - from;
    if (len == 0 || len > 9) {
      return -1;
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      int d = buf[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  /** The upper-case op name at [s, s+len), or "" if it is none. */
  private static String op(byte[] buf, int s, int len) {
    for (String op : OPS) {
      if (op.length() == len && equalsIgnoreCase(op, buf, s, len)) {
        return op;
      }
    }
    return "";
  }

  /** Could the bytes so far still begin a valid control line? */
  private static boolean plausibleOp(byte[] buf, int s, int e) {
    int opEnd = s;
    while (opEnd < e && !isBlank(buf[opEnd]) && buf[opEnd] != '\r') {
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

  private static boolean equalsIgnoreCase(String op, byte[] buf, int s, int len) {
    for (int i = 0; i < len; i++) {
      int c = buf[s + i];
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
    payload = null;
    handler.protocolError(error);
  }
}
