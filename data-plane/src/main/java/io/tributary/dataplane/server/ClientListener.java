package io.tributary.dataplane.server;

import java.net.InetSocketAddress;
import java.util.function.Function;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.tributary.dataplane.client.ClientConnection;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.impl.PartialPooledByteBufAllocator;
import io.vertx.core.impl.VertxInternal;

/**
 * The client port: one server socket whose connections are spread over the node's event loops. It
 * is bound paused — connections wait in the kernel's backlog, none is accepted — and accepts once
 * the node is ready ({@link #resume}), so the first client of a starting node gets its INFO.
 *
 * <p>Plain Netty rather than Vert.x's NetServer: several NetServers sharing a port register their
 * event loops one after another, and a connection handed to a loop not yet registered was closed
 * without a word (a client connecting while the node started read EOF).
 */
final class ClientListener implements AutoCloseable {
  private final Channel channel;

  private ClientListener(Channel channel) {
    this.channel = channel;
  }

  /**
   * Binds host:port (0 for any free port), paused. {@code open} makes a new connection's client, or
   * returns null when it closed the connection instead.
   */
  static ClientListener bind(
      Vertx vertx, String host, int port, Function<ChannelHandlerContext, ClientConnection> open)
      throws InterruptedException {
    Channel channel =
        new ServerBootstrap()
            .group(((VertxInternal) vertx).getAcceptorEventLoopGroup(), vertx.nettyEventLoopGroup())
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            .option(ChannelOption.AUTO_READ, false)
            .childOption(ChannelOption.TCP_NODELAY, true)
            // What Vert.x gave its connections: pooled direct buffers for socket reads and writes.
            .childOption(ChannelOption.ALLOCATOR, PartialPooledByteBufAllocator.INSTANCE)
            .childHandler(new Connection(open))
            .bind(host, port)
            .sync()
            .channel();
    return new ClientListener(channel);
  }

  int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /** Starts accepting the connections waiting in the backlog and those that follow. */
  void resume() {
    channel.config().setAutoRead(true);
  }

  /** Stops accepting; connections already accepted stay open. */
  @Override
  public void close() {
    channel.close().syncUninterruptibly();
  }

  private static final class Connection extends ChannelInitializer<Channel> {
    private final Function<ChannelHandlerContext, ClientConnection> open;

    Connection(Function<ChannelHandlerContext, ClientConnection> open) {
      this.open = open;
    }

    @Override
    protected void initChannel(Channel ch) {
      ch.pipeline().addLast("tributary-client", new Reads(open));
    }
  }

  private static final class Reads extends ChannelInboundHandlerAdapter {
    private final Function<ChannelHandlerContext, ClientConnection> open;
    private ClientConnection client;

    Reads(Function<ChannelHandlerContext, ClientConnection> open) {
      this.open = open;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      client = open.apply(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (client != null && msg instanceof ByteBuf buf) {
          client.read(buf);
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (client != null) {
        client.socketClosed();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // A reset by the peer, or a TLS handshake refused: the connection is over either way.
      ctx.close();
    }
  }
}
