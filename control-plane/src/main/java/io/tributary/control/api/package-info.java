/**
 * HTTP plumbing shared by every resource: the problem catalogue ({@link
 * io.tributary.control.api.ApiProblem}) and its rendering as {@code application/problem+json}, its
 * OpenAPI documentation, paging and {@code If-Match}. Depends on no other package here.
 */
package io.tributary.control.api;
