// The shell: who is signed in, the navigation their role allows, and the screen for the address.
import { useCallback, useEffect, useState } from "preact/hooks";
import { api, ApiError, call, csrfHeld, setCsrfToken, whenUnauthenticated, type Me } from "../api/client";
import { ProblemMessage } from "../components/ui";
import { SignIn } from "../features/auth/SignIn";
import { AcceptInvitation } from "../features/invitations/AcceptInvitation";
import { Link, navigate, useLocation } from "./router";
import { routeFor } from "./routes";
import { SessionContext, sessionOf, signInHref } from "./session";

type State =
  | { kind: "loading" }
  | { kind: "unavailable"; error: ApiError }
  | { kind: "signed-out"; expired: boolean }
  | { kind: "signed-in"; me: Me };

export function App() {
  const loc = useLocation();
  const [state, setState] = useState<State>({ kind: "loading" });

  const signedIn = useCallback((me: Me) => {
    setCsrfToken(me.csrfToken);
    setState({ kind: "signed-in", me });
  }, []);

  useEffect(() => {
    // A 401 while signed in: the session ended (expired, signed out elsewhere, the user changed).
    whenUnauthenticated(() => {
      if (!csrfHeld()) return;
      setCsrfToken(null);
      setState({ kind: "signed-out", expired: true });
      const here = location.pathname + location.search;
      if (!here.startsWith("/sign-in")) navigate(signInHref(here), true);
    });
    whoAmI();
  }, [signedIn]);

  // Who is signed in: 401 means nobody; anything else (the database down, the service restarting) is
  // shown as it is and retried, not taken for a sign-out.
  function whoAmI() {
    call(api.GET("/api/v1/me")).then(signedIn, (e: ApiError) =>
      setState(e.problem.status === 401 ? { kind: "signed-out", expired: false } : { kind: "unavailable", error: e }),
    );
  }

  // The session ends at its expiry even when the page sits idle: go to sign-in then, keeping the page.
  const expiresAt = state.kind === "signed-in" ? state.me.expiresAt : undefined;
  useEffect(() => {
    if (!expiresAt) return;
    const ms = new Date(expiresAt).getTime() - Date.now();
    const timer = setTimeout(() => void api.GET("/api/v1/me"), Math.max(0, ms) + 1000);
    return () => clearTimeout(timer);
  }, [expiresAt]);

  // Signed out: the address becomes sign-in's, keeping the page to return to; signed in: leave sign-in.
  useEffect(() => {
    if (loc.path === "/invite") return;
    if (state.kind === "signed-out" && !loc.path.startsWith("/sign-in")) navigate(signInHref(loc.href), true);
    if (state.kind === "signed-in" && loc.path.startsWith("/sign-in")) navigate(nextPage(loc.query), true);
  }, [state.kind, loc.href]);

  // An invitation link works whoever is signed in (accepting signs in as the new user).
  if (loc.path === "/invite") {
    return (
      <AcceptInvitation
        onAccepted={(me) => {
          signedIn(me);
          navigate(`/accounts/${encodeURIComponent((me.accounts ?? [])[0] ?? "")}`, true);
        }}
      />
    );
  }
  if (state.kind === "unavailable") {
    return (
      <main class="sign-in">
        <div class="invitation">
          <ProblemMessage error={state.error} />
          <button type="button" onClick={whoAmI}>
            Try again
          </button>
        </div>
      </main>
    );
  }
  if (state.kind === "loading") {
    return (
      <p class="loading" role="status">
        Loading…
      </p>
    );
  }
  if (state.kind === "signed-out") {
    return (
      <SignIn
        expired={state.expired}
        onSignedIn={(me) => {
          signedIn(me);
          navigate(nextPage(loc.query), true);
        }}
      />
    );
  }
  const session = sessionOf(state.me, async () => {
    await api.DELETE("/api/v1/auth/session");
    setCsrfToken(null);
    setState({ kind: "signed-out", expired: false });
    navigate("/sign-in");
  });
  const screen = routeFor(loc, session);
  return (
    <SessionContext.Provider value={session}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <Link href="/" class="brand">
          Tributary
        </Link>
        <nav aria-label="Main">
          <ul>
            {session.isOperatorAdmin ? (
              <>
                <NavLink href="/accounts" here={loc.path} label="Accounts" />
                <NavLink href="/clusters" here={loc.path} label="Clusters" />
                <NavLink href="/console-users" here={loc.path} label="Console users" />
                <NavLink href="/operator" here={loc.path} label="Operator" />
                <NavLink href="/audit" here={loc.path} label="Audit log" />
              </>
            ) : (
              (state.me.accounts ?? []).map((a) => <NavLink key={a} href={`/accounts/${encodeURIComponent(a)}`} here={loc.path} label={a} />)
            )}
            <NavLink href="/tokens" here={loc.path} label="API tokens" />
          </ul>
        </nav>
        <div class="who">
          <span>
            {state.me.username} <span class="role">({state.me.role})</span>
          </span>
          <button type="button" onClick={() => void session.signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {screen}
      </main>
    </SessionContext.Provider>
  );
}

function NavLink({ href, here, label }: { href: string; here: string; label: string }) {
  const current = here === href || here.startsWith(`${href}/`);
  return (
    <li>
      <Link href={href} aria-current={current ? "page" : undefined}>
        {label}
      </Link>
    </li>
  );
}

/** The page to land on after signing in: `next` when it is a path of this console, else the start. */
function nextPage(query: URLSearchParams): string {
  const next = query.get("next");
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/sign-in") ? next : "/";
}
