/**
 * Each seed system as a preset: it synthesizes under both prod profiles, passes every policy rule
 * (the only suppression is the documented DO-FW-2 on the Droplet firewall), its cost is printed,
 * and its defining traits are in the JSON.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PRESET_NAMES, PRESETS, type PresetName } from "../../config/presets";
import { PROD_PROFILES, STACK_NAMES, type ProdProfile, type StackName } from "../../config/types";
import { resolvePlatform } from "../../config/validate";
import { estimateStack } from "../../cost/estimate";
import { costReport, formatCostReport } from "../../cost/report";
import { synthPlatform } from "../../lib/synth-platform";
import type { PolicyReport } from "../../policy/violations";
import { resources, type TerraformJson } from "../helpers";

const runs = new Map<string, { reports: PolicyReport[]; json: Record<StackName, TerraformJson> }>();

function synth(name: PresetName, profile: ProdProfile) {
  const key = `${name}/${profile}`;
  const done = runs.get(key);
  if (done) return done;
  const preset = PRESETS[name];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `preset-${name}-`));
  try {
    const reports = synthPlatform(dir, preset.platform, resolvePlatform(preset.platform, preset.environments(profile)), STACK_NAMES);
    const json = Object.fromEntries(
      STACK_NAMES.map((s) => [s, JSON.parse(fs.readFileSync(path.join(dir, "stacks", s, "cdk.tf.json"), "utf8")) as TerraformJson]),
    ) as Record<StackName, TerraformJson>;
    runs.set(key, { reports, json });
    return runs.get(key)!;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const pairs = PRESET_NAMES.flatMap((name) => PROD_PROFILES.map((profile) => [name, profile] as const));

test.each(pairs)("%s (%s) synthesizes and passes every policy rule", (name, profile) => {
  const { reports } = synth(name, profile);
  expect(reports.flatMap((r) => r.violations)).toEqual([]);
  expect([...new Set(reports.flatMap((r) => r.suppressed.map((s) => `${s.rule} ${s.path.split("/").slice(1).join("/")}`)))]).toEqual(["DO-FW-2 firewall/firewall"]);
});

test.each(pairs)("%s (%s) has its cost printed, every stack within budget", (name, profile) => {
  const preset = PRESETS[name];
  const envs = preset.environments(profile);
  const { json } = synth(name, profile);
  const report = costReport(name, profile, STACK_NAMES.map((s) => ({ stack: s, budgetUsd: envs[s].budgetUsd, estimate: estimateStack(json[s] as never) })));
  const text = formatCostReport(report);
  for (const s of STACK_NAMES) expect(text).toMatch(new RegExp(`^${s}\\n`, "m"));
  expect(report.stacks.every((s) => s.withinBudget && s.unpriced.length === 0)).toBe(true);
  expect(text).toContain(`Monthly cost estimate of ${name} (prod profile: ${profile})`);
});

const clusters = (json: TerraformJson, engine: string) => resources(json, "digitalocean_database_cluster").filter((c) => c.engine === engine);

test("quickcart: PostgreSQL main + audit with standby in sgp1, a pooler, DR replica in fra1", () => {
  const { json } = synth("quickcart", "launch");
  expect(clusters(json.prod, "pg").map((c) => [c.name, c.node_count, c.region]).sort()).toEqual([
    ["quickcart-prod-pg", 2, "sgp1"],
    ["quickcart-prod-pg-audit", 2, "sgp1"],
  ]);
  expect(resources(json.prod, "digitalocean_database_connection_pool")).toMatchObject([{ mode: "transaction", size: 20 }]);
  expect(resources(json.dr, "digitalocean_database_replica")).toMatchObject([{ region: "fra1", size: "db-s-4vcpu-8gb" }]);
  expect(clusters(json.prod, "mysql")).toEqual([]);
});

test("freshtrack: no Spaces and no managed cache anywhere, PostgreSQL behind a pool", () => {
  const { json } = synth("freshtrack", "launch");
  for (const s of STACK_NAMES) {
    expect(resources(json[s], "digitalocean_spaces_bucket")).toEqual([]);
    expect(clusters(json[s], "valkey")).toEqual([]);
  }
  expect(clusters(json.prod, "pg")).toMatchObject([{ version: "15", node_count: 2 }]);
  // Without a managed cache the queue runs on the database, never on a Redis that is not there.
  for (const d of resources(json.prod, "digitalocean_droplet")) expect(d.user_data).toContain("artisan queue:work database ");
  expect(json.prod.output!.database_pool_private_host).toBeDefined();
});

test("bulletdrop: PostgreSQL with a standby in prod (not the seed's 1 GB single node), Spaces + CDN", () => {
  const { json } = synth("bulletdrop", "launch");
  expect(clusters(json.prod, "pg")).toMatchObject([{ size: "db-s-1vcpu-2gb", node_count: 2 }]);
  expect(resources(json.prod, "digitalocean_cdn")).toHaveLength(1);
});
