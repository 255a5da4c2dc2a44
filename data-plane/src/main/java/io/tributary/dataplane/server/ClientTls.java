package io.tributary.dataplane.server;

import javax.net.ssl.SSLException;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.tributary.dataplane.config.ServerOptions;

/**
 * TLS the NATS way: the INFO line goes out in plain text (it tells the client {@code
 * tls_required}), then the client starts the handshake. So the TLS handler is put at the head of
 * the connection's pipeline once INFO is written; everything after is encrypted. Built once per
 * node from PEM files.
 */
final class ClientTls {
  private final SslContext context;

  private ClientTls(SslContext context) {
    this.context = context;
  }

  static ClientTls create(ServerOptions.TlsOptions tls) {
    try {
      SslContextBuilder b =
          SslContextBuilder.forServer(tls.certFile().toFile(), tls.keyFile().toFile());
      if (tls.caFile() != null) {
        b.trustManager(tls.caFile().toFile());
        b.clientAuth(tls.verifyClients() ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
      }
      return new ClientTls(b.build());
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot load TLS certificate and key: " + e.getMessage(), e);
    }
  }

  /**
   * Writes INFO in plain text, then switches the connection to TLS. Runs on the connection's event
   * loop.
   */
  void sendInfoThenStart(ChannelHandlerContext ctx, byte[] info) {
    ctx.writeAndFlush(Unpooled.wrappedBuffer(info))
        .addListener(
            f -> {
              if (f.isSuccess()) {
                ctx.pipeline().addFirst("tls", context.newHandler(ctx.alloc()));
              } else {
                ctx.close();
              }
            });
  }
}
