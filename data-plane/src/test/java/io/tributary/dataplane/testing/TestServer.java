package io.tributary.dataplane.testing;

import java.util.function.UnaryOperator;

import io.tributary.dataplane.config.NodeSettings;
import io.tributary.dataplane.config.ServerOptions;
import io.tributary.dataplane.server.Server;

/**
 * A real node in-process for tests: 127.0.0.1, a random client port, a random monitoring port, two
 * event loops. {@link #start} returns once it accepts connections. Published in the data-plane
 * test-jar for other modules.
 */
public final class TestServer implements AutoCloseable {
  private final Server server;

  private TestServer(Server server) {
    this.server = server;
  }

  public static TestServer start() {
    return start(b -> b);
  }

  /** Starts with the test defaults changed by {@code options}. */
  public static TestServer start(UnaryOperator<ServerOptions.Builder> options) {
    ServerOptions.Builder b =
        ServerOptions.builder()
            .set(NodeSettings.HOST, "127.0.0.1")
            .set(NodeSettings.PORT, NodeSettings.RANDOM_PORT)
            .set(NodeSettings.HTTP_PORT, NodeSettings.RANDOM_PORT)
            .set(NodeSettings.EVENT_LOOPS, 2);
    return new TestServer(Server.start(options.apply(b).build()));
  }

  public Server server() {
    return server;
  }

  public int port() {
    return server.port();
  }

  public String url() {
    return "nats://127.0.0.1:" + server.port();
  }

  /** The monitoring base URL, e.g. {@code http://127.0.0.1:1234}. */
  public String httpUrl() {
    return "http://127.0.0.1:" + server.httpPort();
  }

  @Override
  public void close() {
    server.close();
  }
}
