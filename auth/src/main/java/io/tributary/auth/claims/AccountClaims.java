package io.tributary.auth.claims;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * An account JWT, the tenant: issued by an operator key or operator signing key; {@code sub} is the
 * account's identity key ({@code A…}).
 */
public final class AccountClaims extends Claims {

  /** The account body, in Go's field order. */
  @JsonPropertyOrder({
    "imports",
    "exports",
    "limits",
    "signing_keys",
    "revocations",
    "default_permissions",
    "mappings",
    "authorization",
    "trace",
    "cluster_traffic",
    "description",
    "info_url",
    "tags",
    "type",
    "version"
  })
  public static final class Nats extends GenericFields {
    @JsonInclude(Include.NON_EMPTY)
    public List<Import> imports = new ArrayList<>();

    @JsonInclude(Include.NON_EMPTY)
    public List<Export> exports = new ArrayList<>();

    public OperatorLimits limits = new OperatorLimits();

    @JsonProperty("signing_keys")
    @JsonInclude(Include.NON_EMPTY)
    public SigningKeys signingKeys = new SigningKeys();

    /** Revoked users: user key (or {@code "*"}) to Unix seconds. */
    @JsonInclude(Include.NON_EMPTY)
    public RevocationList revocations = new RevocationList();

    /** Permissions of users that have none of their own. */
    @JsonProperty("default_permissions")
    public Permissions defaultPermissions = new Permissions();

    /** Subject mappings: source subject to weighted destinations. */
    @JsonInclude(Include.NON_EMPTY)
    public Map<String, List<WeightedMapping>> mappings = new TreeMap<>();

    public ExternalAuthorization authorization = new ExternalAuthorization();

    @JsonInclude(Include.NON_NULL)
    public MsgTrace trace;

    /**
     * Where JetStream cluster traffic of this account flows: {@code ""}, {@code "system"} or {@code
     * "owner"}.
     */
    @JsonProperty("cluster_traffic")
    @JsonInclude(Include.NON_EMPTY)
    public String clusterTraffic;

    @JsonInclude(Include.NON_EMPTY)
    public String description;

    @JsonProperty("info_url")
    @JsonInclude(Include.NON_EMPTY)
    public String infoUrl;
  }

  public Nats nats = new Nats();

  public AccountClaims() {}

  /** An account with Go's {@code NewAccountClaims} defaults (unlimited, JetStream disabled). */
  public static AccountClaims create(String accountPublicKey, String name) {
    AccountClaims c = new AccountClaims();
    c.subject = accountPublicKey;
    c.name = name;
    c.nats.limits = OperatorLimits.create();
    return c;
  }

  /**
   * True if {@code key} may sign users of this account: the identity key (unless strict) or a
   * signing key.
   */
  public boolean isUserSigner(String key, boolean strictSigningKeys) {
    return (!strictSigningKeys && subject != null && subject.equals(key))
        || nats.signingKeys.contains(key);
  }

  /** Sorts imports and exports by subject, as Go's encoder does before signing. */
  public void sortImportsAndExports() {
    Comparator<String> bySubject = Comparator.nullsFirst(Comparator.naturalOrder());
    nats.imports.sort(Comparator.comparing(i -> i.subject, bySubject));
    nats.exports.sort(Comparator.comparing(e -> e.subject, bySubject));
  }

  @Override
  public ClaimType type() {
    return ClaimType.ACCOUNT;
  }
}
