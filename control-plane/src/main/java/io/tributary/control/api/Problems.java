package io.tributary.control.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problems an endpoint may answer with, beyond those every endpoint may ({@code
 * internal-error}, {@code database-unavailable}); {@link ProblemsFilter} lists them in the OpenAPI
 * document as the operation's error responses.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Problems {
  /**
   * What this operation answers beyond what every operation may: {@code unauthenticated} unless
   * {@link #authenticated} is false, and the body problems for an operation with a body.
   */
  ApiProblem[] value();

  /** False for the operations that need no login (logging in). */
  boolean authenticated() default true;
}
