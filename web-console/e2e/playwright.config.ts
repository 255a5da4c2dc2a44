// The browser tests run against a stack the caller started (control-plane's WebConsoleIT): its URL, a node's
// NATS URL and the admin's password come in the environment. Debian's chromium, not a downloaded browser.
import { defineConfig } from "@playwright/test";

const out = process.env.OUTPUT_DIR ?? "target/e2e";

export default defineConfig({
  testDir: ".",
  outputDir: `${out}/results`,
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  use: {
    baseURL: process.env.CONSOLE_URL,
    browserName: "chromium",
    headless: true,
    launchOptions: { executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] },
    acceptDownloads: true,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
  },
});
