package io.tributary.operator.crd;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.Condition;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What the operator saw of the user in the control plane, and the creds it wrote. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TributaryUserStatus {
  /** The spec's generation this status describes. */
  public Long observedGeneration;

  /** The spec's generation last written to the control plane (see the account's). */
  public Long appliedGeneration;

  /** {@code Ready}, {@code Degraded}. */
  public List<Condition> conditions = new ArrayList<>();

  /** The account's name in the control plane. */
  public String account;

  /** The user's name in the account, once made. */
  public String userName;

  /** The user's public key, the one its creds are for. */
  public String publicKey;

  /** The Secret holding the creds, key {@code user.creds}. */
  public String secretName;

  /** When the creds in the Secret were issued. */
  public String credsIssuedAt;

  /** When they expire; unset: never. */
  public String credsExpireAt;

  /** The fields changed back to the spec's on the last reconcile (changed outside Kubernetes). */
  public List<String> drift;

  /** The last refusal or failure, null when the last reconcile went through. */
  public Problem lastError;
}
