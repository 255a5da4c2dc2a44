package io.tributary.auth.testing.cycle.a;

import io.tributary.auth.testing.cycle.b.B;

/** Half of a deliberate package cycle, for {@code PackageCyclesTest}. */
public final class A {
  public B b;
}
