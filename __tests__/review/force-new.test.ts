/**
 * The ForceNew table against what Terraform itself decided in real plans (fixtures made with the
 * real provider 2.71.0): every replace path is in the table, no attribute changed in place is,
 * and every resource type the stacks synthesize (every preset, profile and DR mode, and the
 * bootstrap stack) has an entry with its source.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DROPLET_PRESET_NAMES as PRESET_NAMES, DROPLET_PRESETS as PRESETS } from "../../config/presets";
import { DR_MODES, PROD_PROFILES, STACK_NAMES } from "../../config/types";
import { resolvePlatform, takeoverPair } from "../../config/validate";
import { buildPlatform } from "../../lib/synth-platform";
import { FORCE_NEW, forcesReplacement } from "../../review/force-new";
import { promotedClusterOf } from "../synth-fresh";

type Json = Record<string, any>;
const plans = path.join(__dirname, "..", "fixtures", "terraform-plans");
const plan = (s: string) => JSON.parse(fs.readFileSync(path.join(plans, `prod-${s}.plan.json`), "utf8")) as Json;
const SCENARIOS = ["no-change", "growth-profile", "edit-user-data", "add-droplet", "remove-bucket", "new-ssh-key"];

function replacePaths(): [string, string][] {
  return SCENARIOS.flatMap((s) =>
    (plan(s).resource_changes as Json[]).flatMap((rc) => ((rc.change.replace_paths ?? []) as unknown[][]).map((p): [string, string] => [rc.type, p.filter((x) => typeof x === "string").join(".")])),
  );
}

function updatedInPlace(): [string, string][] {
  return SCENARIOS.flatMap((s) =>
    (plan(s).resource_changes as Json[])
      .filter((rc) => (rc.change.actions as string[]).join() === "update")
      .flatMap((rc) => {
        const before = (rc.change.before ?? {}) as Json;
        const after = (rc.change.after ?? {}) as Json;
        const unknown = (rc.change.after_unknown ?? {}) as Json;
        return [...new Set([...Object.keys(before), ...Object.keys(after)])]
          .filter((k) => unknown[k] === true || JSON.stringify(before[k]) !== JSON.stringify(after[k]))
          .map((k): [string, string] => [rc.type, k]);
      }),
  );
}

it("marks every attribute Terraform replaced a resource for in the real plans", () => {
  const paths = replacePaths();
  expect(paths).toEqual(expect.arrayContaining([["digitalocean_droplet", "user_data"], ["digitalocean_droplet", "ssh_keys"]]));
  for (const [type, attribute] of paths) expect({ type, attribute, forceNew: forcesReplacement(type, attribute) }).toEqual({ type, attribute, forceNew: true });
});

it("does not mark what Terraform changed in place in the real plans (sizes, size_unit, project resources)", () => {
  const updates = updatedInPlace();
  expect(updates).toEqual(expect.arrayContaining([["digitalocean_droplet", "size"], ["digitalocean_database_cluster", "size"], ["digitalocean_loadbalancer", "size_unit"]]));
  for (const [type, attribute] of updates) expect({ type, attribute, forceNew: forcesReplacement(type, attribute) }).toEqual({ type, attribute, forceNew: false });
});

it("has an entry, with its source, for every resource type any stack synthesizes", () => {
  const types = new Set<string>();
  for (const name of PRESET_NAMES) {
    const preset = PRESETS[name];
    for (const profile of PROD_PROFILES) {
      for (const mode of DR_MODES) {
        if (mode === "failover" && !takeoverPair(preset.environments(profile))) continue;
        const envs = resolvePlatform(preset.platform, preset.environments(profile), mode, mode === "failover" ? promotedClusterOf(preset.platform) : undefined);
        const built = buildPlatform(os.tmpdir(), preset.platform, envs, STACK_NAMES, { bootstrap: true });
        for (const stack of built.stacks) for (const type of Object.keys((stack.toTerraform() as Json).resource ?? {})) types.add(type);
      }
    }
  }
  expect(types.has("digitalocean_spaces_key")).toBe(true);
  const missing = [...types].filter((t) => !FORCE_NEW[t]);
  expect(missing).toEqual([]);
  for (const t of types) expect(FORCE_NEW[t]!.source.length).toBeGreaterThan(10);
});

it("matches nested paths under a ForceNew attribute, and nothing for unknown types or attributes", () => {
  expect(forcesReplacement("digitalocean_droplet", "user_data")).toBe(true);
  expect(forcesReplacement("digitalocean_database_replica", "tags")).toBe(true);
  expect(forcesReplacement("digitalocean_certificate", "domains")).toBe(true);
  expect(forcesReplacement("digitalocean_droplet", "user_data_extra")).toBe(false);
  expect(forcesReplacement("digitalocean_droplet", "size")).toBe(false);
  expect(forcesReplacement("digitalocean_database_cluster", "tags")).toBe(false);
  expect(forcesReplacement("random_id", "keepers.domains")).toBe(true);
  expect(forcesReplacement("aws_instance", "ami")).toBe(false);
});
