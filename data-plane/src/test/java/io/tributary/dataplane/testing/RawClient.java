package io.tributary.dataplane.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A plain socket speaking raw NATS protocol, for tests of exact wire behaviour (nats-server's
 * {@code test/test.go} style): {@link #send} bytes, then {@link #readUntilQuiet} or {@link
 * #readLine}. Published in the test-jar.
 */
public final class RawClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String info;

  private RawClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
    socket.setSoTimeout(2000);
    this.info = readLine();
  }

  /**
   * A subscriber to {@code subject} that never reads (a 4 KiB receive buffer, set before it
   * connects): what a slow consumer looks like to the server.
   */
  public static RawClient stalledSubscriber(int port, String subject) {
    try {
      Socket s = new Socket();
      s.setReceiveBufferSize(4096);
      s.connect(new java.net.InetSocketAddress("127.0.0.1", port));
      RawClient c = new RawClient(s);
      c.send("CONNECT {\"verbose\":false}\r\nSUB " + subject + " 1\r\nPING\r\n");
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Connects and reads the server's INFO line. */
  public static RawClient connect(int port) {
    try {
      return new RawClient(new Socket("127.0.0.1", port));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The INFO line the server sent first. */
  public String info() {
    return info;
  }

  public RawClient send(String text) {
    return send(text.getBytes(StandardCharsets.UTF_8));
  }

  public RawClient send(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Reads one line, CRLF included. */
  public String readLine() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try {
      int c;
      while ((c = in.read()) >= 0) {
        b.write(c);
        if (c == '\n') {
          break;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b.toString(StandardCharsets.UTF_8);
  }

  /** What the server sends until it has been quiet for {@code quiet} or closed the connection. */
  public Transcript readUntilQuiet(Duration quiet) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    boolean closed = false;
    try {
      socket.setSoTimeout((int) quiet.toMillis());
      byte[] buf = new byte[65536];
      while (true) {
        int n = in.read(buf);
        if (n < 0) {
          closed = true;
          break;
        }
        b.write(buf, 0, n);
      }
    } catch (SocketTimeoutException quietNow) {
      // nothing more for now
    } catch (IOException reset) {
      closed = true;
    }
    return new Transcript(b.toString(StandardCharsets.UTF_8), closed);
  }

  /** Sends {@code text}, then reads until quiet (300 ms). */
  public Transcript exchange(String text) {
    return send(text).readUntilQuiet(Duration.ofMillis(300));
  }

  /** What a server sent, and whether it closed the connection. */
  public record Transcript(String text, boolean closed) {}

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
