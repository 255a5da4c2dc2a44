package io.tributary.operator.crd;

import io.fabric8.generator.annotation.Required;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The control plane a resource is made in, and the Secret holding an operator-admin's token. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ControlPlaneRef {
  @Required
  @JsonPropertyDescription("Base URL of the control plane's REST API, e.g. http://tributary:8080")
  public String url;

  @Required
  @JsonPropertyDescription("Secret (in this namespace) and key holding an API token (trb_…).")
  public SecretKey tokenSecret;
}
