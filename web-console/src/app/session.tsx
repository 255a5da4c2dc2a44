// The signed-in console user. The session itself is an httpOnly cookie; the page keeps only who the user is and
// the CSRF token. When the API answers 401 (expired, signed out elsewhere), the user is sent to sign-in with the
// page they were on, and lands back on it after signing in again.
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Me } from "../api/client";

export type Session = {
  me: Me;
  isOperatorAdmin: boolean;
  /** May the user change this account (operator-admin, or account-admin of it)? */
  canEdit: (account?: string) => boolean;
  signOut: () => Promise<void>;
};

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error("no session");
  return s;
}

export function sessionOf(me: Me, signOut: () => Promise<void>): Session {
  const isOperatorAdmin = me.role === "operator-admin";
  return {
    me,
    isOperatorAdmin,
    canEdit: (account) =>
      isOperatorAdmin || (me.role === "account-admin" && (account === undefined || (me.accounts ?? []).includes(account))),
    signOut,
  };
}

/** The sign-in address that returns to `href` afterwards. */
export function signInHref(href: string): string {
  return href === "/" || href.startsWith("/sign-in") ? "/sign-in" : `/sign-in?next=${encodeURIComponent(href)}`;
}
