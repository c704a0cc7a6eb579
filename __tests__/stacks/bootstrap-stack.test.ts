/**
 * The bootstrap stack: the state buckets and their scoped keys, built in memory from each preset's
 * config and checked against what the environment stacks' backends expect.
 */
import * as os from "node:os";
import { DROPLET_PRESET_NAMES as PRESET_NAMES, DROPLET_PRESETS as PRESETS } from "../../config/presets";
import { STACK_NAMES } from "../../config/types";
import { resolvePlatform, stateBucketName } from "../../config/validate";
import { buildPlatform } from "../../lib/synth-platform";
import { BootstrapStack } from "../../stacks/bootstrap-stack";
import { synthJson, type Block, type TerraformJson } from "../helpers";

function bootstrapOf(presetName: (typeof PRESET_NAMES)[number]) {
  const preset = PRESETS[presetName];
  const envs = resolvePlatform(preset.platform, preset.environments("launch"));
  const built = buildPlatform(os.tmpdir(), preset.platform, envs, [], { bootstrap: true });
  expect(built.stacks).toHaveLength(1);
  const stack = built.stacks[0] as BootstrapStack;
  return { preset, stack, json: stack.toTerraform() as TerraformJson, report: stack.policy.check(stack) };
}

const strip = (blocks: Record<string, Block> | undefined) => Object.values(blocks ?? {}).map(({ "//": _m, ...rest }) => rest);

describe.each(PRESET_NAMES)("bootstrap stack of %s", (presetName) => {
  const { preset, json, report } = bootstrapOf(presetName);
  const state = preset.platform.state;
  const buckets = strip(json.resource?.digitalocean_spaces_bucket);
  const keys = strip(json.resource?.digitalocean_spaces_key);

  it("keeps its own state in a local file outside cdktf.out (a bucket cannot hold the state of the stack managing it)", () => {
    expect(json.terraform.backend).toEqual({ local: { path: "../../../terraform.bootstrap.tfstate" } });
  });

  it("creates one private, versioned, protected bucket per configured state bucket, keeping old versions for the configured days", () => {
    expect(buckets.map((b) => b.name).sort()).toEqual(state.buckets.map((b) => stateBucketName(state, b)).sort());
    for (const bucket of buckets) {
      expect(bucket).toMatchObject({ acl: "private", force_destroy: false, region: state.region, versioning: { enabled: true }, lifecycle: { prevent_destroy: true } });
      expect(bucket.lifecycle_rule).toEqual([expect.objectContaining({ enabled: true, noncurrent_version_expiration: { days: 90 } })]);
    }
    expect(state.noncurrentVersionDays).toBe(90);
  });

  it("scopes two keys to each bucket, on that bucket alone: one readwrite (applies), one read (pull requests' plans)", () => {
    expect(keys).toHaveLength(2 * buckets.length);
    const bucketAddresses = Object.keys(json.resource!.digitalocean_spaces_bucket!);
    const granted = (permission: string) =>
      keys
        .filter((k) => (k.grant as { permission: string }[])[0]!.permission === permission)
        .map((k) => {
          const grants = k.grant as { bucket: string; permission: string }[];
          expect(grants).toHaveLength(1);
          return grants[0]!.bucket;
        });
    const expected = bucketAddresses.map((a) => `\${digitalocean_spaces_bucket.${a}.name}`).sort();
    expect(granted("readwrite").sort()).toEqual(expected);
    expect(granted("read").sort()).toEqual(expected);
    expect(keys.map((k) => (k.grant as { permission: string }[])[0]!.permission).filter((p) => p !== "read" && p !== "readwrite")).toEqual([]);
  });

  it("hands the secrets out only as sensitive outputs", () => {
    const outputs = json.output!;
    for (const spec of state.buckets) {
      expect(outputs[`${spec.id}_state_secret_access_key`]).toMatchObject({ sensitive: true, value: expect.stringMatching(/\.secret_key\}$/) });
      expect(outputs[`${spec.id}_state_access_key_id`]).toMatchObject({ value: expect.stringMatching(/\.access_key\}$/) });
      // The read-only pair: the read key's own attributes, the secret sensitive.
      const readKey = Object.entries(json.resource!.digitalocean_spaces_key!).find(([, k]) => k.name === `${stateBucketName(state, spec)}-terraform-read`)![0];
      expect(outputs[`${spec.id}_state_read_access_key_id`]).toMatchObject({ value: `\${digitalocean_spaces_key.${readKey}.access_key}` });
      expect(outputs[`${spec.id}_state_read_secret_access_key`]).toMatchObject({ sensitive: true, value: `\${digitalocean_spaces_key.${readKey}.secret_key}` });
      expect(json.resource!.digitalocean_spaces_key![readKey]!.grant).toEqual([{ bucket: expect.any(String), permission: "read" }]);
    }
    for (const [name, output] of Object.entries(outputs)) {
      if (JSON.stringify(output.value).includes("secret_key")) expect({ name, sensitive: output.sensitive }).toEqual({ name, sensitive: true });
    }
  });

  it("passes the same policy rules as every stack, with nothing suppressed", () => {
    expect(report.violations).toEqual([]);
    expect(report.suppressed).toEqual([]);
    const applied = (id: string) => report.rules.find((r) => r.rule === id)!.counts.COMPLIANT;
    // Private, versioned, not force-destroyed, prevent_destroy: judged on both buckets; priced; no secrets.
    for (const id of ["DO-SPACES-1", "DO-SPACES-2", "DO-SPACES-3", "DO-DATA-1"]) expect(applied(id)).toBe(buckets.length);
    for (const id of ["DO-COST-1", "DO-COST-2", "DO-SEC-1", "DO-SEC-2"]) expect(applied(id)).toBeGreaterThan(0);
  });
});

describe("environment stacks and the bootstrap agree", () => {
  it("every environment stack's backend bucket is one the bootstrap creates, in its region", () => {
    const { json } = bootstrapOf("bizsocials");
    const names = strip(json.resource?.digitalocean_spaces_bucket).map((b) => b.name);
    for (const stack of STACK_NAMES) {
      const s3 = synthJson(stack).terraform.backend.s3;
      expect(names).toContain(s3.bucket);
      expect(s3.endpoints.s3).toBe(`https://${PRESETS.bizsocials.platform.state.region}.digitaloceanspaces.com`);
    }
  });

  it("is not built unless asked for", () => {
    const preset = PRESETS.bizsocials;
    const envs = resolvePlatform(preset.platform, preset.environments("launch"));
    const built = buildPlatform(os.tmpdir(), preset.platform, envs, STACK_NAMES);
    expect(built.stacks.map((s) => s.node.id)).toEqual([...STACK_NAMES]);
  });
});
