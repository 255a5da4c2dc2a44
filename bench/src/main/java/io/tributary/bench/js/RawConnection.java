package io.tributary.bench.js;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The NATS client protocol spoken directly over one socket, for the bench's light clients ({@code
 * bench js --client raw}): connect, subscribe, write frames, read the messages that arrive (PINGs
 * are answered on the way). No threads of its own and no per-message objects beyond the frame read,
 * so that on a small machine the servers, not the client, take the cores.
 */
final class RawConnection implements AutoCloseable {
  static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

  /**
   * A message that arrived: {@code MSG} ({@code headers} null) or {@code HMSG}.
   *
   * @param status the status code of a header block's first line ({@code NATS/1.0 100 …}), or 0
   */
  record Frame(String subject, String reply, byte[] headers, byte[] payload, int status) {}

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final String inbox;
  private final byte[] readBuffer = new byte[256 * 1024];
  private int readStart;
  private int readEnd;

  private RawConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = socket.getInputStream();
    this.inbox =
        "_INBOX." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".";
  }

  /**
   * Connects (no authentication: the bench's servers run without) and subscribes {@code inbox()*}
   * as sid 1; returns once the server has both (PONG).
   */
  static RawConnection connect(String url) throws IOException {
    URI u = URI.create(url);
    Socket s = new Socket(u.getHost(), u.getPort());
    try {
      s.setTcpNoDelay(true);
      s.setSoTimeout((int) TimeUnit.NANOSECONDS.toMillis(TIMEOUT_NANOS));
      RawConnection c = new RawConnection(s);
      String info = c.readLine();
      if (!info.startsWith("INFO ")) {
        throw new IOException("expected INFO, got: " + info);
      }
      c.write(
          ("CONNECT {\"verbose\":false,\"pedantic\":false,\"protocol\":1,\"headers\":true,"
                  + "\"no_responders\":true}\r\nSUB "
                  + c.inbox
                  + "* 1\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      c.ping();
      return c;
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** This connection's inbox prefix, ending with a dot; {@code inbox()*} is subscribed. */
  String inbox() {
    return inbox;
  }

  /** Subscribes {@code subject} as {@code sid}; returns once the server has it (PONG). */
  void subscribe(String subject, int sid) throws IOException {
    write(("SUB " + subject + " " + sid + "\r\n").getBytes(StandardCharsets.US_ASCII));
    ping();
  }

  /** Writes whole frames (several threads may write: each call is one unit). */
  void write(byte[] frames, int offset, int length) throws IOException {
    synchronized (out) {
      out.write(frames, offset, length);
    }
  }

  void write(byte[] frames) throws IOException {
    write(frames, 0, frames.length);
  }

  /** PING, and waits for its PONG: the server has processed everything written before. */
  void ping() throws IOException {
    write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
    for (String line = readLine(); !line.equals("PONG"); line = readLine()) {
      if (line.startsWith("-ERR")) {
        throw new IOException("server error: " + line);
      }
    }
  }

  /** The next message; PINGs are answered, +OK/PONG/INFO skipped; {@code -ERR} throws. */
  Frame next() throws IOException {
    while (true) {
      String line = readLine();
      if (line.startsWith("MSG ")) {
        String[] a = line.split(" ");
        int size = Integer.parseInt(a[a.length - 1]);
        byte[] payload = readBytes(size);
        skipCrlf();
        return new Frame(a[1], a.length == 5 ? a[3] : null, null, payload, 0);
      } else if (line.startsWith("HMSG ")) {
        String[] a = line.split(" ");
        int total = Integer.parseInt(a[a.length - 1]);
        int hdr = Integer.parseInt(a[a.length - 2]);
        byte[] headers = readBytes(hdr);
        byte[] payload = readBytes(total - hdr);
        skipCrlf();
        return new Frame(a[1], a.length == 6 ? a[3] : null, headers, payload, status(headers));
      } else if (line.equals("PING")) {
        write("PONG\r\n".getBytes(StandardCharsets.US_ASCII));
      } else if (line.startsWith("-ERR")) {
        throw new IOException("server error: " + line);
      }
      // +OK, PONG, INFO: nothing to do
    }
  }

  // "NATS/1.0 100 FlowControl Request\r\n…": the code, or 0 for a plain header block.
  private static int status(byte[] headers) {
    String first = new String(headers, 0, Math.min(headers.length, 16), StandardCharsets.US_ASCII);
    if (first.length() >= 12 && first.charAt(8) == ' ' && Character.isDigit(first.charAt(9))) {
      return Integer.parseInt(first.substring(9, 12));
    }
    return 0;
  }

  /** True if bytes already read wait to be parsed: the next {@link #next} will not block. */
  boolean hasBuffered() {
    return readStart < readEnd;
  }

  /** A line of the protocol, without its CRLF. */
  String readLine() throws IOException {
    while (true) {
      for (int i = readStart; i + 1 < readEnd; i++) {
        if (readBuffer[i] == '\r' && readBuffer[i + 1] == '\n') {
          String line = new String(readBuffer, readStart, i - readStart, StandardCharsets.US_ASCII);
          readStart = i + 2;
          return line;
        }
      }
      fill();
    }
  }

  private byte[] readBytes(int size) throws IOException {
    byte[] b = new byte[size];
    int done = 0;
    while (done < size) {
      if (readStart == readEnd) {
        fill();
      }
      int n = Math.min(size - done, readEnd - readStart);
      System.arraycopy(readBuffer, readStart, b, done, n);
      readStart += n;
      done += n;
    }
    return b;
  }

  private void skipCrlf() throws IOException {
    readBytes(2);
  }

  // More bytes: what is unread moves to the front first.
  private void fill() throws IOException {
    if (readStart > 0) {
      System.arraycopy(readBuffer, readStart, readBuffer, 0, readEnd - readStart);
      readEnd -= readStart;
      readStart = 0;
    }
    if (readEnd == readBuffer.length) {
      throw new IOException("a protocol line longer than " + readBuffer.length + " bytes");
    }
    int n = in.read(readBuffer, readEnd, readBuffer.length - readEnd);
    if (n < 0) {
      throw new EOFException("the server closed the connection");
    }
    readEnd += n;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
