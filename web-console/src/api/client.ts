// The typed client of the control plane's REST API, generated from its OpenAPI document at build time (an API
// change that breaks the console breaks the build). The session is an httpOnly cookie the page cannot read;
// every change carries the session's CSRF token, and a 401 anywhere sends the user back to sign-in.
import createClient from "openapi-fetch";
import type { components, paths } from "./schema.gen";

export type Schemas = components["schemas"];
export type Problem = Schemas["Problem"];
export type Me = Schemas["Me"];

let csrfToken: string | null = null;
let onUnauthenticated: () => void = () => {};

/** The session's CSRF token, sent with every request that changes something. */
export function setCsrfToken(token: string | null | undefined) {
  csrfToken = token ?? null;
}

/** True while a session is held (signed in). */
export function csrfHeld(): boolean {
  return csrfToken !== null;
}

/** What to do when the API says the session is gone (expired, signed out elsewhere, user deleted). */
export function whenUnauthenticated(handler: () => void) {
  onUnauthenticated = handler;
}

export const api = createClient<paths>({ baseUrl: "", credentials: "same-origin" });

api.use({
  onRequest({ request }) {
    if (csrfToken && request.method !== "GET" && request.method !== "HEAD") {
      request.headers.set("X-CSRF-Token", csrfToken);
    }
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && !new URL(request.url).pathname.startsWith("/api/v1/auth/")) {
      onUnauthenticated();
    }
    return response;
  },
});

/** An API problem (RFC 9457): its title is what the user reads, its field errors go next to the fields. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
  }

  /** The message for the field at this JSON path (`permissions.pub.allow[0]`), if any. */
  field(path: string): string | undefined {
    return this.problem.errors?.find((e) => e.field === path)?.message;
  }
}

type Result<T> = { data?: T; error?: unknown; response: Response };

/** The data of a call, or an ApiError with its problem (a network failure becomes one too). */
export async function call<T>(request: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await request;
  } catch (e) {
    throw new ApiError({ status: 0, title: "The control plane cannot be reached", detail: String(e) } as Problem);
  }
  if (!result.response.ok) {
    const error = result.error;
    if (error && typeof error === "object" && "title" in error) {
      throw new ApiError(error as Problem);
    }
    throw new ApiError({ status: result.response.status, title: result.response.statusText || "Request failed" } as Problem);
  }
  return result.data as T;
}
