/**
 * The backup jobs in the synthesized JSON of every preset: the timers exist in the user_data of
 * exactly one Droplet of the whole preset (dr's app-1 where dr has a backups bucket, none for
 * freshtrack, which has no bucket); the keys are scoped by grants to the two buckets; the source
 * bucket is named by prod's state (its bucket_name output), read in the state region; the settings reach the deploy command
 * through a sensitive output of references only; the dump retention is a lifecycle rule; the
 * heartbeat has its uptime check.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DROPLET_PRESET_NAMES as PRESET_NAMES, DROPLET_PRESETS as PRESETS, type DropletPresetName as PresetName } from "../../config/presets";
import { STACK_NAMES, type StackName } from "../../config/types";
import { resolvePlatform } from "../../config/validate";
import { synthPlatform } from "../../lib/synth-platform";
import { dataSources, resources, userData, type TerraformJson } from "../helpers";

const cache = new Map<PresetName, Record<StackName, TerraformJson>>();
function synth(name: PresetName): Record<StackName, TerraformJson> {
  const done = cache.get(name);
  if (done) return done;
  const preset = PRESETS[name];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `backup-jobs-${name}-`));
  try {
    synthPlatform(dir, preset.platform, resolvePlatform(preset.platform, preset.environments("launch")), STACK_NAMES);
    const json = Object.fromEntries(STACK_NAMES.map((s) => [s, JSON.parse(fs.readFileSync(path.join(dir, "stacks", s, "cdk.tf.json"), "utf8"))])) as Record<StackName, TerraformJson>;
    cache.set(name, json);
    return json;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const PURE_REFERENCE = /^\$\{[^}]+\}$/;

describe.each(PRESET_NAMES)("backup jobs of %s", (name) => {
  const preset = PRESETS[name];
  const app = preset.platform.app;
  const envs = preset.environments("launch");
  const expected = envs.dr.bucket?.purpose === "backups";

  it(expected ? "run on exactly one Droplet of the preset: dr's app-1" : "do not exist (no backups bucket)", () => {
    const json = synth(name);
    const hosts = STACK_NAMES.flatMap((s) =>
      resources(json[s], "digitalocean_droplet")
        .filter((d) => userData(d).includes(`/usr/local/sbin/${app}-backup\n`) || userData(d).includes(`${app}-backup-`))
        .map((d) => `${s}:${String(d.name)}`),
    );
    expect(hosts).toEqual(expected ? [`dr:${app}-dr-app-1`] : []);
  });

  if (!expected) return;

  it("copy and dump: timers on the matrix's schedules, the dump client of the engine's version", () => {
    const [host] = resources(synth(name).dr, "digitalocean_droplet");
    const text = userData(host!);
    const jobs = envs.dr.backupJobs!;
    expect(text).toContain(`OnCalendar=${jobs.copy!.schedule}\n`);
    expect(text).toContain(`OnCalendar=${jobs.dump!.schedule}\n`);
    expect(text).toContain(`location = /.well-known/${app}-backups {`);
    // The deploy command offers backup-env here: the settings file is named and the command defined.
    expect(text).toContain(`readonly BACKUP_SETTINGS=/etc/${app}/backup.env\n`);
    expect(text).toContain("cmd_backup_env() {");
    const { engine, version } = preset.platform.database;
    if (engine === "pg") expect(text).toContain(`- postgresql-client-${version}\n`);
    else expect(text).toMatch(/^ {2}- mysql-client$/m);
  });

  it("keys: read on the source bucket (prod's bucket_name output, from prod's state in the state region), readwrite on dr's own", () => {
    const json = synth(name);
    const dr = json.dr;
    const keys = Object.fromEntries(resources(dr, "digitalocean_spaces_key").map((k) => [String(k.name), k.grant]));
    expect(keys).toEqual({
      [`${app}-dr-backup-reader`]: [{ bucket: "${data.terraform_remote_state.backup-jobs_source.outputs.bucket_name}", permission: "read" }],
      [`${app}-dr-backup-writer`]: [{ bucket: "${digitalocean_spaces_bucket.storage_bucket.name}", permission: "readwrite" }],
    });
    // No listing of every Spaces region (issue 15): the name comes from prod's state, read with dr's
    // own backend settings (same bucket, endpoint and credentials), never from prod's region.
    expect(dataSources(dr, "digitalocean_spaces_buckets")).toEqual([]);
    const [remote] = dataSources(dr, "terraform_remote_state");
    const backend = dr.terraform.backend.s3 as Record<string, unknown>;
    expect(remote).toMatchObject({ backend: "s3", config: { ...backend, key: `${app}/prod.tfstate` } });
    expect((remote!.config as { endpoints: { s3: string } }).endpoints.s3).not.toContain(envs.prod.region);
    // What it reads is an output prod really has, naming the bucket the copy reads.
    expect(json.prod.output!.bucket_name!.value).toBe("${digitalocean_spaces_bucket.storage_bucket.name}");
    expect((remote!.lifecycle as { postcondition: { condition: string; error_message: string }[] }).postcondition[0]).toMatchObject({
      condition: "${can(self.outputs.bucket_name)}",
      error_message: expect.stringContaining("apply prod first"),
    });
    // prod knows nothing of dr's jobs: the dependency stays one-way.
    expect(resources(json.prod, "digitalocean_spaces_key")).toEqual([]);
  });

  it("settings: a sensitive output of references, no literal key, secret or password", () => {
    const output = synth(name).dr.output!.backup_settings! as { sensitive: boolean; value: Record<string, Record<string, string> | string> };
    expect(output.sensitive).toBe(true);
    expect(output.value.server).toBe(`${app}-dr-app-1`);
    for (const part of ["source", "backups"] as const) {
      const access = output.value[part] as Record<string, string>;
      expect(access.access_key).toMatch(PURE_REFERENCE);
      expect(access.secret_key).toMatch(PURE_REFERENCE);
    }
    expect((output.value.database as Record<string, string>).password).toMatch(PURE_REFERENCE);
    // Nor do the keys' names or the secrets' attribute names reach any Droplet's user_data.
    for (const d of resources(synth(name).dr, "digitalocean_droplet")) expect(userData(d)).not.toMatch(/SECRET_ACCESS_KEY|DB_PASSWORD=/);
  });

  it("dump retention is a lifecycle rule on dr's bucket; the heartbeat has an uptime check and alert", () => {
    const dr = synth(name).dr;
    const [bucket] = resources(dr, "digitalocean_spaces_bucket");
    expect((bucket!.lifecycle_rule as { id: string }[]).find((r) => r.id === "expire-dumps")).toEqual({
      id: "expire-dumps",
      enabled: true,
      prefix: "database/",
      expiration: { days: envs.dr.backupJobs!.dump!.retentionDays },
      noncurrent_version_expiration: { days: 1 },
    });
    expect(resources(dr, "digitalocean_uptime_check").map((c) => c.target)).toContain(`https://${resolvePlatform(preset.platform, envs).dr.hostname}/.well-known/${app}-backups`);
    expect(resources(dr, "digitalocean_uptime_alert").filter((a) => a.name === `${app}-dr-backups-down`)).toHaveLength(1);
  });
});
