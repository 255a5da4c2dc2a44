// What every browser test uses: the stack's addresses, signing in, and the check each screen gets — no serious
// or critical axe-core violation, the security headers on the page, and a screenshot for the record.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";

export const NATS_URL = process.env.NATS_URL!;
export const CLUSTER = process.env.CLUSTER!;
/** Where the test harness stops and starts PostgreSQL (POST /db/stop, /db/start). */
export const CONTROL_URL = process.env.CONTROL_URL!;
export const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD!;
export const OUT = process.env.OUTPUT_DIR ?? "target/e2e";
mkdirSync(`${OUT}/screenshots`, { recursive: true });

export async function signIn(page: Page, username: string, password: string) {
  await page.getByLabel("Username", { exact: true }).fill(username);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in to Tributary" })).toBeVisible();
}

/** Axe (WCAG 2 A/AA) without serious or critical violations, and a screenshot named `name`. */
export async function check(page: Page, name: string) {
  await expect(page.locator(".loading")).toHaveCount(0);
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`), `axe on ${name}`).toEqual([]);
  await page.screenshot({ path: `${OUT}/screenshots/${name}.png`, fullPage: true });
}

/** The page's security headers, as its document was served. */
export async function expectSecurityHeaders(page: Page, path: string) {
  const response = await page.goto(path);
  const headers = response!.headers();
  expect(headers["content-security-policy"]).toContain("script-src 'self'");
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).not.toContain("unsafe-inline");
  expect(headers["x-content-type-options"]).toBe("nosniff");
}
