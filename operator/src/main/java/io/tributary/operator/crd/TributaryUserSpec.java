package io.tributary.operator.crd;

import java.util.List;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * What a {@link TributaryUser} asks for. Permissions, limits, bearer and expiry left unset are not
 * managed: the control plane's value stays.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TributaryUserSpec {
  @Required
  @JsonPropertyDescription(
      "The user's account: a TributaryAccount in this namespace, else an account's name in the"
          + " control plane. It cannot change once the user is made.")
  public String account;

  @JsonPropertyDescription(
      "The user's name in the account (default: this resource's): lower-case letters, digits and"
          + " '-', at most 63. It cannot change once the user is made.")
  public String userName;

  @JsonPropertyDescription("What the user may publish and subscribe to, and reply to.")
  public Permissions permissions;

  @JsonPropertyDescription("Per-connection limits (-1: unlimited; the account's still apply).")
  public Limits limits;

  @JsonPropertyDescription(
      "Bearer creds: the JWT alone authenticates, without proving the seed (e.g. websockets).")
  public Boolean bearer;

  @JsonPropertyDescription("How long the creds written to the Secret live (unset: no expiry).")
  public Expiry expiry;

  @JsonPropertyDescription(
      "Any value (a counter, a date): setting or changing it rotates the user's key (its old"
          + " creds are revoked) and writes new creds to the Secret.")
  public String rotation;

  @JsonPropertyDescription(
      "The Secret (in this namespace) the creds are written to, key user.creds (default:"
          + " <name>-creds).")
  public String secretName;

  @JsonPropertyDescription(
      "The control plane (default: the TributaryAccount's, when spec.account names one).")
  public ControlPlaneRef controlPlane;

  /** Publish and subscribe permissions, and the response permission. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Permissions {
    @JsonPropertyDescription("Subjects the user may (allow) and may not (deny) publish to.")
    public Rules pub;

    @JsonPropertyDescription("Subjects (with an optional queue) the user may subscribe to.")
    public Rules sub;

    @JsonPropertyDescription(
        "The user may publish to the reply subjects of requests it received, at most max"
            + " replies within ttlMillis of each.")
    public Responses resp;
  }

  /** Allow and deny lists of subjects (wildcards allowed). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Rules {
    public List<String> allow;
    public List<String> deny;
  }

  /** NATS's {@code allow_responses}. */
  public static class Responses {
    @Min(-1)
    @Max(1_000_000)
    @JsonPropertyDescription("Replies per request (-1: unlimited).")
    public int max = 1;

    @Min(0)
    @Max(86_400_000)
    @JsonPropertyDescription("How long after the request replies may be sent (0: no limit).")
    public long ttlMillis;
  }

  /** Per-connection limits. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Limits {
    @Min(-1)
    public Long subs;

    @Min(-1)
    @JsonPropertyDescription("Bytes in flight.")
    public Long data;

    @Min(-1)
    @JsonPropertyDescription("Bytes of a message's payload.")
    public Long payload;
  }

  /** The user's creds lifetimes, in seconds. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Expiry {
    @Min(1)
    @Max(315_360_000)
    @JsonPropertyDescription("Lifetime of the creds the operator writes, in seconds.")
    public Long defaultTtl;

    @Min(1)
    @Max(315_360_000)
    @JsonPropertyDescription("The longest lifetime the control plane issues this user's creds for.")
    public Long maxTtl;
  }
}
