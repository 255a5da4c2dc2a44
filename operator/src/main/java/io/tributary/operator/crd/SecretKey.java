package io.tributary.operator.crd;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** A key of a Secret in the resource's namespace. */
public class SecretKey {
  @Required public String name;

  @Default("token")
  public String key = "token";
}
