/**
 * Issue 15: dr must not depend on the region it replaces. Every failover stack and every standby dr
 * of every preset, under both prod profiles, "planned" against a stand-in API that refuses every
 * request addressed to prod's region (policy/region-reach.ts models which endpoints each Terraform
 * type's read calls, citing the provider file; there is no provider binary here to plan with).
 * The default preset's stacks are the ones global-setup.ts wrote; the other presets' prod and dr
 * are synthesized here (about 3 s unloaded), the price of covering every preset.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_PRESET, DROPLET_PRESET_NAMES as PRESET_NAMES, DROPLET_PRESETS as PRESETS, type DropletPresetName as PresetName } from "../../config/presets";
import { PROD_PROFILES, type DrMode, type ProdProfile } from "../../config/types";
import { resolvePlatform, takeoverPair } from "../../config/validate";
import { synthPlatform } from "../../lib/synth-platform";
import { DATA_READS, planAgainst, planCalls, refusingRegion, RESOURCE_READS } from "../../policy/region-reach";
import { synthJson } from "../helpers";
import { promotedClusterOf } from "../synth-fresh";

type Json = Record<string, unknown>;

function synth(name: PresetName, profile: ProdProfile, mode: DrMode): { prod: Json; dr: Json } {
  if (name === DEFAULT_PRESET) {
    const read = (stack: "prod" | "dr") => synthJson(stack, profile, mode) as unknown as Json;
    return { prod: read("prod"), dr: read("dr") };
  }
  const preset = PRESETS[name];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `region-reach-${name}-`));
  try {
    const envs = resolvePlatform(preset.platform, preset.environments(profile), mode, mode === "failover" ? promotedClusterOf(preset.platform) : undefined);
    synthPlatform(dir, preset.platform, envs, ["prod", "dr"]);
    const read = (stack: string) => JSON.parse(fs.readFileSync(path.join(dir, "stacks", stack, "cdk.tf.json"), "utf8")) as Json;
    return { prod: read("prod"), dr: read("dr") };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const cases = PRESET_NAMES.flatMap((name) => PROD_PROFILES.map((profile) => [name, profile] as const));
const refusals = (r: { refused: readonly { address: string; why: string }[] }) => r.refused.map((c) => `${c.address}: ${c.why}`);

describe.each(cases)("%s (%s profile), prod's region refusing everything", (name, profile) => {
  const envs = PRESETS[name].environments(profile);
  const prodRegion = envs.prod.region;
  const standIn = refusingRegion(prodRegion);
  const standby = synth(name, profile, "standby");

  it("standby dr plans: its state, prod's bucket name (prod's state) and its replica need nothing addressed to prod's region", () => {
    expect(refusals(planAgainst(standby.dr, standIn, { refresh: true }))).toEqual([]);
  });

  if (!takeoverPair(envs)) return;
  const failover = synth(name, profile, "failover");

  it("failover dr plans, refresh and all: no copy, no reader key, no lookup in prod's region", () => {
    expect(refusals(planAgainst(failover.dr, standIn, { refresh: true }))).toEqual([]);
    const types = Object.keys((failover.dr.data ?? {}) as Json);
    expect(types).not.toContain("terraform_remote_state");
    expect(types).not.toContain("digitalocean_spaces_buckets");
  });

  it("failover prod plans with -refresh=false (the runbook's command); a refresh would reach its own buckets in prod's region", () => {
    expect(refusals(planAgainst(failover.prod, standIn, { refresh: false }))).toEqual([]);
    const refreshed = planAgainst(failover.prod, standIn, { refresh: true });
    // Exactly the Spaces reads of prod's own bucket, which is in the failed region: nothing else.
    const types = new Set(refreshed.refused.map((c) => c.address.split(".")[0]));
    if (envs.prod.bucket) expect([...types].sort()).toEqual(["digitalocean_spaces_bucket", "digitalocean_spaces_bucket_cors_configuration"]);
    else expect(refreshed.refused).toEqual([]);
  });
});

describe("the stand-in and the model", () => {
  const dr = (extra: Json, backendRegion = "ams3"): Json => ({
    terraform: { backend: { s3: { bucket: "acme-tfstate-prod", key: "acme/dr.tfstate", endpoints: { s3: `https://${backendRegion}.digitaloceanspaces.com` } } } },
    resource: { digitalocean_spaces_bucket: { storage_bucket: { name: "acme-dr-backups", region: "fra1" } } },
    ...extra,
  });

  it("refuses e8aba58's dr: digitalocean_spaces_buckets lists every Spaces region, prod's among them", () => {
    const old = dr({
      data: {
        digitalocean_spaces_buckets: {
          "backup-jobs_source": { filter: [{ key: "name", match_by: "re", values: ["^acme-prod-media-[0-9a-f]{6}$"] }, { key: "region", values: ["nyc3"] }] },
        },
      },
    });
    const result = planAgainst(old, refusingRegion("nyc3"), { refresh: true });
    expect(result.ok).toBe(false);
    expect(refusals(result)).toEqual(["data.digitalocean_spaces_buckets.backup-jobs_source: lists the buckets of every Spaces region, nyc3.digitaloceanspaces.com among them"]);
    // The region filter does not help: the provider filters after listing every region.
    expect(planAgainst(old, refusingRegion("syd1"), { refresh: true }).ok).toBe(false);
  });

  it("refuses state kept in prod's region, and a remote state read from there", () => {
    expect(refusals(planAgainst(dr({}, "nyc3"), refusingRegion("nyc3"), { refresh: false }))).toEqual(["terraform.backend.s3: calls nyc3.digitaloceanspaces.com"]);
    const remote = dr({ data: { terraform_remote_state: { source: { backend: "s3", config: { endpoints: { s3: "https://nyc3.digitaloceanspaces.com" } } } } } });
    expect(refusals(planAgainst(remote, refusingRegion("nyc3"), { refresh: true }))).toEqual(["data.terraform_remote_state.source: calls nyc3.digitaloceanspaces.com"]);
    expect(planAgainst(remote, refusingRegion("fra2"), { refresh: true }).ok).toBe(true);
  });

  it("refuses a Spaces call whose region the JSON does not name", () => {
    const unnamed = dr({ resource: { digitalocean_spaces_bucket: { b: { name: "x", region: "${var.region}" } } } });
    expect(refusals(planAgainst(unnamed, refusingRegion("nyc3"), { refresh: true }))).toEqual(["digitalocean_spaces_bucket.b: calls a Spaces endpoint whose region the JSON does not name"]);
  });

  it("has no row for an unknown type: a new resource or data source must be modelled before it is planned", () => {
    expect(() => planCalls(dr({ data: { digitalocean_droplets: { all: {} } } }), { refresh: true })).toThrow(/no row for the data source digitalocean_droplets/);
    expect(() => planCalls(dr({ resource: { digitalocean_volume: { v: {} } } }), { refresh: false })).toThrow(/no row for the resource type digitalocean_volume/);
  });

  it("cites a source file for every row", () => {
    for (const [type, row] of Object.entries({ ...RESOURCE_READS, ...DATA_READS })) expect({ type, source: row.source }).toEqual({ type, source: expect.stringMatching(/\.go\b/) });
  });
});
