// Builds the console into target/classes/META-INF/resources (the jar the control plane serves it from):
// one ES module and one stylesheet with content hashes in their names, and index.html naming them (no inline
// script: the Content-Security-Policy forbids it). Fails when the initial JavaScript is over its budget.
// With --tests, bundles test/*.test.ts(x) for `node --test` instead.
import { build } from "esbuild";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const BUDGET_GZIP_BYTES = 250 * 1024;
const common = { bundle: true, jsx: "automatic", jsxImportSource: "preact", target: "es2022", logLevel: "warning" };

if (process.argv.includes("--tests")) {
  const tests = readdirSync("test").filter((f) => /\.test\.tsx?$/.test(f)).map((f) => `test/${f}`);
  rmSync("target/unit-tests", { recursive: true, force: true });
  await build({ ...common, entryPoints: tests, outdir: "target/unit-tests", platform: "node", format: "esm",
    outExtension: { ".js": ".mjs" }, packages: "external" });
  process.exit(0);
}

const out = "target/classes/META-INF/resources";
rmSync(out, { recursive: true, force: true });
mkdirSync(`${out}/assets`, { recursive: true });
const result = await build({ ...common, entryPoints: ["src/main.tsx", "src/styles.css"], outdir: `${out}/assets`,
  entryNames: "[name]-[hash]", format: "esm", minify: true, sourcemap: "linked", metafile: true,
  define: { "process.env.NODE_ENV": '"production"' } });

const outputs = Object.keys(result.metafile.outputs).map((p) => p.slice(out.length));
const script = outputs.find((p) => /\/main-[^/]+\.js$/.test(p));
const style = outputs.find((p) => /\/styles-[^/]+\.css$/.test(p));
const html = readFileSync("src/index.html", "utf8").replace("%SCRIPT%", script).replace("%STYLE%", style);
writeFileSync(`${out}/index.html`, html);
writeFileSync(`${out}/favicon.svg`, readFileSync("src/favicon.svg"));

const js = readFileSync(out + script);
const gzipped = gzipSync(js, { level: 9 }).length;
const report = `initial JavaScript: ${js.length} bytes, ${gzipped} bytes gzipped (budget ${BUDGET_GZIP_BYTES})\n`;
writeFileSync("target/bundle-size.txt", report);
process.stdout.write(`web-console: ${report}`);
if (gzipped > BUDGET_GZIP_BYTES) {
  console.error("web-console: the initial JavaScript is over its budget");
  process.exit(1);
}
