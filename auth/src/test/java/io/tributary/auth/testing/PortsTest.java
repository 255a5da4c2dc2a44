package io.tributary.auth.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

class PortsTest {
  @Test
  void portsForChildProcessesAreFreeAndBelowTheEphemeralRange() throws IOException {
    int ephemeral = Ports.ephemeralLow();
    assertThat(ephemeral).as("the kernel's ephemeral range, read").isGreaterThan(10_000);
    for (int i = 0; i < 20; i++) {
      int port = Ports.freeLoopbackPort();
      assertThat(port).isBetween(10_000, ephemeral - 1);
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        assertThat(s.getLocalPort()).isEqualTo(port);
      }
    }
  }
}
