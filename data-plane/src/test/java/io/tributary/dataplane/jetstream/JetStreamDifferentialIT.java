package io.tributary.dataplane.jetstream;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.tributary.auth.subject.Subjects;
import io.tributary.auth.testing.NatsServerProcess;
import io.tributary.dataplane.config.NodeSettings;
import io.tributary.dataplane.testing.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Differential test of the JetStream API: each case is a sequence of raw requests and publishes
 * (plain JSON bodies, explicit headers, no JetStream client logic), sent in the same order to
 * Debian's {@code nats-server -js} 2.9.10 and to our node, each started fresh for the case. Every
 * reply is compared field by field after masking what legitimately varies (timestamps, server
 * identities, API counters). A difference must be either a {@link #KNOWN_DIFFERENCES known one}
 * (documented in docs/protocol/compat.md, with its reason) or an {@link #OPEN_DIFFERENCES open one}
 * (a bug on our side, kept visible until fixed); anything else fails with a readable diff.
 *
 * <p>Requests go out as a publish with a reply subject on a subscription of the test's own instead
 * of {@code Connection.request}: the same bytes on the wire, but status replies (no-responders,
 * direct get's 404/408) come back as messages instead of cancelled futures, so they are compared
 * too.
 */
class JetStreamDifferentialIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration REPLY_WAIT = Duration.ofSeconds(5);
  // For the few requests nats-server 2.9 leaves unanswered.
  private static final Duration SHORT_WAIT = Duration.ofSeconds(1);
  private static final String MASK = "<masked>";
  // The path of a diff between two kinds of reply (none, json, message).
  private static final String REPLY_KIND = "(reply kind)";
  private static final String PURGE_KEEP_ACROSS_GAPS = "purge keep across deleted messages";

  /** Fields whose value differs by nature; their presence is still compared. */
  private static final Set<String> MASKED_FIELDS =
      Set.of(
          "created",
          "ts",
          "first_ts",
          "last_ts",
          "time",
          "Nats-Time-Stamp",
          "domain",
          "cluster",
          "last_active");

  /** Inside {@code api}: counters of requests, which depend on the whole life of the server. */
  private static final Set<String> MASKED_API_FIELDS = Set.of("total", "errors", "inflight");

  @TempDir static Path storeDirs;

  private static final Set<String> SEEN_OPEN = ConcurrentHashMap.newKeySet();
  private static final AtomicInteger CASES_RUN = new AtomicInteger();

  // ---- the table of cases ----

  static Stream<Arguments> cases() {
    return CASES.stream().map(c -> Arguments.of(c.name(), c));
  }

  private static final List<Case> CASES =
      List.of(
          // -- account --
          c("account info of an empty account", api("INFO", "")),
          c(
              "account info counts streams and storage",
              create("S", "'subjects':['s.>']"),
              pub("s.a", "hello"),
              create("M", "'subjects':['m.>'],'storage':'memory'"),
              pub("m.a", "x", "X-Key", "v"),
              api("INFO", "")),

          // -- stream create --
          c(
              "create echoes the defaults",
              create("S", "'subjects':['s.>']"),
              api("STREAM.INFO.S", "")),
          c("create without subjects takes the name", create("ORDERS", "")),
          c(
              "create echoes every field set",
              create(
                  "FULL",
                  "'description':'all the fields','subjects':['full.a','full.b.*'],"
                      + "'retention':'limits','max_consumers':10,'max_msgs':100,'max_bytes':10000,"
                      + "'max_age':3600000000000,'max_msgs_per_subject':5,'max_msg_size':512,"
                      + "'discard':'new','storage':'memory','num_replicas':1,"
                      + "'duplicate_window':60000000000,'allow_direct':true,"
                      + "'allow_rollup_hdrs':true,'deny_delete':true,'no_ack':false"),
              api("STREAM.INFO.FULL", "")),
          c(
              "create is idempotent",
              create("S", "'subjects':['s.>']"),
              create("S", "'subjects':['s.>']"),
              create("S", "'subjects':['s.>'],'unknown_field':1"),
              create("S", "'subjects':['s.>'],'max_msgs':-1,'storage':'file'")),
          c(
              "create with a different config",
              create("S", "'subjects':['s.>']"),
              create("S", "'subjects':['s.>'],'max_msgs':5"),
              create("S", "'subjects':['s.a']")),
          c(
              "create with overlapping subjects",
              create("A", "'subjects':['a.>']"),
              create("B", "'subjects':['a.b']"),
              create("C", "'subjects':['>']"),
              create("D", "'subjects':['*.x']"),
              create("E", "'subjects':['b.*']")),
          c(
              "create with bad names",
              api("STREAM.CREATE.X", "{'name':'Y'}"),
              api("STREAM.CREATE.X", "{'subjects':['x']}"),
              api("STREAM.CREATE.a*b", "{'name':'a*b'}"),
              api("STREAM.CREATE.a>", "{'name':'a>'}"),
              api("STREAM.CREATE.a\\b", "{'name':'a\\\\b'}"),
              api("STREAM.CREATE.a/b", "{'name':'a/b'}"),
              api("STREAM.CREATE.a.b", "{'name':'a.b'}").shortWait()),
          c(
              "create with bad JSON",
              api("STREAM.CREATE.X", "{bad"),
              api("STREAM.CREATE.X", ""),
              api("STREAM.CREATE.X", "[]"),
              api("STREAM.CREATE.X", "{'name':'X','max_msgs':'ten'}")),
          c(
              "create with invalid limits",
              create("X", "'max_age':10000000"),
              create("X", "'max_age':-1"),
              create("X", "'duplicate_window':10000000"),
              create("X", "'max_age':1000000000,'duplicate_window':2000000000"),
              create("X", "'num_replicas':3"),
              create("X", "'sealed':true"),
              create("X", "'storage':'disk'"),
              create("X", "'discard_new_per_subject':true,'max_msgs_per_subject':1"),
              create("X", "'max_msgs':-5")),
          c(
              "create with invalid subjects",
              create("X", "'subjects':['a','a']"),
              create("X", "'subjects':['a..b']"),
              create("X", "'subjects':['a.>','a.b']"),
              create("X", "'subjects':['$JS.API.>']"),
              create("X", "'subjects':['$JS.API.>'],'no_ack':true")),

          // -- stream update --
          c(
              "update changes limits and trims",
              create("U", "'subjects':['u.>']"),
              pub("u.a", "1"),
              pub("u.a", "2"),
              pub("u.b", "3"),
              pub("u.a", "4"),
              pub("u.c", "5"),
              update("U", "'subjects':['u.>'],'max_msgs':3"),
              update("U", "'subjects':['u.>'],'max_msgs':3,'max_msgs_per_subject':1"),
              update("U", "'subjects':['u.>','v.>'],'max_msgs':3,'max_msgs_per_subject':1"),
              api("STREAM.INFO.U", "{'subjects_filter':'>'}")),
          c(
              "update refuses illegal changes",
              create("U", "'subjects':['u.>'],'deny_delete':true,'deny_purge':true"),
              update(
                  "U",
                  "'subjects':['u.>'],'deny_delete':true,'deny_purge':true,'storage':'memory'"),
              update("U", "'subjects':['u.>'],'deny_delete':false,'deny_purge':true"),
              update("U", "'subjects':['u.>'],'deny_delete':true,'deny_purge':false"),
              update("NOPE", "'subjects':['nope']"),
              api("STREAM.UPDATE.U", "{'name':'V'}"),
              api("STREAM.UPDATE.U", ""),
              api("STREAM.UPDATE.U", "{bad"),
              api("STREAM.INFO.U", "")),
          c(
              "update moves onto another stream's subjects",
              create("A", "'subjects':['a.>']"),
              create("B", "'subjects':['b.>']"),
              update("B", "'subjects':['a.x']")),
          c(
              "seal and unseal",
              create("U", "'subjects':['u.>']"),
              pub("u.a", "1"),
              update("U", "'subjects':['u.>'],'sealed':true"),
              update("U", "'subjects':['u.>'],'sealed':false"),
              pub("u.a", "2"),
              api("STREAM.PURGE.U", ""),
              api("STREAM.MSG.DELETE.U", "{'seq':1}"),
              api("STREAM.INFO.U", "")),

          // -- stream info --
          c(
              "info with subjects_filter and deleted_details",
              create("I", "'subjects':['i.>']"),
              pub("i.a", "1"),
              pub("i.b", "2"),
              pub("i.a", "3"),
              pub("i.c", "4"),
              pub("i.b.x", "5"),
              api("STREAM.MSG.DELETE.I", "{'seq':2}"),
              api("STREAM.MSG.DELETE.I", "{'seq':4}"),
              api("STREAM.INFO.I", ""),
              api("STREAM.INFO.I", "{'subjects_filter':'i.a'}"),
              api("STREAM.INFO.I", "{'subjects_filter':'i.*'}"),
              api("STREAM.INFO.I", "{'subjects_filter':'>','deleted_details':true}"),
              api("STREAM.INFO.I", "{'subjects_filter':'>','offset':2}"),
              api("STREAM.INFO.I", "{'deleted_details':true}"),
              api("STREAM.INFO.I", "{'subjects_filter':'nothing'}"),
              api("STREAM.INFO.NOPE", ""),
              api("STREAM.INFO.I", "{bad")),

          // -- names and list --
          c(
              "names and list",
              api("STREAM.NAMES", ""),
              api("STREAM.LIST", ""),
              create("B", "'subjects':['b.>']"),
              create("A", "'subjects':['a.*']"),
              create("C", "'subjects':['c']"),
              api("STREAM.NAMES", ""),
              api("STREAM.NAMES", "{'subject':'a.x'}"),
              api("STREAM.NAMES", "{'subject':'>'}"),
              api("STREAM.NAMES", "{'subject':'zzz'}"),
              api("STREAM.NAMES", "{'offset':1}"),
              api("STREAM.NAMES", "{'offset':5}"),
              api("STREAM.LIST", ""),
              api("STREAM.LIST", "{'subject':'b.q'}"),
              api("STREAM.LIST", "{'offset':2}"),
              api("STREAM.NAMES", "{bad")),

          // -- stream delete --
          c(
              "delete",
              create("D", "'subjects':['d']"),
              api("STREAM.DELETE.D", "{'x':1}"),
              api("STREAM.DELETE.D", "{}"),
              api("STREAM.DELETE.D", ""),
              api("STREAM.INFO.D", ""),
              create("E", "'subjects':['e']"),
              api("STREAM.DELETE.E", ""),
              api("STREAM.NAMES", "")),

          // -- purge --
          c(
              "purge by keep, filter and sequence",
              create("P", "'subjects':['p.>']"),
              pub("p.a", "0"),
              pub("p.b", "1"),
              pub("p.a", "2"),
              pub("p.b", "3"),
              pub("p.a", "4"),
              pub("p.b", "5"),
              pub("p.a", "6"),
              pub("p.b", "7"),
              pub("p.a", "8"),
              pub("p.b", "9"),
              api("STREAM.PURGE.P", "{'keep':8}"),
              api("STREAM.PURGE.P", "{'filter':'p.a'}"),
              api("STREAM.PURGE.P", "{'seq':8}"),
              api("STREAM.INFO.P", "{'deleted_details':true}"),
              api("STREAM.PURGE.P", ""),
              api("STREAM.INFO.P", ""),
              pub("p.a", "10"),
              api("STREAM.INFO.P", "")),
          c(
              PURGE_KEEP_ACROSS_GAPS,
              create("P", "'subjects':['p.>']"),
              pub("p.a", "0"),
              pub("p.b", "1"),
              pub("p.a", "2"),
              pub("p.b", "3"),
              pub("p.a", "4"),
              pub("p.b", "5"),
              api("STREAM.PURGE.P", "{'filter':'p.a'}"),
              api("STREAM.PURGE.P", "{'keep':2}"),
              api("STREAM.INFO.P", "")),
          c(
              "purge with a filter and keep or sequence",
              create("P", "'subjects':['p.>']"),
              pub("p.a", "1"),
              pub("p.a", "2"),
              pub("p.a", "3"),
              pub("p.b", "4"),
              pub("p.b", "5"),
              pub("p.b", "6"),
              api("STREAM.PURGE.P", "{'filter':'p.a','keep':1}"),
              api("STREAM.PURGE.P", "{'filter':'p.b','seq':6}"),
              api("STREAM.INFO.P", "{'subjects_filter':'>'}")),
          c(
              "purge refusals",
              create("P", "'subjects':['p']"),
              pub("p", "1"),
              api("STREAM.PURGE.P", "{'seq':2,'keep':1}"),
              api("STREAM.PURGE.P", "{bad"),
              api("STREAM.PURGE.NOPE", ""),
              create("DP", "'subjects':['dp'],'deny_purge':true"),
              pub("dp", "1"),
              api("STREAM.PURGE.DP", ""),
              api("STREAM.INFO.DP", "")),

          // -- message get --
          c(
              "msg get",
              create("G", "'subjects':['g.>']"),
              pub("g.a", "one", "X-Key", "v1"),
              pub("g.b", "two"),
              pub("g.a", "three"),
              pub("g.c", ""),
              api("STREAM.MSG.GET.G", "{'seq':1}"),
              api("STREAM.MSG.GET.G", "{'seq':4}"),
              api("STREAM.MSG.GET.G", "{'last_by_subj':'g.a'}"),
              api("STREAM.MSG.GET.G", "{'last_by_subj':'g.*'}"),
              api("STREAM.MSG.GET.G", "{'next_by_subj':'g.a','seq':2}"),
              api("STREAM.MSG.GET.G", "{'next_by_subj':'g.*','seq':2}"),
              api("STREAM.MSG.GET.G", "{'next_by_subj':'g.b'}"),
              api("STREAM.MSG.GET.G", "{'seq':1,'no_hdr':true}"),
              api("STREAM.MSG.GET.NOPE", "{'seq':1}")),
          c(
              "msg get misses and bad requests",
              create("G", "'subjects':['g.>']"),
              pub("g.a", "one"),
              pub("g.b", "two"),
              api("STREAM.MSG.GET.G", "{'seq':99}"),
              api("STREAM.MSG.GET.G", "{'last_by_subj':'g.zzz'}"),
              api("STREAM.MSG.GET.G", "{'next_by_subj':'g.a','seq':2}"),
              api("STREAM.MSG.DELETE.G", "{'seq':1}"),
              api("STREAM.MSG.GET.G", "{'seq':1}"),
              api("STREAM.MSG.GET.G", ""),
              api("STREAM.MSG.GET.G", "{}"),
              api("STREAM.MSG.GET.G", "{bad"),
              api("STREAM.MSG.GET.G", "{'seq':2,'last_by_subj':'g.b'}"),
              api("STREAM.MSG.GET.G", "{'seq':2,'batch':2}")),

          // -- message delete --
          c(
              "msg delete",
              create("D", "'subjects':['d.>']"),
              pub("d.a", "1"),
              pub("d.a", "2"),
              pub("d.b", "3"),
              pub("d.b", "4"),
              api("STREAM.MSG.DELETE.D", "{'seq':2}"),
              api("STREAM.MSG.DELETE.D", "{'seq':3,'no_erase':true}"),
              api("STREAM.MSG.DELETE.D", "{'seq':2}"),
              api("STREAM.MSG.DELETE.D", "{'seq':99}"),
              api("STREAM.MSG.DELETE.D", ""),
              api("STREAM.MSG.DELETE.D", "{}"),
              api("STREAM.MSG.DELETE.D", "{bad"),
              api("STREAM.INFO.D", "{'deleted_details':true}"),
              api("STREAM.MSG.GET.D", "{'seq':2}"),
              api("STREAM.MSG.DELETE.D", "{'seq':1}"),
              api("STREAM.MSG.DELETE.D", "{'seq':4}"),
              api("STREAM.INFO.D", "{'deleted_details':true}"),
              api("STREAM.MSG.DELETE.NOPE", "{'seq':1}")),
          c(
              "msg delete with deny_delete",
              create("DD", "'subjects':['dd'],'deny_delete':true"),
              pub("dd", "1"),
              api("STREAM.MSG.DELETE.DD", "{'seq':1}"),
              api("STREAM.MSG.DELETE.DD", "{'seq':1,'no_erase':true}"),
              api("STREAM.INFO.DD", "")),

          // -- direct get --
          c(
              "direct get",
              create("DG", "'subjects':['dg.>'],'allow_direct':true"),
              pub("dg.a", "one", "X-Key", "v1"),
              pub("dg.b", "two"),
              pub("dg.a", "three"),
              api("DIRECT.GET.DG", "{'seq':2}"),
              api("DIRECT.GET.DG", "{'seq':1}"),
              api("DIRECT.GET.DG", "{'last_by_subj':'dg.a'}"),
              api("DIRECT.GET.DG", "{'next_by_subj':'dg.a','seq':2}"),
              api("DIRECT.GET.DG", "{'next_by_subj':'dg.*'}"),
              api("DIRECT.GET.DG.dg.b", ""),
              api("DIRECT.GET.DG.dg.a", "")),
          c(
              "direct get misses and bad requests",
              create("DG", "'subjects':['dg.>'],'allow_direct':true"),
              pub("dg.a", "one"),
              api("DIRECT.GET.DG", "{'seq':99}"),
              api("DIRECT.GET.DG.dg.zzz", ""),
              api("DIRECT.GET.DG", ""),
              api("DIRECT.GET.DG", "{}"),
              api("DIRECT.GET.DG", "{bad"),
              api("DIRECT.GET.DG", "{'seq':1,'last_by_subj':'dg.a'}"),
              api("DIRECT.GET.DG", "{'last_by_subj':'dg.a','next_by_subj':'dg.a'}"),
              api("DIRECT.GET.DG.dg.a", "{}")),
          c(
              "direct get without allow_direct",
              create("ND", "'subjects':['nd']"),
              pub("nd", "1"),
              api("DIRECT.GET.ND", "{'seq':1}").shortWait(),
              api("DIRECT.GET.ND.nd", "").shortWait(),
              api("DIRECT.GET.NOPE", "{'seq':1}").shortWait()),
          c(
              "allow_direct turned on by an update",
              create("DU", "'subjects':['du']"),
              pub("du", "1"),
              update("DU", "'subjects':['du'],'allow_direct':true"),
              api("DIRECT.GET.DU", "{'seq':1}")),

          // -- publishing --
          c(
              "publish acks",
              create("S", "'subjects':['s.>']"),
              pub("s.a", "1"),
              pub("s.b", "2", "X-Key", "v"),
              pub("s.c", ""),
              api("STREAM.INFO.S", "")),
          c(
              "duplicates",
              create("S", "'subjects':['s.>']"),
              pub("s.a", "1", "Nats-Msg-Id", "m1"),
              pub("s.a", "1", "Nats-Msg-Id", "m1"),
              pub("s.b", "other subject, same id", "Nats-Msg-Id", "m1"),
              pub("s.a", "2", "Nats-Msg-Id", "m2"),
              pub("s.a", "3"),
              pub("s.a", "1 again", "Nats-Msg-Id", "m1"),
              api("STREAM.INFO.S", "")),
          c(
              "smallest duplicate window",
              create("S", "'subjects':['s'],'duplicate_window':100000000"),
              pub("s", "1", "Nats-Msg-Id", "m1")),
          c(
              "expected stream",
              create("S", "'subjects':['s.>']"),
              pub("s.a", "1", "Nats-Expected-Stream", "S"),
              pub("s.a", "2", "Nats-Expected-Stream", "OTHER"),
              api("STREAM.INFO.S", "")),
          c(
              "expected last sequence",
              create("S", "'subjects':['s.>']"),
              pub("s.a", "1", "Nats-Expected-Last-Sequence", "0"),
              pub("s.a", "2", "Nats-Expected-Last-Sequence", "0"),
              pub("s.b", "3", "Nats-Expected-Last-Sequence", "1"),
              pub("s.b", "4", "Nats-Expected-Last-Sequence", "5"),
              api("STREAM.INFO.S", "")),
          c(
              "expected last msg id",
              create("S", "'subjects':['s.>']"),
              pub("s.a", "0", "Nats-Expected-Last-Msg-Id", "none yet"),
              pub("s.a", "1", "Nats-Msg-Id", "a"),
              pub("s.a", "2", "Nats-Expected-Last-Msg-Id", "a"),
              pub("s.a", "3", "Nats-Expected-Last-Msg-Id", "a"),
              pub("s.a", "4", "Nats-Msg-Id", "b", "Nats-Expected-Last-Msg-Id", "x"),
              pub("s.a", "5", "Nats-Msg-Id", "c"),
              pub("s.a", "6", "Nats-Msg-Id", "d", "Nats-Expected-Last-Msg-Id", "c"),
              api("STREAM.INFO.S", "")),
          c(
              "expected last subject sequence",
              create("S", "'subjects':['s.>']"),
              pub("s.a", "1", "Nats-Expected-Last-Subject-Sequence", "0"),
              pub("s.a", "2", "Nats-Expected-Last-Subject-Sequence", "0"),
              pub("s.b", "3", "Nats-Expected-Last-Subject-Sequence", "0"),
              pub("s.a", "4", "Nats-Expected-Last-Subject-Sequence", "1"),
              pub("s.a", "5", "Nats-Expected-Last-Subject-Sequence", "1"),
              pub("s.b", "6", "Nats-Expected-Last-Subject-Sequence", "2"),
              api("STREAM.INFO.S", "")),
          c(
              "several expectations in one publish",
              create("S", "'subjects':['s.>']"),
              pub(
                  "s.a",
                  "1",
                  "Nats-Expected-Stream",
                  "S",
                  "Nats-Expected-Last-Sequence",
                  "0",
                  "Nats-Msg-Id",
                  "m1"),
              pub(
                  "s.a",
                  "1",
                  "Nats-Expected-Stream",
                  "S",
                  "Nats-Expected-Last-Sequence",
                  "0",
                  "Nats-Msg-Id",
                  "m1"),
              pub("s.a", "2", "Nats-Expected-Stream", "T", "Nats-Expected-Last-Sequence", "7")),
          c(
              "discard new at max_msgs and max_bytes",
              create("N", "'subjects':['n'],'max_msgs':2,'discard':'new'"),
              pub("n", "1"),
              pub("n", "2"),
              pub("n", "3"),
              create("NB", "'subjects':['nb'],'max_bytes':100,'discard':'new'"),
              pub("nb", "x".repeat(60)),
              pub("nb", "y".repeat(60)),
              api("STREAM.INFO.N", "")),
          c(
              "max_msgs_per_subject with discard new",
              create(
                  "PS",
                  "'subjects':['ps.>'],'max_msgs_per_subject':1,'discard':'new',"
                      + "'discard_new_per_subject':true"),
              pub("ps.a", "1"),
              pub("ps.a", "2"),
              pub("ps.b", "3"),
              create("PO", "'subjects':['po.>'],'max_msgs_per_subject':1,'discard':'new'"),
              pub("po.a", "1"),
              pub("po.a", "2"),
              api("STREAM.INFO.PO", "")),
          c(
              "discard old at max_msgs",
              create("O", "'subjects':['o'],'max_msgs':2"),
              pub("o", "1"),
              pub("o", "2"),
              pub("o", "3"),
              api("STREAM.INFO.O", "")),
          c(
              "max_msg_size",
              create("Z", "'subjects':['z'],'max_msg_size':10"),
              pub("z", "0123456789A"),
              pub("z", "0123", "X-K", "v"),
              pub("z", "012345678"),
              pub("z", "0123456789")),
          c(
              "rollups",
              create("R", "'subjects':['r.>'],'allow_rollup_hdrs':true"),
              pub("r.a", "a1"),
              pub("r.b", "b1"),
              pub("r.a", "a2"),
              pub("r.b", "b2"),
              pub("r.a", "a3", "Nats-Rollup", "sub"),
              api("STREAM.INFO.R", "{'subjects_filter':'>'}"),
              pub("r.b", "b3", "Nats-Rollup", "all"),
              api("STREAM.INFO.R", "{'subjects_filter':'>'}"),
              pub("r.a", "a4", "Nats-Rollup", "SUB"),
              pub("r.a", "a5", "Nats-Rollup", "bogus").shortWait(),
              api("STREAM.INFO.R", "")),
          c(
              "rollups not permitted",
              create("NR", "'subjects':['nr']"),
              pub("nr", "1", "Nats-Rollup", "sub"),
              pub("nr", "2", "Nats-Rollup", "all"),
              create("RD", "'subjects':['rd'],'allow_rollup_hdrs':true,'deny_purge':true"),
              api("STREAM.INFO.NR", "")),
          c("publish to a subject no stream captures", pub("nothing.here", "x")),
          c(
              "per-message TTL",
              create("T", "'subjects':['t']"),
              pub("t", "expires", "Nats-TTL", "1s"),
              create("TA", "'subjects':['ta'],'allow_msg_ttl':true")),

          // -- consumers --
          c(
              "consumer create echoes the defaults",
              create("S", "'subjects':['s.>']"),
              consumer("S", "d", "'durable_name':'d','ack_policy':'explicit'"),
              api("CONSUMER.INFO.S.d", ""),
              consumer("S", "p", "'durable_name':'p','deliver_subject':'push.p'"),
              consumer("S", "n", "'name':'n','ack_policy':'none','max_deliver':-5")),
          c(
              "consumer create with a filter in the subject",
              create("S", "'subjects':['s.>']"),
              pub("s.a", "1"),
              pub("s.b", "2"),
              api(
                  "CONSUMER.CREATE.S.f.s.a",
                  "{'stream_name':'S','config':{'name':'f','filter_subject':'s.a'}}"),
              api(
                  "CONSUMER.CREATE.S.g.s.a",
                  "{'stream_name':'S','config':{'name':'g','filter_subject':'s.b'}}"),
              api(
                  "CONSUMER.CREATE.S.h.s.a",
                  "{'stream_name':'S','config':{'name':'h','filter_subjects':['s.a','s.b']}}"),
              api(
                  "CONSUMER.DURABLE.CREATE.S.m",
                  "{'stream_name':'S','config':{'durable_name':'m',"
                      + "'filter_subjects':['s.a','s.b']}}")),
          c(
              "consumer create errors",
              consumer("NOSTREAM", "d", "'durable_name':'d'"),
              create("S", "'subjects':['s.>']"),
              api("CONSUMER.CREATE.S.d", "{'stream_name':'T','config':{'durable_name':'d'}}"),
              api("CONSUMER.CREATE.S.d", "{'stream_name':'S','config':{'durable_name':'x'}}"),
              api("CONSUMER.CREATE.S.d", "{'stream_name':'S'}"),
              api("CONSUMER.CREATE.S.d", "not json"),
              api("CONSUMER.DURABLE.CREATE.S.d", "{'stream_name':'S','config':{}}"),
              api("CONSUMER.CREATE.S", "{'stream_name':'S','config':{'durable_name':'d'}}"),
              consumer("S", "a", "'deliver_policy':'last_per_subject'"),
              consumer("S", "b", "'deliver_policy':'by_start_sequence'"),
              consumer("S", "c", "'opt_start_seq':5"),
              consumer("S", "e", "'filter_subjects':['s.>','s.a']"),
              consumer("S", "f", "'filter_subject':'s.a','filter_subjects':['s.b']"),
              consumer("S", "g", "'deliver_subject':'x.g','max_waiting':5"),
              consumer("S", "h", "'deliver_subject':'x.h','flow_control':true"),
              consumer("S", "i", "'idle_heartbeat':1000000000"),
              consumer("S", "j", "'deliver_subject':'x.j','idle_heartbeat':1000"),
              consumer(
                  "S",
                  "k",
                  "'ack_policy':'explicit','max_deliver':2,"
                      + "'backoff':[1000000000,2000000000,3000000000]"),
              consumer("S", "l", "'deliver_subject':'s.l'"),
              consumer("S", "m", "'ack_policy':'maybe'"),
              consumer("S", "n", "'deliver_subject':'x.n','max_ack_pending':10")),
          c(
              "consumer update rules",
              create("S", "'subjects':['s.>']"),
              consumer("S", "d", "'durable_name':'d','ack_policy':'explicit'"),
              consumer("S", "d", "'durable_name':'d','ack_policy':'explicit'"),
              consumer("S", "d", "'durable_name':'d','ack_policy':'explicit','description':'x'"),
              consumer(
                  "S",
                  "d",
                  "'durable_name':'d','ack_policy':'explicit'," + "'deliver_policy':'new'"),
              consumer("S", "d", "'durable_name':'d','ack_policy':'none'"),
              consumer(
                  "S",
                  "d",
                  "'durable_name':'d','ack_policy':'explicit'," + "'deliver_subject':'x.d'"),
              consumer("S", "d", "'durable_name':'d','ack_policy':'explicit','max_waiting':7"),
              api("CONSUMER.INFO.S.d", "")),
          c(
              "consumer names, list and delete",
              create("S", "'subjects':['s.>']"),
              consumer("S", "b", "'durable_name':'b'"),
              consumer("S", "a", "'durable_name':'a','ack_policy':'all'"),
              api("CONSUMER.NAMES.S", ""),
              api("CONSUMER.LIST.S", ""),
              api("STREAM.INFO.S", ""),
              api("CONSUMER.DELETE.S.a", ""),
              api("CONSUMER.DELETE.S.a", ""),
              api("CONSUMER.INFO.S.a", ""),
              api("CONSUMER.NAMES.NOSTREAM", ""),
              api("CONSUMER.LEADER.STEPDOWN.S.b", ""),
              api("CONSUMER.LEADER.STEPDOWN.S.nobody", ""),
              api("CONSUMER.DELETE.S.b", "{'x':1}"),
              api("INFO", "")),
          c(
              "pull requests",
              create("S", "'subjects':['s.>']"),
              pub("s.a", "one"),
              pub("s.b", "two", "X-K", "v"),
              consumer("S", "d", "'durable_name':'d','ack_policy':'explicit'"),
              api("CONSUMER.MSG.NEXT.S.d", ""),
              api("CONSUMER.MSG.NEXT.S.d", "{'batch':1}"),
              api("CONSUMER.MSG.NEXT.S.d", "{'batch':1,'no_wait':true}"),
              api("CONSUMER.INFO.S.d", ""),
              api("CONSUMER.MSG.NEXT.S.d", "{'batch':1,'expires':200000000}"),
              api("CONSUMER.MSG.NEXT.S.d", "{'batch':1,'idle_heartbeat':5000000000}"),
              api("CONSUMER.MSG.NEXT.S.missing", "").shortWait()),
          c(
              "pull request limits",
              create("S", "'subjects':['s.>']"),
              consumer(
                  "S",
                  "d",
                  "'durable_name':'d','max_batch':2,'max_expires':1000000000," + "'max_bytes':100"),
              api("CONSUMER.MSG.NEXT.S.d", "{'batch':3}"),
              api("CONSUMER.MSG.NEXT.S.d", "{'batch':1,'expires':5000000000}"),
              api("CONSUMER.MSG.NEXT.S.d", "{'batch':1,'max_bytes':500}"),
              consumer("S", "p", "'durable_name':'p','deliver_subject':'x.p'"),
              api("CONSUMER.MSG.NEXT.S.p", "")),
          c(
              "consumer start positions and pending",
              create("S", "'subjects':['s.>']"),
              pub("s.a", "1"),
              pub("s.b", "2"),
              pub("s.a", "3"),
              pub("s.c", "4"),
              pub("s.b", "5"),
              consumer("S", "all", "'durable_name':'all'"),
              consumer("S", "last", "'durable_name':'last','deliver_policy':'last'"),
              consumer("S", "new", "'durable_name':'new','deliver_policy':'new'"),
              consumer(
                  "S",
                  "seq",
                  "'durable_name':'seq','deliver_policy':'by_start_sequence',"
                      + "'opt_start_seq':3"),
              consumer(
                  "S",
                  "lps",
                  "'durable_name':'lps','deliver_policy':'last_per_subject',"
                      + "'filter_subject':'s.>'"),
              consumer("S", "fa", "'durable_name':'fa','filter_subject':'s.a'"),
              consumer(
                  "S",
                  "fl",
                  "'durable_name':'fl','deliver_policy':'last'," + "'filter_subject':'s.a'"),
              api("CONSUMER.MSG.NEXT.S.lps", "{'batch':1}"),
              api("CONSUMER.INFO.S.lps", "")),

          // -- unknown and cluster-only subjects --
          c(
              "unknown API subjects",
              api("NOPE", "").shortWait(),
              api("STREAM.NOPE.X", "").shortWait(),
              api("STREAM.INFO", "").shortWait()),
          c(
              "cluster-only API subjects",
              create("S", "'subjects':['s']"),
              api("STREAM.LEADER.STEPDOWN.S", ""),
              api("STREAM.PEER.REMOVE.S", "{'peer':'x'}")));

  // ---- differences that are not bugs ----

  /**
   * Differences from nats-server 2.9.10 that are by design or come from its age (we answer like
   * current nats-server, the version clients are written against); each is listed in
   * docs/protocol/compat.md (JetStream) with the same reason.
   */
  static final List<KnownDifference> KNOWN_DIFFERENCES =
      List.of(
          new KnownDifference(
              "byte accounting",
              "nats-server counts its per-message record overhead in a stream's bytes (file: 30"
                  + " bytes, 34 with headers; memory: 16); we count subject + headers + payload"
                  + " exactly",
              d -> d.path().matches("(streams\\[\\d+\\]\\.)?state\\.bytes") && overhead(d)),
          new KnownDifference(
              "account byte accounting",
              "the same per-message overhead, summed over the account's streams",
              d ->
                  d.path().matches("(tiers\\.R1\\.)?(storage|memory)")
                      && d.ours() != null
                      && d.reference() != null
                      && d.ours().asLong() < d.reference().asLong()
                      && d.ours().asLong() > 0),
          new KnownDifference(
              "fields of nats-server 2.10+",
              "fields 2.9 does not have: the stream info's ts and cluster (leader), the stream"
                  + " config's compression and consumer_limits, the account's reserved_memory,"
                  + " reserved_storage and api.level",
              d ->
                  d.reference() == null
                      && d.path()
                          .matches(
                              "((streams|consumers)\\[\\d+\\]\\.)?(ts|cluster|config\\.compression"
                                  + "|config\\.consumer_limits)"
                                  + "|api\\.level|reserved_memory|reserved_storage")),
          new KnownDifference(
              "our encryption in the account info",
              "ours, not nats-server's: the account info says which data key version seals the"
                  + " account's streams and how far re-sealing after a rotation has come",
              d -> d.reference() == null && d.path().equals("encryption")),
          new KnownDifference(
              "invalid JSON detail",
              "nats-server 2.10+ appends the parser's message to 'invalid JSON' (10025); 2.9"
                  + " sends the bare text",
              d ->
                  d.path().equals("error.description")
                      && text(d.reference()).equals("invalid JSON")
                      && text(d.ours()).startsWith("invalid JSON: ")),
          new KnownDifference(
              "unknown API subjects answered",
              "nats-server 2.9 leaves a request to an unknown $JS.API subject unanswered (the"
                  + " client times out); 2.10+ answers a system_response with 10003 bad request",
              d ->
                  d.path().equals(REPLY_KIND)
                      && text(d.reference()).equals("none")
                      && d.oursReply().errCode() == 10003
                      && text(d.oursReply().body().get("type"))
                          .equals("io.nats.jetstream.api.v1.system_response")),
          new KnownDifference(
              "empty stream names",
              "STREAM.NAMES with no stream to list: nats-server sends \"streams\":null, we send"
                  + " []; clients accept both",
              d ->
                  d.path().equals("streams")
                      && d.reference() != null
                      && d.reference().isNull()
                      && d.ours() != null
                      && d.ours().isArray()
                      && d.ours().isEmpty()
                      && d.referenceReply().errCode() == 0),
          new KnownDifference(
              "API subjects in a stream",
              "2.9 refuses stream subjects inside $JS.API.> ('subjects overlap with jetstream"
                  + " api') even with no_ack and allows '>' or '*.x'; 2.10+ refuses any subject"
                  + " overlapping $JS.>, $JSC.>, $NRG.> or $SYS.> unless no_ack is set",
              JetStreamDifferentialIT::apiSubjectsAsCurrentServer),
          new KnownDifference(
              "negative limits",
              "2.10+ stores a negative max_msgs, max_bytes, max_msgs_per_subject, max_msg_size,"
                  + " max_consumers or a consumer's max_deliver as -1 (unlimited); 2.9 echoes the"
                  + " value",
              d ->
                  d.path()
                          .matches(
                              "config\\.(max_msgs|max_bytes|max_msgs_per_subject"
                                  + "|max_msg_size|max_consumers|max_deliver)")
                      && d.reference() != null
                      && d.reference().asLong() < -1
                      && d.ours() != null
                      && d.ours().asLong() == -1),
          new KnownDifference(
              "negative max_age",
              "2.10+ refuses a negative max_age as 'max age can not be negative'; 2.9 derives"
                  + " a negative duplicate window from it and complains about that",
              d ->
                  d.path().equals("error.description")
                      && text(d.reference()).equals("duplicates window can not be negative")
                      && text(d.ours()).equals("max age can not be negative")),
          new KnownDifference(
              "duplicate check after the expectations",
              "2.10+ checks Nats-Expected-Stream, -Last-Sequence and -Last-Subject-Sequence"
                  + " before the Nats-Msg-Id duplicate check; 2.9 answers a duplicate first",
              d ->
                  d.step().hasHeader("Nats-Msg-Id")
                      && d.referenceReply().body().path("duplicate").asBoolean(false)
                      && Set.of(10060, 10071).contains(d.oursReply().errCode())),
          new KnownDifference(
              "invalid rollup value answered",
              "2.9 leaves a publish with an invalid Nats-Rollup value unanswered; 2.10+ answers"
                  + " 10111 'rollup value invalid: \"<value>\"'",
              d ->
                  d.path().equals(REPLY_KIND)
                      && text(d.reference()).equals("none")
                      && d.oursReply().errCode() == 10111
                      && text(d.oursReply().body().path("error").get("description"))
                          .startsWith("rollup value invalid: ")),
          new KnownDifference(
              "per-message TTL",
              "2.9 has no per-message TTL: it stores a message with Nats-TTL like any other"
                  + " and drops allow_msg_ttl from a config; 2.11+ refuses Nats-TTL (10166)"
                  + " unless the stream allows it",
              d ->
                  (d.step().hasHeader("Nats-TTL") && d.oursReply().errCode() == 10166)
                      || (d.path().equals("config.allow_msg_ttl") && d.reference() == null)),
          new KnownDifference(
              "msg get options of 2.11+",
              "2.9 ignores batch and no_hdr in STREAM.MSG.GET; 2.11+ refuses batch there (10003,"
                  + " it belongs to DIRECT.GET) and leaves the headers out for no_hdr",
              d ->
                  d.step().subject().startsWith("$JS.API.STREAM.MSG.GET.")
                      && ((d.step().body().contains("\"batch\"")
                              && d.oursReply().errCode() == 10003)
                          || (d.step().body().contains("\"no_hdr\":true")
                              && d.path().equals("message.hdrs")
                              && d.ours() == null))),
          new KnownDifference(
              "multiple filter subjects",
              "filter_subjects is a 2.10 feature: 2.9 drops it (and checks the subject's filter"
                  + " first); 2.10+ keeps it, refuses it with a filter in the create subject"
                  + " (10137), with filter_subject (10136) or overlapping (10138), and names a"
                  + " consumer made through the legacy DURABLE.CREATE subject",
              d ->
                  d.step().body().contains("\"filter_subjects\"")
                      && (d.path().startsWith("config.")
                          || Set.of(10136, 10137, 10138).contains(d.oursReply().errCode()))),
          new KnownDifference(
              "pull request to a consumer that does not exist",
              "2.9 leaves CONSUMER.MSG.NEXT of a missing consumer unanswered (the JS API import"
                  + " swallows it); 2.10+ answers 503 no responders",
              d ->
                  d.path().equals(REPLY_KIND)
                      && d.step().subject().startsWith("$JS.API.CONSUMER.MSG.NEXT.")
                      && text(d.reference()).equals("none")
                      && d.oursReply().body().path("status").asInt() == 503),
          new KnownDifference(
              "direct get without allow_direct",
              "2.9 leaves a DIRECT.GET to a stream without allow_direct unanswered (the JS API"
                  + " import swallows it); 2.10+ answers 503 no responders",
              d ->
                  d.path().equals(REPLY_KIND)
                      && d.step().subject().startsWith("$JS.API.DIRECT.GET.")
                      && text(d.reference()).equals("none")
                      && d.oursReply().body().path("status").asInt() == 503),
          new KnownDifference(
              "direct get by subject with a body",
              "2.9 answers 408 Bad Request to DIRECT.GET.<stream>.<subject> with any body;"
                  + " 2.11+ accepts a JSON body without selection fields (for no_hdr)",
              d ->
                  d.step().subject().matches("\\$JS\\.API\\.DIRECT\\.GET\\.[^.]+\\..+")
                      && !d.step().body().isEmpty()
                      && d.referenceReply().body().path("status").asInt() == 408
                      && !d.oursReply().body().has("status")),
          new KnownDifference(
              "purge keep across deleted messages",
              "purge with keep=N and no filter: nats-server (2.9 and current) compacts below"
                  + " last_seq-N+1, keeping fewer than N messages when some of the last N"
                  + " sequences are deleted; we keep the newest N messages, as documented",
              d -> d.caseName().equals(PURGE_KEEP_ACROSS_GAPS) && d.stepNumber() >= 9));

  // ---- differences that are bugs on our side ----

  /**
   * Where our node answers differently from nats-server and should not: listed so the suite passes
   * while the node is fixed, each matching only our current (wrong) answer. An entry that no longer
   * matches anything fails the run, so it is removed once fixed; where 2.9 and current nats-server
   * differ, a known difference above already accepts current nats-server's answer.
   */
  static final List<OpenDifference> OPEN_DIFFERENCES = List.of();

  // ---- running a case ----

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void sameRepliesAsNatsServer(String name, Case testCase) throws Exception {
    List<Reply> expected;
    List<Reply> actual;
    NatsServerProcess reference = NatsServerProcess.start("jetstream: {store_dir: \"$DIR/js\"}\n");
    try {
      expected = run(reference.url(), testCase);
    } finally {
      reference.close();
      deleteTree(reference.dir());
    }
    Path dir = Files.createTempDirectory(storeDirs, "node");
    try (TestServer ours =
        TestServer.start(
            b -> b.set(NodeSettings.JETSTREAM, true).set(NodeSettings.STORE_DIR, dir))) {
      actual = run(ours.url(), testCase);
    }
    compare(testCase, expected, actual);
  }

  private static List<Reply> run(String url, Case testCase) throws Exception {
    List<Reply> replies = new ArrayList<>();
    try (Connection nc =
        Nats.connect(
            new Options.Builder()
                .server(url)
                .connectionTimeout(Duration.ofSeconds(3))
                .maxReconnects(0)
                .build())) {
      for (Step step : testCase.steps()) {
        replies.add(send(nc, step));
      }
    }
    return replies;
  }

  private static Reply send(Connection nc, Step step) throws InterruptedException {
    String inbox = nc.createInbox();
    Subscription sub = nc.subscribe(inbox);
    Headers headers = null;
    if (!step.headers().isEmpty()) {
      headers = new Headers();
      for (int i = 0; i < step.headers().size(); i += 2) {
        headers.add(step.headers().get(i), step.headers().get(i + 1));
      }
    }
    nc.publish(
        NatsMessage.builder()
            .subject(step.subject())
            .replyTo(inbox)
            .headers(headers)
            .data(step.body().getBytes(StandardCharsets.UTF_8))
            .build());
    Message m = sub.nextMessage(step.timeout());
    sub.unsubscribe();
    return Reply.of(m);
  }

  private static void compare(Case testCase, List<Reply> expected, List<Reply> actual) {
    List<Diff> unexplained = new ArrayList<>();
    List<String> explained = new ArrayList<>();
    for (int i = 0; i < testCase.steps().size(); i++) {
      Step step = testCase.steps().get(i);
      Reply ref = expected.get(i);
      Reply us = actual.get(i);
      At at = new At(testCase.name(), i + 1, step, ref, us);
      List<Diff> diffs = new ArrayList<>();
      if (!ref.kind().equals(us.kind())) {
        diffs.add(
            new Diff(
                at,
                REPLY_KIND,
                TextNode.valueOf(ref.kind()),
                TextNode.valueOf(us.kind()),
                null,
                null));
      } else {
        diff(at, "", ref.body(), us.body(), null, null, diffs);
      }
      for (Diff d : diffs) {
        OpenDifference open =
            OPEN_DIFFERENCES.stream().filter(o -> holds(o.matches(), d)).findFirst().orElse(null);
        if (open != null) {
          SEEN_OPEN.add(open.name());
          explained.add(
              "open ("
                  + open.name()
                  + "): "
                  + d.describe()
                  + "\n    nats-server: "
                  + ref
                  + "\n    ours:        "
                  + us);
          continue;
        }
        KnownDifference known =
            KNOWN_DIFFERENCES.stream().filter(k -> holds(k.applies(), d)).findFirst().orElse(null);
        if (known != null) {
          explained.add("known (" + known.name() + "): " + d.describe());
          continue;
        }
        unexplained.add(d);
      }
    }
    explained.forEach(e -> System.out.println("[" + testCase.name() + "] " + e));
    CASES_RUN.incrementAndGet();
    if (unexplained.isEmpty()) {
      return;
    }
    StringBuilder report =
        new StringBuilder("case '" + testCase.name() + "' differs from nats-server:\n");
    Set<Integer> steps = new TreeSet<>();
    for (Diff d : unexplained) {
      report.append("  ").append(d.describe()).append('\n');
      steps.add(d.stepNumber());
    }
    for (int n : steps) {
      report
          .append("  step ")
          .append(n)
          .append(" full replies:\n    nats-server: ")
          .append(expected.get(n - 1))
          .append("\n    ours:        ")
          .append(actual.get(n - 1))
          .append('\n');
    }
    fail(report.toString());
  }

  // A predicate over a diff; one that trips over a missing field does not hold.
  private static boolean holds(Predicate<Diff> p, Diff d) {
    try {
      return p.test(d);
    } catch (NullPointerException notThatShape) {
      return false;
    }
  }

  /** Once the whole table has run: every open difference must still show somewhere. */
  @AfterAll
  static void openDifferencesStillOpen() {
    if (CASES_RUN.get() < CASES.size()) {
      return;
    }
    List<String> fixed =
        OPEN_DIFFERENCES.stream()
            .filter(o -> !SEEN_OPEN.contains(o.name()))
            .map(OpenDifference::name)
            .toList();
    if (!fixed.isEmpty()) {
      fail(
          "no longer differ from nats-server (fixed? remove them from OPEN_DIFFERENCES): " + fixed);
    }
  }

  // Compares two JSON values, adding a Diff per leaf (or subtree) that differs.
  private static void diff(
      At at,
      String path,
      JsonNode ref,
      JsonNode ours,
      JsonNode refParent,
      JsonNode oursParent,
      List<Diff> out) {
    if (ref != null && ours != null && ref.isObject() && ours.isObject()) {
      Set<String> keys = new TreeSet<>();
      ref.fieldNames().forEachRemaining(keys::add);
      ours.fieldNames().forEachRemaining(keys::add);
      for (String k : keys) {
        diff(at, path.isEmpty() ? k : path + "." + k, ref.get(k), ours.get(k), ref, ours, out);
      }
    } else if (ref != null
        && ours != null
        && ref.isArray()
        && ours.isArray()
        && ref.size() == ours.size()) {
      for (int i = 0; i < ref.size(); i++) {
        diff(at, path + "[" + i + "]", ref.get(i), ours.get(i), ref, ours, out);
      }
    } else if (!same(ref, ours)) {
      out.add(new Diff(at, path, ref, ours, refParent, oursParent));
    }
  }

  private static boolean same(JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    return a.equals(b);
  }

  // A state's bytes differ by nats-server's record overhead: 16 to 34 bytes per message.
  private static boolean overhead(Diff d) {
    if (d.reference() == null || d.ours() == null || d.oursParent() == null) {
      return false;
    }
    long n = d.oursParent().path("messages").asLong();
    long delta = d.reference().asLong() - d.ours().asLong();
    return n > 0 && delta >= 16 * n && delta <= 34 * n;
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() ? "" : n.asText();
  }

  // The body of a step, read as JSON (an empty object when it is not).
  private static JsonNode bodyOf(Step step) {
    try {
      JsonNode n = JSON.readTree(step.body());
      return n == null ? JSON.createObjectNode() : n;
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  /**
   * What current nats-server refuses a stream create or update with when its subjects overlap the
   * server's own subject spaces without no_ack (stream.go, checkStreamCfg), or null.
   */
  static String apiGuard(Step step) {
    if (!step.subject().matches("\\$JS\\.API\\.STREAM\\.(CREATE|UPDATE)\\..*")) {
      return null;
    }
    JsonNode config = bodyOf(step);
    if (config.path("no_ack").asBoolean(false)) {
      return null;
    }
    for (JsonNode s : config.path("subjects")) {
      String subject = s.asText();
      if (subject.equals(">")) {
        return "capturing all subjects requires no-ack to be true";
      }
      for (String space : List.of("$JS.>", "$JSC.>", "$NRG.>")) {
        if (Subjects.collide(subject, space) && !Subjects.isSubsetOf(subject, "$JS.EVENT.>")) {
          return "subjects that overlap with jetstream api require no-ack to be true";
        }
      }
      if (Subjects.collide(subject, "$SYS.>") && !Subjects.isSubsetOf(subject, "$SYS.ACCOUNT.>")) {
        return "subjects that overlap with system api require no-ack to be true";
      }
    }
    return null;
  }

  // Where 2.9 refused (or allowed) a stream's subjects by its older rule and we answer exactly
  // like current nats-server.
  private static boolean apiSubjectsAsCurrentServer(Diff d) {
    String expected = apiGuard(d.step());
    JsonNode ours = d.oursReply().body().path("error");
    if (expected != null) {
      return d.path().startsWith("error.")
          && d.referenceReply().errCode() != 0
          && ours.path("code").asInt() == 500
          && ours.path("err_code").asInt() == 10052
          && ours.path("description").asText().equals(expected);
    }
    // Allowed with no_ack by current nats-server, refused by 2.9.
    return d.step().subject().startsWith("$JS.API.STREAM.CREATE.")
        && bodyOf(d.step()).path("no_ack").asBoolean(false)
        && text(d.referenceReply().body().path("error").get("description"))
            .equals("subjects overlap with jetstream api")
        && d.oursReply().errCode() == 0;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  // ---- the table's vocabulary ----

  /** One test case: fresh servers, then the steps in order. */
  record Case(String name, List<Step> steps) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** A publish with a reply subject: a JetStream API request, or a message for a stream. */
  record Step(String subject, List<String> headers, String body, Duration timeout) {
    Step shortWait() {
      return new Step(subject, headers, body, SHORT_WAIT);
    }

    boolean hasHeader(String name) {
      for (int i = 0; i < headers.size(); i += 2) {
        if (headers.get(i).equalsIgnoreCase(name)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder(subject);
      if (!headers.isEmpty()) {
        b.append(" [");
        for (int i = 0; i < headers.size(); i += 2) {
          b.append(i == 0 ? "" : ", ")
              .append(headers.get(i))
              .append(": ")
              .append(headers.get(i + 1));
        }
        b.append(']');
      }
      return b.append(" '").append(body).append('\'').toString();
    }
  }

  private static Case c(String name, Step... steps) {
    return new Case(name, List.of(steps));
  }

  /** A request to {@code $JS.API.<op>}; single quotes in the body stand for double quotes. */
  private static Step api(String op, String body) {
    return new Step("$JS.API." + op, List.of(), body.replace('\'', '"'), REPLY_WAIT);
  }

  private static Step create(String stream, String fields) {
    return api("STREAM.CREATE." + stream, config(stream, fields));
  }

  /** {@code CONSUMER.CREATE.<stream>.<name>} with a config of {@code fields}. */
  private static Step consumer(String stream, String name, String fields) {
    return api(
        "CONSUMER.CREATE." + stream + "." + name,
        "{'stream_name':'" + stream + "','config':{" + fields + "}}");
  }

  private static Step update(String stream, String fields) {
    return api("STREAM.UPDATE." + stream, config(stream, fields));
  }

  private static String config(String stream, String fields) {
    return "{'name':'" + stream + "'" + (fields.isEmpty() ? "" : "," + fields) + "}";
  }

  /** A message published with a reply subject, with header names and values in pairs. */
  private static Step pub(String subject, String payload, String... headers) {
    return new Step(subject, List.of(headers), payload, REPLY_WAIT);
  }

  /**
   * A reply: {@code none} (nothing within the step's timeout), a {@code json} body, a {@code text}
   * body that is not JSON, or a {@code message} with headers (direct get, status replies), as an
   * object of {@code status}, {@code status_text}, {@code headers} and {@code data}.
   */
  record Reply(String kind, JsonNode body) {
    static Reply of(Message m) {
      if (m == null) {
        return new Reply("none", JsonNodeFactory.instance.nullNode());
      }
      String data =
          new String(m.getData() == null ? new byte[0] : m.getData(), StandardCharsets.UTF_8);
      if (!m.isStatusMessage() && !m.hasHeaders()) {
        try {
          return new Reply("json", mask(JSON.readTree(data), ""));
        } catch (IOException notJson) {
          return new Reply("text", TextNode.valueOf(data));
        }
      }
      ObjectNode o = JSON.createObjectNode();
      if (m.isStatusMessage()) {
        o.put("status", m.getStatus().getCode());
        o.put("status_text", m.getStatus().getMessage());
      }
      if (m.getHeaders() != null && !m.getHeaders().isEmpty()) {
        ObjectNode h = o.putObject("headers");
        for (String key : new TreeSet<>(m.getHeaders().keySet())) {
          List<String> values = m.getHeaders().get(key);
          h.put(key, values.size() == 1 ? values.get(0) : String.join(" | ", values));
        }
      }
      o.put("data", data);
      return new Reply("message", mask(o, ""));
    }

    /** The JetStream error code of a JSON reply, 0 when it is not an error. */
    int errCode() {
      return body.path("error").path("err_code").asInt(0);
    }

    @Override
    public String toString() {
      return kind.equals("none") ? "(no reply)" : body.toString();
    }
  }

  // Masks, in place, the values that vary by nature (see MASKED_FIELDS).
  private static JsonNode mask(JsonNode node, String parentKey) {
    if (node.isObject()) {
      ObjectNode o = (ObjectNode) node;
      List<String> keys = new ArrayList<>();
      Iterator<String> it = o.fieldNames();
      it.forEachRemaining(keys::add);
      for (String k : keys) {
        if (MASKED_FIELDS.contains(k)
            || (parentKey.equals("api") && MASKED_API_FIELDS.contains(k))) {
          o.put(k, MASK);
        } else {
          mask(o.get(k), k);
        }
      }
    } else if (node.isArray()) {
      node.forEach(e -> mask(e, parentKey));
    }
    return node;
  }

  /** Where a diff was found: the case, the step (1-based) and both replies. */
  record At(String caseName, int stepNumber, Step step, Reply reference, Reply ours) {}

  /** One field that differs; {@code null} stands for a field the reply does not have. */
  record Diff(
      At at,
      String path,
      JsonNode reference,
      JsonNode ours,
      JsonNode referenceParent,
      JsonNode oursParent) {
    String caseName() {
      return at.caseName();
    }

    int stepNumber() {
      return at.stepNumber();
    }

    Step step() {
      return at.step();
    }

    Reply referenceReply() {
      return at.reference();
    }

    Reply oursReply() {
      return at.ours();
    }

    String describe() {
      return "step "
          + stepNumber()
          + " ("
          + step()
          + "): "
          + path
          + ": nats-server="
          + (reference == null ? "(absent)" : reference)
          + " ours="
          + (ours == null ? "(absent)" : ours);
    }
  }

  /** A legitimate difference: its name, why it is one, and which diffs it covers. */
  record KnownDifference(String name, String reason, Predicate<Diff> applies) {}

  /** A bug on our side: a short name, what is wrong, and which diffs show it. */
  record OpenDifference(String name, String bug, Predicate<Diff> matches) {}
}
