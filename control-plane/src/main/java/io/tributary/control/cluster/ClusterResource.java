package io.tributary.control.cluster;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.quarkus.security.Authenticated;
import io.tributary.control.api.ApiProblem;
import io.tributary.control.api.IfMatch;
import io.tributary.control.api.PageRequest;
import io.tributary.control.api.PageView;
import io.tributary.control.api.Problems;
import io.tributary.control.console.Caller;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code /api/v1/clusters}: the data-plane clusters the control plane pushes account JWTs to, and
 * {@code …/{cluster}/status}: per node, connected or not, accounts current and pending.
 * Operator-admins only.
 */
@Path("/api/v1/clusters")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
public class ClusterResource {
  static final String URL = "^(nats|tls)://[A-Za-z0-9.\\-\\[\\]:]+:[0-9]{1,5}$";

  public record NewCluster(
      @NotNull
          @Pattern(
              regexp = "^[a-z0-9][a-z0-9-]{0,62}$",
              message = "lower-case letters, digits and '-', at most 63")
          String name,
      @NotEmpty List<@Pattern(regexp = URL, message = "nats://host:port") String> urls,
      @Size(max = 1000) String description) {}

  public record ClusterChange(
      @Size(min = 1) List<@Pattern(regexp = URL, message = "nats://host:port") String> urls,
      @Size(max = 1000) String description) {}

  public record ClusterView(
      String name,
      List<String> urls,
      String description,
      long version,
      Instant createdAt,
      Instant updatedAt) {
    static ClusterView of(ClusterEntity c) {
      return new ClusterView(c.name, c.urls, c.description, c.version, c.createdAt, c.updatedAt);
    }
  }

  public record StatusView(String cluster, List<ClusterService.NodeSummary> nodes) {}

  @Inject ClusterService clusters;
  @Inject Caller caller;

  @POST
  @Problems({ApiProblem.FORBIDDEN, ApiProblem.NAME_TAKEN})
  @APIResponse(
      responseCode = "201",
      description = "created",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ClusterView.class)))
  public Response create(@Valid @NotNull NewCluster body) {
    caller.requireOperatorAdmin();
    ClusterEntity c = clusters.create(body.name(), body.urls(), body.description(), caller.actor());
    return Response.created(URI.create("/api/v1/clusters/" + c.name))
        .entity(ClusterView.of(clusters.get(c.name)))
        .build();
  }

  @GET
  @Problems({ApiProblem.FORBIDDEN})
  public PageView<ClusterView> list(@BeanParam @Valid PageRequest page) {
    caller.requireOperatorAdmin();
    return page.of(clusters.list(), ClusterView::of);
  }

  @GET
  @Path("/{cluster}")
  @Problems({ApiProblem.FORBIDDEN, ApiProblem.NOT_FOUND})
  public ClusterView read(@PathParam("cluster") String name) {
    caller.requireOperatorAdmin();
    return ClusterView.of(clusters.get(name));
  }

  @PATCH
  @Path("/{cluster}")
  @Problems({
    ApiProblem.FORBIDDEN,
    ApiProblem.NOT_FOUND,
    ApiProblem.BAD_IF_MATCH,
    ApiProblem.STALE_VERSION
  })
  public ClusterView change(
      @PathParam("cluster") String name,
      @HeaderParam("If-Match") String ifMatch,
      @Valid @NotNull ClusterChange body) {
    caller.requireOperatorAdmin();
    return ClusterView.of(
        clusters.update(
            name, IfMatch.optional(ifMatch), body.urls(), body.description(), caller.actor()));
  }

  @DELETE
  @Path("/{cluster}")
  @Problems({ApiProblem.FORBIDDEN, ApiProblem.NOT_FOUND})
  @APIResponse(responseCode = "204", description = "done, nothing to return")
  public Response delete(@PathParam("cluster") String name) {
    caller.requireOperatorAdmin();
    clusters.delete(name, caller.actor());
    return Response.noContent().build();
  }

  @GET
  @Path("/{cluster}/status")
  @Problems({ApiProblem.FORBIDDEN, ApiProblem.NOT_FOUND})
  public StatusView status(@PathParam("cluster") String name) {
    caller.requireOperatorAdmin();
    return new StatusView(name, clusters.status(clusters.get(name)));
  }

  /** Each node's own figures (connections, subscriptions, CPU, memory, traffic), asked live. */
  @GET
  @Path("/{cluster}/metrics")
  @Problems({ApiProblem.FORBIDDEN, ApiProblem.NOT_FOUND})
  public List<ClusterService.NodeMetrics> metrics(@PathParam("cluster") String name) {
    caller.requireOperatorAdmin();
    return clusters.metrics(clusters.get(name));
  }
}
