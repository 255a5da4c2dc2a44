package io.tributary.bench.js;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The light client's protocol handling against a scripted server on a loopback socket: the login,
 * MSG and HMSG frames (statuses, reply subjects, bodies split across reads), PINGs answered, and an
 * {@code -ERR} or a closed connection reported, never taken for a message.
 */
class RawConnectionTest {
  private static final String HANG_UP = "(the server closes the connection here)";

  /** A server that logs the client in, then sends {@code frames} in small pieces. */
  private record Scripted(ServerSocket socket, CompletableFuture<List<String>> heard) {
    static Scripted start(String... frames) throws IOException {
      ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
      CompletableFuture<List<String>> heard =
          CompletableFuture.supplyAsync(
              () -> {
                List<String> lines = new ArrayList<>();
                try (Socket s = ss.accept()) {
                  OutputStream out = s.getOutputStream();
                  BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                  out.write("INFO {\"server_id\":\"x\"}\r\n".getBytes(StandardCharsets.US_ASCII));
                  for (String l = in.readLine(); l != null; l = in.readLine()) {
                    lines.add(l);
                    if (l.equals("PING") && lines.size() <= 3) {
                      out.write("PONG\r\n".getBytes(StandardCharsets.US_ASCII));
                      for (String f : frames) { // a byte at a time: frames split across reads
                        if (f.equals(HANG_UP)) {
                          s.shutdownOutput();
                          break;
                        }
                        for (byte b : f.getBytes(StandardCharsets.UTF_8)) {
                          out.write(b);
                          out.flush();
                        }
                      }
                    }
                  }
                } catch (IOException e) {
                  // the client closed: what it sent is the answer
                }
                return lines;
              });
      return new Scripted(ss, heard);
    }

    String url() {
      return "nats://127.0.0.1:" + socket.getLocalPort();
    }
  }

  @Test
  void readsMessagesAndStatusesAndAnswersPings() throws Exception {
    Scripted server =
        Scripted.start(
            "+OK\r\nMSG bench.a 1 $JS.ACK.S.C.1.7.1.0.0 5\r\nhello\r\n",
            "PING\r\n",
            "HMSG _DELIVER.x 2 $JS.FC.S.C.1 36 36\r\nNATS/1.0 100 FlowControl Request\r\n\r\n\r\n",
            "HMSG bench.b 1 18 20\r\nNATS/1.0\r\nA: b\r\n\r\nhi\r\n");
    try (RawConnection c = RawConnection.connect(server.url())) {
      assertThat(c.inbox()).startsWith("_INBOX.").endsWith(".");
      RawConnection.Frame m = c.next();
      assertThat(m.subject()).isEqualTo("bench.a");
      assertThat(m.reply()).isEqualTo("$JS.ACK.S.C.1.7.1.0.0");
      assertThat(new String(m.payload(), StandardCharsets.UTF_8)).isEqualTo("hello");
      assertThat(m.status()).isZero();
      RawConnection.Frame fc = c.next();
      assertThat(fc.status()).isEqualTo(100);
      assertThat(fc.reply()).isEqualTo("$JS.FC.S.C.1");
      assertThat(fc.payload()).isEmpty();
      RawConnection.Frame h = c.next();
      assertThat(h.status()).isZero();
      assertThat(h.reply()).isNull();
      assertThat(new String(h.headers(), StandardCharsets.UTF_8)).contains("A: b");
      assertThat(new String(h.payload(), StandardCharsets.UTF_8)).isEqualTo("hi");
    }
    List<String> heard = server.heard().get(10, TimeUnit.SECONDS);
    assertThat(heard.get(0)).startsWith("CONNECT {").contains("\"headers\":true");
    assertThat(heard.get(1)).startsWith("SUB _INBOX.").endsWith(".* 1");
    assertThat(heard).contains("PONG"); // the server's PING answered
    server.socket().close();
  }

  @Test
  void anErrOrAClosedConnectionIsReportedNotTakenForAMessage() throws Exception {
    Scripted err = Scripted.start("-ERR 'Authorization Violation'\r\n");
    try (RawConnection c = RawConnection.connect(err.url())) {
      assertThatThrownBy(c::next).hasMessageContaining("Authorization Violation");
    }
    err.socket().close();

    Scripted closed = Scripted.start("MSG bench.a 1 10\r\nhal", HANG_UP);
    try (RawConnection c = RawConnection.connect(closed.url())) {
      assertThatThrownBy(c::next).hasMessageContaining("closed the connection");
    }
    closed.socket().close();
  }
}
