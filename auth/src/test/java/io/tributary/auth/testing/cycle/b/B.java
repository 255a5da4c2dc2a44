package io.tributary.auth.testing.cycle.b;

import io.tributary.auth.testing.cycle.a.A;

/** The other half of a deliberate package cycle, for {@code PackageCyclesTest}. */
public final class B {
  public A a;
}
