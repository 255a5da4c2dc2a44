package io.tributary.operator.crd;

import java.util.List;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * What a {@link TributaryAccount} asks for. Fields left unset are not managed: the control plane's
 * value stays, whoever set it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TributaryAccountSpec {
  @JsonPropertyDescription(
      "The account's name in the control plane (default: this resource's): lower-case letters,"
          + " digits and '-', at most 63. It cannot change once the account is made.")
  public String accountName;

  @JsonPropertyDescription("The account's description.")
  public String description;

  @JsonPropertyDescription("NATS and JetStream limits; unset fields keep the control plane's.")
  public AccountLimits limits;

  @JsonPropertyDescription(
      "Names of the clusters the account is placed on, as registered with the control plane (a"
          + " TributaryCluster's spec.controlPlane.clusterName or name).")
  public List<String> clusters;

  @JsonPropertyDescription("The account's exports: others are deleted.")
  public List<Export> exports;

  @JsonPropertyDescription("The account's imports: others are deleted.")
  public List<Import> imports;

  @Default("Enforce")
  @JsonPropertyDescription(
      "What to do when the account was changed in the control plane behind this resource:"
          + " Enforce (change it back) or Report (only list the fields in status.drift; the"
          + " spec is written when it changes).")
  public DriftPolicy driftPolicy = DriftPolicy.Enforce;

  @Required
  @JsonPropertyDescription("The control plane the account is made in.")
  public ControlPlaneRef controlPlane;

  /** What the operator does with an account changed outside Kubernetes. */
  public enum DriftPolicy {
    Enforce,
    Report
  }

  /** A subject the account offers to others. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Export {
    @Required
    @Pattern("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")
    public String name;

    @Required
    @JsonPropertyDescription("Subject (wildcards allowed) the export offers.")
    public String subject;

    @Required
    @Pattern("^(stream|service)$")
    @JsonPropertyDescription("stream (messages) or service (requests).")
    public String type;

    @JsonPropertyDescription("Importers need an activation token from this account.")
    public boolean tokenRequired;

    @Pattern("^(Singleton|Stream|Chunked)$")
    @JsonPropertyDescription("A service's responses: Singleton, Stream or Chunked.")
    public String responseType;

    public String description;
  }

  /** A subject the account takes from another account's export. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Import {
    @Required
    @Pattern("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")
    public String name;

    @Required
    @Pattern("^(stream|service)$")
    public String type;

    @Required
    @JsonPropertyDescription(
        "The exporting account: a TributaryAccount in this namespace, else an account's name in"
            + " the control plane, or its public key (A…).")
    public String account;

    @Required
    @JsonPropertyDescription("The exported subject.")
    public String subject;

    @JsonPropertyDescription("The subject in this account (default: the exported one).")
    public String localSubject;

    @JsonPropertyDescription("Activation token, for an export that requires one.")
    public String token;
  }
}
