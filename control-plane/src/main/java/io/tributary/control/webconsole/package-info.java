/**
 * Serves the web console (the {@code web-console} module's build, on the classpath under {@code
 * META-INF/resources}): its pages' security headers and the single-page application's routes.
 */
package io.tributary.control.webconsole;
