// What the streams screens show when the account's JetStream cannot be read: not enabled, or no node yet.
import type { ApiError } from "../../api/client";
import { Loaded, type LoadedProps } from "../../components/async";
import { ProblemMessage } from "../../components/ui";

/** The empty state for a JetStream problem, or the problem itself. */
export function JetStreamProblem({ error }: { error: ApiError }) {
  const code = error.problem.code;
  if (code === "jetstream-disabled") {
    return (
      <div class="empty">
        <p>
          <strong>JetStream is not enabled for this account.</strong>
        </p>
        <p>An operator-admin grants it by giving the account JetStream storage (its limits: file or memory storage).</p>
      </div>
    );
  }
  if (code === "no-node") {
    return (
      <div class="empty">
        <p>
          <strong>No node of this account can be reached now.</strong>
        </p>
        <p>{error.problem.detail}</p>
      </div>
    );
  }
  return <ProblemMessage error={error} />;
}

/** {@link Loaded}, with JetStream's empty states when the account's JetStream cannot be read. */
export function JetStreamLoaded<T>(props: LoadedProps<T>) {
  if (props.load.error && props.load.data === undefined) return <JetStreamProblem error={props.load.error} />;
  return <Loaded {...props} />;
}
