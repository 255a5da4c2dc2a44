package io.tributary.dataplane.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.netty.buffer.ByteBuf;

/**
 * Decodes nats-server's route protocol (2.9) into calls on a {@link RouteHandler}: {@code INFO},
 * {@code CONNECT}, {@code PING}, {@code PONG}, {@code +OK}, {@code -ERR}, {@code RS+}, {@code RS-},
 * {@code RMSG} and {@code HMSG} ({@code account subject [reply | + reply queues… | | queues…]
 * [header size] size}); leaf-node interest ({@code LS+}, {@code LS-}) is read and ignored. As
 * {@link ClientDecoder}, it reads in place and copies only what spans reads. Not thread-safe: one
 * per route, on the route's event loop.
 */
public final class RouteDecoder {
  private static final int CONTROL = 0;
  private static final int PAYLOAD = 1;
  private static final int CLOSED = 2;
  private static final int MAX_ARGS = 64; // account, subject, reply marker, reply, queues, sizes

  private final RouteHandler handler;
  private final int maxLine;
  private final int maxPayload;
  private byte[] line = new byte[256];
  private int lineLength;
  private byte[] copy = new byte[0];
  private final SubjectInterner subjects = new SubjectInterner();
  private final int[] argStart = new int[MAX_ARGS];
  private final int[] argEnd = new int[MAX_ARGS];
  private int state = CONTROL;
  private String msgAccount;
  private InternedSubject msgSubject;
  private byte[] msgReply;
  private List<String> msgQueues;
  private int msgSize;
  private int msgHeaderSize;
  private byte[] payload; // while a payload spans reads
  private int payloadLength;

  /**
   * @param maxControlLine the longest control line accepted (routes carry long queue lists)
   * @param maxPayload the largest message accepted
   */
  public RouteDecoder(RouteHandler handler, int maxControlLine, int maxPayload) {
    this.handler = handler;
    this.maxLine = maxControlLine;
    this.maxPayload = maxPayload;
  }

  /** Consumes all readable bytes of {@code in}; false once the route must be closed. */
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

  /** Frees the buffers; later calls do nothing. */
  public void release() {
    state = CLOSED;
    payload = null;
    copy = new byte[0];
  }

  private int readControl(byte[] a, int i, int end) {
    int nl = indexOf(a, i, end, (byte) '\n');
    if (nl < 0) {
      if (lineLength + (end - i) > maxLine) {
        fail("control line longer than " + maxLine + " bytes");
      } else {
        appendLine(a, i, end - i);
      }
      return end;
    }
    if (lineLength > 0) {
      if (lineLength + (nl - i) > maxLine) {
        fail("control line longer than " + maxLine + " bytes");
        return end;
      }
      appendLine(a, i, nl - i);
      int len = lineLength;
      lineLength = 0;
      processLine(line, 0, trimCr(line, 0, len));
    } else {
      processLine(a, i, trimCr(a, i, nl - i));
    }
    return nl + 1;
  }

  private static int trimCr(byte[] a, int s, int len) {
    return len > 0 && a[s + len - 1] == '\r' ? s + len - 1 : s + len;
  }

  private int readPayload(byte[] a, int i, int end) {
    int need = msgSize + 2 - payloadLength;
    if (payload == null && end - i >= msgSize + 2) {
      if (a[i + msgSize] != '\r' || a[i + msgSize + 1] != '\n') {
        fail("message not followed by CRLF");
        return end;
      }
      deliver(a, i);
      state = CONTROL;
      return i + msgSize + 2;
    }
    if (payload == null) {
      payload = new byte[msgSize + 2];
      payloadLength = 0;
    }
    int take = Math.min(need, end - i);
    System.arraycopy(a, i, payload, payloadLength, take);
    payloadLength += take;
    if (payloadLength == msgSize + 2) {
      byte[] p = payload;
      payload = null;
      if (p[msgSize] != '\r' || p[msgSize + 1] != '\n') {
        fail("message not followed by CRLF");
        return end;
      }
      deliver(p, 0);
      state = CONTROL;
    }
    return i + take;
  }

  private void deliver(byte[] buf, int offset) {
    handler.message(
        msgAccount, msgSubject, msgReply, msgQueues, buf, offset, msgSize, msgHeaderSize);
  }

  private void processLine(byte[] buf, int s, int e) {
    while (s < e && isBlank(buf[s])) {
      s++;
    }
    int opEnd = s;
    while (opEnd < e && !isBlank(buf[opEnd])) {
      opEnd++;
    }
    if (opEnd == s) {
      return; // an empty line
    }
    if (opEnd - s == 4 && (buf[s + 1] | 0x20) == 'm' && (buf[s + 2] | 0x20) == 's') {
      // RMSG and HMSG, the hot path, without making the op's string
      int first = buf[s] | 0x20;
      if ((first == 'r' || first == 'h') && (buf[s + 3] | 0x20) == 'g') {
        parseMessage(buf, opEnd, e, first == 'h');
        return;
      }
    }
    String op = new String(buf, s, opEnd - s, StandardCharsets.US_ASCII).toUpperCase();
    switch (op) {
      case "RMSG" -> parseMessage(buf, opEnd, e, false);
      case "HMSG" -> parseMessage(buf, opEnd, e, true);
      case "RS+" -> parseSubscribe(buf, opEnd, e);
      case "RS-" -> parseUnsubscribe(buf, opEnd, e);
      case "LS+", "LS-" -> {
        // leaf-node interest: this node has no leaf nodes
      }
      case "PING" -> handler.ping();
      case "PONG" -> handler.pong();
      case "+OK" -> {
        // verbose acknowledgements are not asked for; ignored as nats-server does
      }
      case "INFO" -> handler.info(text(buf, opEnd, e));
      case "CONNECT" -> handler.connect(text(buf, opEnd, e));
      case "-ERR" -> handler.error(text(buf, opEnd, e));
      default -> fail("unknown route operation '" + op + "'");
    }
  }

  private void parseMessage(byte[] buf, int from, int to, boolean headers) {
    int n = split(buf, from, to);
    int sizes = headers ? 2 : 1;
    if (n < 2 + sizes) {
      fail("malformed " + (headers ? "HMSG" : "RMSG"));
      return;
    }
    String account = ascii(buf, 0);
    InternedSubject subject = subjects.intern(buf, argStart[1], argEnd[1] - argStart[1]);
    byte[] reply = null;
    List<String> queues = List.of();
    int middle = n - 2 - sizes; // the arguments between subject and sizes
    if (middle == 1) {
      reply = bytes(buf, 2);
    } else if (middle > 1) {
      int markerLength = argEnd[2] - argStart[2];
      byte marker = buf[argStart[2]];
      if (markerLength != 1 || (marker != '+' && marker != '|')) {
        fail("malformed queue indicator in a routed message");
        return;
      }
      int firstQueue = 3;
      if (marker == '+') {
        reply = bytes(buf, 3);
        firstQueue = 4;
      }
      List<String> q = new ArrayList<>(n - sizes - firstQueue);
      for (int k = firstQueue; k < n - sizes; k++) {
        q.add(ascii(buf, k));
      }
      queues = q;
    }
    int size = parseSize(buf, argStart[n - 1], argEnd[n - 1]);
    int headerSize = headers ? parseSize(buf, argStart[n - 2], argEnd[n - 2]) : -1;
    if (size < 0 || (headers && (headerSize < 0 || headerSize > size))) {
      fail("bad size in a routed message");
      return;
    }
    if (size > maxPayload) {
      fail("routed message larger than " + maxPayload + " bytes");
      return;
    }
    msgAccount = account;
    msgSubject = subject;
    msgReply = reply;
    msgQueues = queues;
    msgSize = size;
    msgHeaderSize = headerSize;
    state = PAYLOAD;
  }

  private void parseSubscribe(byte[] buf, int from, int to) {
    int n = split(buf, from, to);
    if (n != 2 && n != 4) {
      fail("malformed RS+");
      return;
    }
    int weight = n == 4 ? parseSize(buf, argStart[3], argEnd[3]) : 0;
    handler.subscribe(
        ascii(buf, 0), ascii(buf, 1), n == 4 ? ascii(buf, 2) : null, Math.max(1, weight));
  }

  private void parseUnsubscribe(byte[] buf, int from, int to) {
    int n = split(buf, from, to);
    if (n != 2 && n != 3) {
      fail("malformed RS-");
      return;
    }
    handler.unsubscribe(ascii(buf, 0), ascii(buf, 1), n == 3 ? ascii(buf, 2) : null);
  }

  // Splits the arguments into argStart/argEnd; returns how many (MAX_ARGS + 1 if too many).
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

  private byte[] bytes(byte[] buf, int arg) {
    byte[] b = new byte[argEnd[arg] - argStart[arg]];
    System.arraycopy(buf, argStart[arg], b, 0, b.length);
    return b;
  }

  private static String text(byte[] buf, int from, int to) {
    return new String(buf, from, to - from, StandardCharsets.UTF_8).strip();
  }

  private static int parseSize(byte[] buf, int s, int e) {
    if (e <= s || e - s > 10) {
      return -1;
    }
    long v = 0;
    for (int i = s; i < e; i++) {
      int d = buf[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v > Integer.MAX_VALUE ? -1 : (int) v;
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

  private static boolean isBlank(byte b) {
    return b == ' ' || b == '\t';
  }

  private void fail(String why) {
    state = CLOSED;
    handler.protocolError(why);
  }
}
