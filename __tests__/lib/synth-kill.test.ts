/**
 * Real synths (`node -r ./lib/register.js main.ts`, one stack each to stay quick) killed with
 * SIGKILL at seeded random points: after every kill the output path holds a whole output, the
 * previous run's or the killed run's; after a final run nothing else is left beside it.
 * About 5 s: each run is a real process (~0.6 s), which is the point.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const root = path.join(__dirname, "..", "..");

/** mulberry32: the same delays on every run of the test. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The stacks of a whole output (manifest.json and every stack's cdk.tf.json parse), or throws. */
function wholeOutput(out: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(out, "manifest.json"), "utf8")) as { stacks: Record<string, { synthesizedStackPath: string }> };
  for (const stack of Object.values(manifest.stacks)) JSON.parse(fs.readFileSync(path.join(out, stack.synthesizedStackPath), "utf8"));
  return Object.keys(manifest.stacks).sort().join(",");
}

function startSynth(out: string, stacks: string) {
  const child = spawn(process.execPath, ["-r", "./lib/register.js", "main.ts"], {
    cwd: root,
    env: { PATH: process.env.PATH, CDKTF_OUTDIR: out, PLATFORM_STACKS: stacks },
    stdio: "ignore",
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited };
}

test("SIGKILL at random points never leaves the output missing or partial; the next run removes what killed runs left", async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "synth-kill-"));
  const out = path.join(tmp, "cdktf.out");
  try {
    const started = Date.now();
    expect(await startSynth(out, "dev").exited).toBe(0);
    const runMs = Date.now() - started;
    let previous = wholeOutput(out);
    const next = random(15);
    let swapped = 0;
    for (let i = 0; i < 7; i++) {
      const stacks = previous === "dev" ? "staging" : "dev"; // each run's output is told apart from the last
      const known = new Set(fs.readdirSync(tmp));
      const { child, exited } = startSynth(out, stacks);
      if (i % 2 === 0) {
        // Anywhere in the run, from start-up to exit.
        await sleep(next() * runMs * 1.1);
      } else {
        // While the new output is written or swapped in: once a new entry appears beside it.
        const deadline = Date.now() + 3 * runMs;
        while (fs.readdirSync(tmp).every((n) => known.has(n)) && Date.now() < deadline) await sleep(2);
        await sleep(next() * 150);
      }
      child.kill("SIGKILL");
      await exited;
      const now = wholeOutput(out);
      expect([previous, stacks]).toContain(now);
      if (now !== previous) swapped++;
      previous = now;
    }
    expect(await startSynth(out, "dev").exited).toBe(0);
    expect(wholeOutput(out)).toBe("dev");
    // Nothing beside the output but the directory it resolves to (itself, or a link's target).
    const resolved = path.basename(fs.realpathSync(out));
    expect(fs.readdirSync(tmp).filter((n) => n !== path.basename(out) && n !== resolved)).toEqual([]);
    expect(swapped).toBeLessThan(7); // some kills did land before the swap
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}, 30_000);
