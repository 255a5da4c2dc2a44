import { useState } from "preact/hooks";
import { api, ApiError, call } from "../../api/client";
import { navigate, path } from "../../app/router";
import { toApiError } from "../../components/async";
import { Page, ProblemMessage, TextField } from "../../components/ui";
import { listOf } from "../../lib/lists";

/** An operator-admin creates a tenant. */
export function NewAccount() {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [tags, setTags] = useState("");
  const [error, setError] = useState<ApiError>();
  const nameProblem = name && !/^[a-z0-9][a-z0-9-]{0,62}$/.test(name) ? "lower-case letters, digits and dashes, starting with a letter or digit (at most 63)" : undefined;
  async function create(e: Event) {
    e.preventDefault();
    try {
      const a = await call(
        api.POST("/api/v1/accounts", {
          body: { name, description: description || undefined, tags: tags ? listOf(tags) : undefined },
        }),
      );
      navigate(path`/accounts/${a.name!}`);
    } catch (err) {
      setError(toApiError(err));
    }
  }
  return (
    <Page title="New account">
      <form class="form" onSubmit={create}>
        {error && <ProblemMessage error={error} />}
        <TextField label="Name" value={name} onInput={setName} required error={nameProblem ?? error?.field("name")} />
        <TextField label="Description" value={description} onInput={setDescription} error={error?.field("description")} />
        <TextField label="Tags" value={tags} onInput={setTags} hint="comma-separated" error={error?.field("tags")} />
        <div class="form-actions">
          <button type="submit" class="primary" disabled={!!nameProblem || !name}>
            Create account
          </button>
        </div>
      </form>
    </Page>
  );
}
