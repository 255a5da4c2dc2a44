package io.tributary.control.inspect;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import io.quarkus.security.Authenticated;
import io.tributary.auth.subject.Subjects;
import io.tributary.control.account.AccountAccess;
import io.tributary.control.api.ApiProblem;
import io.tributary.control.api.PageRequest;
import io.tributary.control.api.PageView;
import io.tributary.control.api.Problem;
import io.tributary.control.api.Problems;
import io.tributary.control.console.Caller;
import io.tributary.control.inspect.Views.ConsumerView;
import io.tributary.control.inspect.Views.KvBucketView;
import io.tributary.control.inspect.Views.KvEntryView;
import io.tributary.control.inspect.Views.MessagePage;
import io.tributary.control.inspect.Views.ObjectStoreView;
import io.tributary.control.inspect.Views.ObjectView;
import io.tributary.control.inspect.Views.StreamDetail;
import io.tributary.control.inspect.Views.StreamSummary;
import io.tributary.control.inspect.Views.Usage;
import io.tributary.control.model.AccountEntity;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * An account as its nodes see it now, for anyone who may see the account (viewers included): usage,
 * streams and their messages and consumers, Key/Value and Object Store buckets. Read through the
 * account's read-only reader ({@link AccountReaders}); a node that cannot be reached is 503 {@code
 * no-node}, an account without JetStream 409 {@code jetstream-disabled}.
 */
@Path("/api/v1/accounts/{account}")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class InspectResource {
  /** {@code ?fromSeq=&fromTime=&subject=&limit=} of a stream's messages. */
  public static class MessageQuery {
    @QueryParam("fromSeq")
    @Min(1)
    public Long fromSeq;

    @QueryParam("fromTime")
    @Size(max = 64)
    public String fromTime;

    @QueryParam("subject")
    @Size(max = 255)
    public String subject;

    @QueryParam("limit")
    @DefaultValue("25")
    @Min(1)
    @Max(100)
    public int limit;
  }

  @Inject AccountAccess access;
  @Inject AccountReaders readers;
  @Inject Caller caller;

  @GET
  @Path("/usage")
  @Problems({ApiProblem.NOT_FOUND, ApiProblem.NO_NODE})
  public Usage usage(@PathParam("account") String account) {
    AccountEntity a = access.read(account);
    return new JetStreamBrowser(readers.of(a, caller.actor())).usage(readers.nodes(a));
  }

  @GET
  @Path("/streams")
  @Problems({ApiProblem.NOT_FOUND, ApiProblem.NO_NODE, ApiProblem.JETSTREAM_DISABLED})
  public PageView<StreamSummary> streams(
      @PathParam("account") String account, @BeanParam @Valid PageRequest page) {
    return page.of(browser(account).streams());
  }

  @GET
  @Path("/streams/{stream}")
  @Problems({ApiProblem.NOT_FOUND, ApiProblem.NO_NODE, ApiProblem.JETSTREAM_DISABLED})
  public StreamDetail stream(
      @PathParam("account") String account, @PathParam("stream") String stream) {
    return browser(account).stream(stream);
  }

  /**
   * Up to {@code limit} messages in sequence order: from {@code fromSeq}, else from the first at or
   * after {@code fromTime} (RFC 3339), else the newest; only those on {@code subject} (wildcards
   * allowed) when it is given. A live tail asks again from the answer's {@code next}.
   */
  @GET
  @Path("/streams/{stream}/messages")
  @Problems({ApiProblem.NOT_FOUND, ApiProblem.NO_NODE, ApiProblem.JETSTREAM_DISABLED})
  public MessagePage messages(
      @PathParam("account") String account,
      @PathParam("stream") String stream,
      @BeanParam @Valid MessageQuery q) {
    Instant from = null;
    if (q.fromTime != null && !q.fromTime.isBlank()) {
      try {
        from = Instant.parse(q.fromTime);
      } catch (DateTimeParseException e) {
        throw badParameter("fromTime", "must be an RFC 3339 time, such as 2026-12-07T10:15:30Z");
      }
    }
    String subject = q.subject == null || q.subject.isBlank() ? null : q.subject.strip();
    if (subject != null && !Subjects.isValid(subject)) {
      throw badParameter("subject", "must be a NATS subject (wildcards allowed)");
    }
    return browser(account).messages(stream, q.fromSeq, from, subject, q.limit);
  }

  @GET
  @Path("/streams/{stream}/consumers")
  @Problems({ApiProblem.NOT_FOUND, ApiProblem.NO_NODE, ApiProblem.JETSTREAM_DISABLED})
  public PageView<ConsumerView> consumers(
      @PathParam("account") String account,
      @PathParam("stream") String stream,
      @BeanParam @Valid PageRequest page) {
    return page.of(browser(account).consumers(stream));
  }

  @GET
  @Path("/kv")
  @Problems({ApiProblem.NOT_FOUND, ApiProblem.NO_NODE, ApiProblem.JETSTREAM_DISABLED})
  public PageView<KvBucketView> kvBuckets(
      @PathParam("account") String account, @BeanParam @Valid PageRequest page) {
    return page.of(browser(account).kvBuckets());
  }

  /** The latest entry of each key, by key (deleted keys too, with their operation). */
  @GET
  @Path("/kv/{bucket}")
  @Problems({ApiProblem.NOT_FOUND, ApiProblem.NO_NODE, ApiProblem.JETSTREAM_DISABLED})
  public PageView<KvEntryView> kvKeys(
      @PathParam("account") String account,
      @PathParam("bucket") String bucket,
      @BeanParam @Valid PageRequest page) {
    JetStreamBrowser.KeyPage keys =
        browser(account).kvKeys(bucket, page.page * page.size, page.size);
    return new PageView<>(keys.entries(), page.page, page.size, keys.total());
  }

  /** Every revision the bucket keeps of the key, newest first. */
  @GET
  @Path("/kv/{bucket}/{key}")
  @Problems({ApiProblem.NOT_FOUND, ApiProblem.NO_NODE, ApiProblem.JETSTREAM_DISABLED})
  public List<KvEntryView> kvHistory(
      @PathParam("account") String account,
      @PathParam("bucket") String bucket,
      @PathParam("key") String key) {
    return browser(account).kvHistory(bucket, key);
  }

  @GET
  @Path("/object-stores")
  @Problems({ApiProblem.NOT_FOUND, ApiProblem.NO_NODE, ApiProblem.JETSTREAM_DISABLED})
  public PageView<ObjectStoreView> objectStores(
      @PathParam("account") String account, @BeanParam @Valid PageRequest page) {
    return page.of(browser(account).objectStores());
  }

  @GET
  @Path("/object-stores/{bucket}")
  @Problems({ApiProblem.NOT_FOUND, ApiProblem.NO_NODE, ApiProblem.JETSTREAM_DISABLED})
  public PageView<ObjectView> objects(
      @PathParam("account") String account,
      @PathParam("bucket") String bucket,
      @BeanParam @Valid PageRequest page) {
    return page.of(browser(account).objects(bucket));
  }

  private JetStreamBrowser browser(String account) {
    AccountEntity a = access.read(account);
    return new JetStreamBrowser(readers.of(a, caller.actor()));
  }

  private static RuntimeException badParameter(String name, String message) {
    return ApiProblem.BAD_PARAMETER.exception(
        "the query parameter " + name + " " + message,
        List.of(new Problem.FieldError(name, message)));
  }
}
