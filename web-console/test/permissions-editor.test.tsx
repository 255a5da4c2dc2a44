// The permission editor in a DOM (happy-dom): subjects are checked as the user types, with the shared rules,
// the error sits next to its list, and what is sent is trimmed.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Window } from "happy-dom";

const window = new Window({ url: "http://localhost/" });
Object.assign(globalThis, { window, document: window.document, Event: window.Event, HTMLElement: window.HTMLElement });

const { render } = await import("preact");
const { useState } = await import("preact/hooks");
const { act } = await import("preact/test-utils");
const { PermissionsEditor, normalized, permissionsValid } = await import("../src/features/users/PermissionsEditor");
type Permissions = Parameters<typeof normalized>[0];

let latest: Permissions = {};
function Harness() {
  const [p, setP] = useState<Permissions>({});
  latest = p;
  return <PermissionsEditor value={p} onChange={setP} serverError={(path) => (path === "permissions.sub.deny[0]" ? "the server says no" : undefined)} />;
}

function mount() {
  const root = document.createElement("div");
  document.body.appendChild(root);
  act(() => render(<Harness />, root as unknown as Element));
  return root;
}

function field(root: HTMLElement, label: string): HTMLTextAreaElement {
  const l = [...root.querySelectorAll("label")].find((x) => x.textContent === label);
  assert.ok(l, `a label "${label}"`);
  return root.querySelector(`#${CSS.escape(l.getAttribute("for")!)}`) as HTMLTextAreaElement;
}

function type(el: HTMLTextAreaElement, text: string) {
  act(() => {
    el.value = text;
    el.dispatchEvent(new window.Event("input", { bubbles: true }) as unknown as Event);
  });
}

const CSS = { escape: (s: string) => s.replace(/[^a-zA-Z0-9_-]/g, (c) => `\\${c}`) };

test("every list and the response permissions have labelled controls", () => {
  const root = mount();
  for (const label of ["Publish: allow", "Publish: deny", "Subscribe: allow", "Subscribe: deny", "Allow responses"]) {
    assert.ok(field(root, label), label);
  }
});

test("an invalid subject is named, with its line, as it is typed", () => {
  const root = mount();
  const pubAllow = field(root, "Publish: allow");
  type(pubAllow, "orders.>\nfoo..bar");
  const error = root.querySelector(".field.invalid .error");
  assert.match(error?.textContent ?? "", /line 2 \(“foo\.\.bar”\): tokens between dots cannot be empty/);
  assert.equal(pubAllow.getAttribute("aria-invalid"), "true");
  assert.equal(permissionsValid(latest), false);

  type(pubAllow, "orders.>\nfoo.bar");
  assert.equal(root.querySelector(".field.invalid"), null);
  assert.equal(permissionsValid(latest), true);
});

test("a wildcard that is not last, and whitespace, are refused", () => {
  const root = mount();
  const subAllow = field(root, "Subscribe: allow");
  type(subAllow, "a.>.b");
  assert.match(root.querySelector(".error")?.textContent ?? "", /'>' can only be the last token/);
  type(subAllow, "a b");
  assert.match(root.querySelector(".error")?.textContent ?? "", /spaces/);
});

test("the server's field error is shown next to the list it names", () => {
  const root = mount();
  type(field(root, "Subscribe: deny"), "secret.>");
  assert.match(root.textContent ?? "", /the server says no/);
});

test("what is sent is trimmed, without blank lines or empty lists", () => {
  assert.deepEqual(normalized({ pub: { allow: ["  orders.> ", "", "x"], deny: [""] }, sub: { allow: [] } }), {
    pub: { allow: ["orders.>", "x"], deny: undefined },
    sub: undefined,
    resp: undefined,
  });
});
