// What the scenario scripts share: each scenario is bounded in time and its outcome recorded; the script prints
// the results as one JSON object (scenario name -> "ok" or the error), which the Java side reads.
export const te = new TextEncoder(), td = new TextDecoder();
export const results = {};

export async function scenario(name, fn) {
  try {
    await Promise.race([fn(), new Promise((_, rej) => setTimeout(() => rej(new Error("timed out")), 10000))]);
    results[name] = "ok";
  } catch (e) {
    results[name] = String(e?.message ?? e);
  }
}

export function expect(cond, what) {
  if (!cond) throw new Error("expected " + what);
}
