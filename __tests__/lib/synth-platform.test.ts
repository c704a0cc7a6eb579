/**
 * Values that compile but break a rule: synth fails with one line per problem across every stack
 * (stack, resource path, rule id, value, fix), and the previous output stays as it was.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { environments, PLATFORM } from "../../config/environments";
import { STACK_NAMES, type EnvironmentConfig, type PlatformConfig, type StackName } from "../../config/types";
import { resolvePlatform } from "../../config/validate";
import { PolicyError } from "../../policy/violations";
import { synthAtomically } from "../../lib/synth";
import { synthPlatform } from "../../lib/synth-platform";

type Envs = Record<StackName, EnvironmentConfig>;

function patched(patches: Partial<Record<StackName, Partial<EnvironmentConfig>>>): Envs {
  const envs = environments("launch");
  return Object.fromEntries(STACK_NAMES.map((s) => [s, { ...envs[s], ...patches[s] }])) as Envs;
}

function policyErrorOf(platform: PlatformConfig, envs: Envs): PolicyError {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bad-synth-"));
  try {
    synthPlatform(dir, platform, resolvePlatform(platform, envs), STACK_NAMES);
  } catch (e) {
    if (e instanceof PolicyError) return e;
    throw e;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  throw new Error("expected a PolicyError, synthesis succeeded");
}

test.each([
  [
    "a standby on the smallest plan (seed 000's mistake)",
    { dev: { database: { kind: "cluster", size: "db-s-1vcpu-1gb", nodes: 2 } } },
    ["[DO-CAT-3] dev: dev/data/database/cluster (digitalocean_database_cluster.database_cluster) node_count = 2", "db-s-1vcpu-2gb, db-s-2vcpu-4gb"],
  ],
  [
    "Spaces in a region without Spaces",
    { staging: { region: "nyc1" } },
    ['[DO-CAT-2] staging: staging/data/storage/bucket (digitalocean_spaces_bucket.storage_bucket) region = "nyc1"', "set region to one with Spaces: nyc3,"],
  ],
  [
    "a load balancer of 0 nodes",
    { prod: { loadBalancerSizeUnit: 0 } },
    ["[DO-LB-2] prod: prod/compute/edge/lb (digitalocean_loadbalancer.edge_lb) size_unit = 0", "from 1 to 200"],
  ],
  [
    "a prod database without standby",
    { prod: { database: { kind: "cluster", size: "db-s-1vcpu-2gb", nodes: 1 } } },
    ["[DO-DB-2] prod: prod/data/database/cluster", "node_count = 1"],
  ],
  [
    "a stack over budget",
    { staging: { app: { count: 12, size: "s-2vcpu-4gb" } } },
    ["[DO-COST-1] staging: staging (stack) monthly estimate = 347", "over the budget of $150.00", "suppress DO-COST-1 with a reason"],
  ],
] as const)("%s fails synth with the rule's message", (_name, patches, expected) => {
  const error = policyErrorOf(PLATFORM, patched(patches as never));
  for (const text of expected) expect(error.message).toContain(text);
});

test("PostgreSQL 14 (past end of availability) fails synth, listing the versions allowed", () => {
  const error = policyErrorOf({ ...PLATFORM, database: { engine: "pg", version: "14" } }, environments("launch"));
  expect(error.message).toContain('[DO-CAT-5] dev: dev/data/database/cluster (digitalocean_database_cluster.database_cluster) version = "14"');
  expect(error.message).toContain("use one of 15, 16, 17");
});

test("every problem of every stack is reported in one error", () => {
  const error = policyErrorOf(
    PLATFORM,
    patched({ dev: { database: { kind: "cluster", size: "db-s-1vcpu-1gb", nodes: 2 } }, staging: { region: "nyc1" }, prod: { loadBalancerSizeUnit: 300 } }),
  );
  expect(error.violations.map((v) => `${v.stack} ${v.rule}`).sort()).toEqual(
    // The second dev node and the 300 LB nodes also break those stacks' budgets.
    ["dev DO-CAT-3", "dev DO-COST-1", "prod DO-COST-1", "prod DO-LB-2", "staging DO-CAT-2", "staging DO-CAT-2"].sort(),
  );
  expect(error.message.split("\n").filter((l) => l.startsWith("  - "))).toHaveLength(error.violations.length);
});

test("a stack suppression with a reason lets an over-budget stack through, and the reason is reported", () => {
  const reason = "launch month: the load test fleet stays until 2026-12-31 (approved in PR 42)";
  const envs = patched({ staging: { app: { count: 12, size: "s-2vcpu-4gb" }, suppressions: [{ rule: "DO-COST-1", reason }] } });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "suppressed-"));
  try {
    const reports = synthPlatform(dir, PLATFORM, resolvePlatform(PLATFORM, envs), ["staging"]);
    expect(reports[0]!.suppressed.filter((s) => s.rule === "DO-COST-1").map((s) => s.reason)).toEqual([reason]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a failed synth leaves the previous cdktf.out exactly as it was", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "keep-out-"));
  const out = path.join(root, "cdktf.out");
  fs.mkdirSync(out);
  fs.writeFileSync(path.join(out, "marker"), "previous run");
  const envs = patched({ staging: { region: "nyc1" } });
  expect(() => synthAtomically(out, (dir) => synthPlatform(dir, PLATFORM, resolvePlatform(PLATFORM, envs), STACK_NAMES))).toThrow(PolicyError);
  expect(fs.readdirSync(out)).toEqual(["marker"]);
  expect(fs.readdirSync(root)).toEqual(["cdktf.out"]);
  fs.rmSync(root, { recursive: true, force: true });
});

test("the manifest the cdktf CLI prints INFO lines from holds one per rule and reason of each stack, with its count", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "infos-"));
  try {
    const reports = synthPlatform(dir, PLATFORM, resolvePlatform(PLATFORM, environments("launch")), STACK_NAMES);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")) as { stacks: Record<string, { annotations: { level: string; message: string }[] }> };
    for (const report of reports) {
      const infos = manifest.stacks[report.stack]!.annotations.filter((a) => a.level === "@cdktf/info").map((a) => a.message);
      const groups = new Set(report.suppressed.map((s) => `${s.rule} ${s.reason}`));
      expect(report.suppressed.length).toBeGreaterThan(groups.size); // several findings share a line
      expect(infos).toHaveLength(groups.size);
      const counted = infos.map((m) => Number(/\((\d+) findings?\) suppressed: /.exec(m)![1]));
      expect(counted.reduce((a, b) => a + b, 0)).toBe(report.suppressed.length);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
