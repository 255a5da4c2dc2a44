// Every invitation with its state; open ones can be revoked.
import { useState } from "preact/hooks";
import { api, ApiError, call } from "../../api/client";
import { Loaded, toApiError, useLoad } from "../../components/async";
import { when } from "../../components/format";
import { ConfirmButton, ProblemMessage } from "../../components/ui";

export function Invitations() {
  const load = useLoad(() => call(api.GET("/api/v1/invitations", { params: { query: { size: 100 } } })), []);
  const [error, setError] = useState<ApiError>();
  async function revoke(id: number) {
    try {
      await call(api.DELETE("/api/v1/invitations/{id}", { params: { path: { id } } }));
      load.reload();
    } catch (e) {
      setError(toApiError(e));
    }
  }
  return (
    <section aria-labelledby="invitations-title">
      <h2 id="invitations-title">Invitations</h2>
      {error && <ProblemMessage error={error} />}
      <Loaded load={load} isEmpty={(d) => (d.items ?? []).length === 0} empty={<p>No invitations. Invite a tenant from its account's overview.</p>}>
        {(d) => (
          <table>
            <caption class="sr-only">Invitations</caption>
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Role</th>
                <th scope="col">For</th>
                <th scope="col">State</th>
                <th scope="col">By</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {(d.items ?? []).map((i) => (
                <tr key={i.id}>
                  <td>{i.account}</td>
                  <td>{i.role}</td>
                  <td>{i.note ?? ""}</td>
                  <td>
                    <span class={`state state-${i.state === "accepted" ? "current" : i.state === "expired" ? "failed" : "pending"}`}>{i.state}</span>
                    {i.acceptedBy && ` by ${i.acceptedBy}`}
                  </td>
                  <td>{i.invitedBy}</td>
                  <td>{when(i.expiresAt)}</td>
                  <td>{i.state === "pending" && <ConfirmButton label="Revoke" danger question="Revoke this invitation?" onConfirm={() => void revoke(i.id!)} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loaded>
    </section>
  );
}
