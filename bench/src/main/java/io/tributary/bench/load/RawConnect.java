package io.tributary.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tributary.auth.nkey.NKey;

/**
 * A connection that does only what a NATS client does to log in — read INFO, sign its nonce, send
 * CONNECT with the user JWT, PING, wait for PONG — over a plain socket with no client threads, so
 * that thousands of connections measure the server's accept and authentication path rather than a
 * client library's per-connection threads.
 */
final class RawConnect implements AutoCloseable {
  private static final Pattern NONCE = Pattern.compile("\"nonce\":\"([^\"]+)\"");
  private final Socket socket;

  private RawConnect(Socket socket) {
    this.socket = socket;
  }

  /**
   * Connects and authenticates as the user with {@code jwt} and {@code seed}; throws on refusal.
   */
  static RawConnect open(String url, String jwt, NKey user) throws IOException {
    URI u = URI.create(url);
    Socket s = new Socket(u.getHost(), u.getPort());
    try {
      s.setTcpNoDelay(true);
      s.setSoTimeout(10_000);
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      String info = in.readLine();
      Matcher m = NONCE.matcher(info == null ? "" : info);
      if (!m.find()) {
        throw new IOException("no nonce in INFO: " + info);
      }
      String sig =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(user.sign(m.group(1).getBytes(StandardCharsets.US_ASCII)));
      OutputStream out = s.getOutputStream();
      out.write(
          ("CONNECT {\"verbose\":false,\"pedantic\":false,\"protocol\":1,\"headers\":true,"
                  + "\"jwt\":\""
                  + jwt
                  + "\",\"sig\":\""
                  + sig
                  + "\"}\r\nPING\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      for (String line = in.readLine(); ; line = in.readLine()) {
        if (line == null || line.startsWith("-ERR")) {
          throw new IOException("refused: " + line);
        }
        if (line.equals("PONG")) {
          return new RawConnect(s);
        }
        // an INFO with this connection's limits may come first
      }
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** The socket, logged in; for runs that go on speaking the protocol on it. */
  Socket socket() {
    return socket;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
