package io.tributary.auth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/** Ports for servers that tests start as separate processes (in-JVM servers pick their own). */
public final class Ports {
  private Ports() {}

  private static final int LOWEST = 10_000;

  /**
   * A loopback port that was free a moment ago: drawn at random below the kernel's ephemeral range,
   * so that no outgoing connection (a connection pool starting meanwhile) takes it as its local
   * port before the server that is given it binds it.
   */
  public static int freeLoopbackPort() {
    int ephemeral = ephemeralLow();
    for (int i = 0; i < 100 && ephemeral - LOWEST >= 1_000; i++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST, ephemeral);
      if (bindable(port)) {
        return port;
      }
    }
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  private static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(false);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The low end of net.ipv4.ip_local_port_range (Linux's default when it cannot be read). Read by
   * lines: {@code Files.readString} of this procfs file returns only its first byte.
   */
  static int ephemeralLow() {
    try {
      String range =
          Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
      return Integer.parseInt(range.split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }
}
