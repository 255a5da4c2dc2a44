// Every invitation with its state; open ones can be revoked.
import { useState } from "preact/hooks";
import { api, ApiError, call } from "../../api/client";
import { Loaded, toApiError, useLoad } from "../../components/async";
import { when } from "../../components/format";
import { ConfirmButton, ProblemMessage } from "../../components/ui";
import { DataTable } from "../../components/DataTable";

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
          <DataTable
            caption="Invitations"
            rows={d.items ?? []}
            rowKey={(i) => i.id}
            columns={[
              { header: "Account", cell: (i) => i.account },
              { header: "Role", cell: (i) => i.role },
              { header: "For", cell: (i) => i.note ?? "" },
              {
                header: "State",
                cell: (i) => (
                  <>
                    <span class={`state state-${i.state === "accepted" ? "current" : i.state === "expired" ? "failed" : "pending"}`}>{i.state}</span>
                    {i.acceptedBy && ` by ${i.acceptedBy}`}
                  </>
                ),
              },
              { header: "By", cell: (i) => i.invitedBy },
              { header: "Expires", cell: (i) => when(i.expiresAt) },
              {
                header: "Actions",
                hidden: true,
                cell: (i) => i.state === "pending" && <ConfirmButton label="Revoke" danger question="Revoke this invitation?" onConfirm={() => void revoke(i.id!)} />,
              },
            ]}
          />
        )}
      </Loaded>
    </section>
  );
}
