/** `npm run cost` end to end: offline, from the synthesized stacks, as text and JSON; bad flags exit 1. */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { STACK_NAMES } from "../../config/types";
import { estimateStack } from "../../cost/estimate";
import { synthJson } from "../helpers";

const root = path.join(__dirname, "..", "..");

function runCost(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ["-r", "./lib/register.js", "scripts/cost.ts", ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, ...env },
    encoding: "utf8",
  });
}

test("--json prices every stack exactly as its synthesized cdk.tf.json", () => {
  const result = runCost(["--json"]);
  expect(result.status).toBe(0);
  const report = JSON.parse(result.stdout) as { stacks: { stack: string; totalUsd: number; budgetUsd: number }[]; totalUsd: number };
  expect(report.stacks.map((s) => s.stack)).toEqual([...STACK_NAMES]);
  for (const s of report.stacks) expect(s.totalUsd).toBe(estimateStack(synthJson(s.stack as never) as never).totalUsd);
});

test("--dir prices an existing synth output (what ops were handed) against the budgets recorded in it", () => {
  const dir = path.join(process.env.PLATFORM_TEST_SYNTH_DIR!, "growth");
  const result = runCost(["--json", "--dir", dir], { PLATFORM_STACKS: "prod" });
  expect(result.status).toBe(0);
  const report = JSON.parse(result.stdout);
  expect(report.stacks[0].totalUsd).toBe(estimateStack(synthJson("prod", "growth") as never).totalUsd);
  expect(report.stacks[0].budgetUsd).toBe((synthJson("prod", "growth")["//"] as { platform: { budgetUsd: number } }).platform.budgetUsd);
  // The environment's preset does not matter with --dir: the files say what they are.
  const other = runCost(["--json", "--dir", dir], { PLATFORM_STACKS: "prod", PLATFORM_PRESET: "freshtrack" });
  expect(JSON.parse(other.stdout).stacks[0].budgetUsd).toBe(report.stacks[0].budgetUsd);
  expect(JSON.parse(other.stdout).preset).toBe("bizsocials");
});

test("text output has a table per stack and the total", () => {
  const result = runCost([], { PLATFORM_STACKS: "dev,prod" });
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(/^dev\n {2}item +resource +unit +count +monthly$/m);
  expect(result.stdout).toContain("digitalocean_droplet.app-tier_app-1");
  expect(result.stdout).toMatch(/Total for dev, prod: \$\d+\.\d\d per month/);
});

test.each([
  ["an unknown flag", ["--yaml"], {}, "Unknown option '--yaml'"],
  ["a directory without the stacks", ["--dir", "/nonexistent"], {}, 'cost: --dir = "/nonexistent"'],
  ["a directory missing a selected stack", ["--dir", "/nonexistent"], { PLATFORM_STACKS: "prod" }, 'cost: --dir = "/nonexistent/stacks/prod/cdk.tf.json"'],
  ["an unknown preset", [], { PLATFORM_PRESET: "nope" }, 'PLATFORM_PRESET = "nope"'],
  ["an empty PLATFORM_STACKS", [], { PLATFORM_STACKS: "" }, 'selection: PLATFORM_STACKS = "" is not allowed'],
  ["an empty PLATFORM_STACKS with --dir", ["--dir", "/nonexistent"], { PLATFORM_STACKS: "" }, 'selection: PLATFORM_STACKS = "" is not allowed'],
  ["a stack named twice with --dir", ["--dir", "/nonexistent"], { PLATFORM_STACKS: "prod,prod" }, 'selection: stack name = "prod" (from PLATFORM_STACKS="prod,prod")'],
])("rejects %s with exit 1 and a message", (_name, args, env, message) => {
  const result = runCost(args, env);
  expect(result.status).toBe(1);
  expect(result.stderr).toContain(message);
  expect(result.stderr).not.toMatch(/\n\s+at /);
});

test("the bootstrap stack is priced when named, against its own budget", () => {
  const result = runCost(["--json"], { PLATFORM_STACKS: "bootstrap" });
  expect(result.status).toBe(0);
  const report = JSON.parse(result.stdout) as { stacks: { stack: string; budgetUsd: number; lines: { item: string }[]; unpriced: unknown[] }[] };
  expect(report.stacks.map((s) => s.stack)).toEqual(["bootstrap"]);
  expect(report.stacks[0]!.budgetUsd).toBe(10);
  expect(report.stacks[0]!.lines.map((l) => l.item)).toEqual([expect.stringMatching(/^Spaces subscription/)]);
  expect(report.stacks[0]!.unpriced).toEqual([]);
});
