/**
 * `npm run bench`: whole-process wall time of the fast synth path against the cdktf-init default
 * (`cdktf synth` running `npx ts-node main.ts`) on this same code. Runs are interleaved so both
 * see the same machine state; prints medians and their ratio as a markdown table for
 * docs/PERFORMANCE.md. BENCH_RUNS sets the runs per command (default 5).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";

interface Case {
  readonly name: string;
  readonly command: string;
  readonly note: string;
}

const root = path.resolve(__dirname, "..");
const runs = Number(process.env.BENCH_RUNS ?? "5");
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`BENCH_RUNS = ${JSON.stringify(process.env.BENCH_RUNS)} is not allowed; allowed: an integer ≥ 1\n`);
  process.exit(1);
}
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "platform-bench-"));

const CASES: Case[] = [
  { name: "npm run synth", command: "npm run synth --silent", note: "what we ship (sucrase, cached)" },
  {
    name: "cdktf synth (ts-node)",
    command: `npx cdktf synth --app "npx ts-node main.ts" --output ${path.join(scratch, "ts-node.out")}`,
    note: "cdktf init default app command",
  },
  { name: "cdktf synth (fast app)", command: `npx cdktf synth --output ${path.join(scratch, "cli.out")}`, note: "the CLI with cdktf.json's app" },
  { name: "node main.ts (no npm)", command: "node -r ./lib/register.js main.ts", note: "the synth process alone" },
  { name: "npm run (empty script)", command: "npm run bench:npm-floor --silent", note: "npm's own start-up: the floor under any npm script" },
  // Issue 8's targets: ≤ 2 s each for all four stacks. Review synthesizes HEAD in a worktree and
  // the working tree side by side; handoff synthesizes and writes a bundle per stack.
  {
    name: "npm run review -- --base HEAD~1 (no cache)",
    command: "PLATFORM_REVIEW_CACHE=off npm run review --silent -- --base HEAD~1",
    note: "offline change review, four stacks: base in a worktree and working tree synthesized side by side (target ≤ 2 s)",
  },
  { name: "npm run review -- --base HEAD~1", command: "npm run review --silent -- --base HEAD~1", note: "the same with the base's output cached (every run after the first)" },
  { name: "npm run handoff", command: `npm run handoff --silent -- --out ${path.join(scratch, "handoff")}`, note: "ops bundles of four stacks (target ≤ 2 s)" },
];

function time(command: string): number {
  const start = performance.now();
  const result = spawnSync(command, {
    cwd: root,
    shell: true,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "1" },
  });
  const elapsed = (performance.now() - start) / 1000;
  if (result.status !== 0) throw new Error(`${command} failed (${result.status}):\n${result.stderr}`);
  return elapsed;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

try {
  for (const c of CASES) time(c.command); // warm-up: disk cache, transpile cache
  const samples = new Map<string, number[]>(CASES.map((c) => [c.name, []]));
  for (let i = 0; i < runs; i++) {
    for (const c of CASES) samples.get(c.name)!.push(time(c.command));
  }
  const medians = new Map(CASES.map((c) => [c.name, median(samples.get(c.name)!)]));
  const base = medians.get(CASES[1]!.name)!;
  const lines = [
    `${runs} runs each, interleaved, after one warm-up; ${os.cpus().length} CPUs, node ${process.version}.`,
    "",
    "| command | median (s) | min (s) | max (s) | speed-up vs ts-node default | what |",
    "|---|---|---|---|---|---|",
    ...CASES.map((c) => {
      const xs = samples.get(c.name)!;
      const m = medians.get(c.name)!;
      return `| \`${c.name}\` | ${m.toFixed(2)} | ${Math.min(...xs).toFixed(2)} | ${Math.max(...xs).toFixed(2)} | ${(base / m).toFixed(1)}× | ${c.note} |`;
    }),
    "",
    `Ratio (cdktf synth with ts-node) / (npm run synth): ${(base / medians.get(CASES[0]!.name)!).toFixed(1)}×`,
  ];
  process.stdout.write(lines.join("\n") + "\n");
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
