// Loading, error and empty states for data from the API: every screen shows all three the same way.
import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../api/client";
import { ProblemMessage } from "./ui";

export type Load<T> = { data?: T; error?: ApiError; loading: boolean; reload: () => void };

/** Calls `fetch` now and whenever `deps` change; `every` ms again while mounted (a live view), if given. */
export function useLoad<T>(fetch: () => Promise<T>, deps: unknown[], every?: number): Load<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  const generation = useRef(0);
  const run = useCallback(() => {
    const g = ++generation.current;
    setState((s) => ({ ...s, loading: true }));
    fetch().then(
      (data) => g === generation.current && setState({ data, loading: false }),
      (error) => g === generation.current && setState((s) => ({ data: s.data, error: toApiError(error), loading: false })),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  useEffect(() => {
    run();
    if (!every) return;
    const timer = setInterval(run, every);
    return () => clearInterval(timer);
  }, [run, every]);
  return { ...state, reload: run };
}

export function toApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError({ status: 0, title: "Unexpected error", detail: String(e) });
}

export type LoadedProps<T> = {
  load: Load<T>;
  /** True when the data is empty: the `empty` message is shown instead of `children`. */
  isEmpty?: (data: T) => boolean;
  empty?: ComponentChildren;
  children: (data: T) => ComponentChildren;
};

/** The data when loaded; a spinner before; the problem with a retry on error; the empty message when empty. */
export function Loaded<T>({ load, isEmpty, empty, children }: LoadedProps<T>) {
  if (load.error && load.data === undefined) {
    return (
      <div>
        <ProblemMessage error={load.error} />
        <button type="button" onClick={load.reload}>
          Try again
        </button>
      </div>
    );
  }
  if (load.data === undefined) {
    return (
      <p class="loading" role="status" aria-live="polite">
        Loading…
      </p>
    );
  }
  return (
    <>
      {load.error && <ProblemMessage error={load.error} />}
      {isEmpty?.(load.data) ? <div class="empty">{empty}</div> : children(load.data)}
    </>
  );
}
