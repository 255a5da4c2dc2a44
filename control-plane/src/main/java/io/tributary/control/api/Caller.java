package io.tributary.control.api;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.vertx.ext.web.RoutingContext;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** Who makes the current request and from where, for the audit log. */
@RequestScoped
public class Caller {
  @Inject JsonWebToken token;
  @Inject RoutingContext routing;

  /** The console user's name. */
  public String name() {
    return token.getName();
  }

  /** The client's address, or null. */
  public String source() {
    var a = routing.request().remoteAddress();
    return a == null ? null : a.hostAddress();
  }
}
