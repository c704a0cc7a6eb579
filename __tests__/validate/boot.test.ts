/**
 * The boot stage's pure parts (the boot itself needs root and systemd-nspawn: `npm run validate --
 * --only boot`, in .ci/run): the Debian copy of a user_data changes exactly what the mapping table
 * names; the stand-in outputs carry no Terraform reference and pass what `npm run deploy` checks;
 * where the stage cannot run, it says why and skips (or fails when required).
 */
import { parse } from "yaml";
import { PRESETS } from "../../config/presets";
import { readOutputs } from "../../deploy/outputs";
import { renderCloudInit } from "../../runtimes/cloud-config";
import { runtimeOf } from "../../runtimes";
import type { DropletSpec, RuntimeConfig } from "../../runtimes/types";
import { bootStage } from "../../validate/boot";
import { mapToDebian, MAPPINGS } from "../../validate/boot/debian";
import { unavailable } from "../../validate/boot/image";
import { fakeOutputs } from "../../validate/boot/outputs";
import type { StackDoc } from "../../validate/stacks";
import { synthJson } from "../helpers";

const backupsPg = { engine: "pg" as const, engineVersion: "17", copy: { schedule: "daily", staleAfterHours: 26, prefix: "prod-media/" }, dump: { schedule: "daily", staleAfterHours: 26, prefix: "database/" } };
const spec = (engine: "mysql" | "pg", backups?: DropletSpec["backups"]): DropletSpec => ({
  app: "acme",
  hostnames: ["dr.acme.io"],
  tls: "load-balancer",
  web: true,
  databaseEngine: engine,
  queue: "redis",
  ...(backups ? { backups } : {}),
});
const documents: [string, RuntimeConfig, DropletSpec][] = [
  ["laravel with a MySQL dump", PRESETS.bizsocials.platform.runtime, spec("mysql", { engine: "mysql", engineVersion: "8", dump: { schedule: "weekly", staleAfterHours: 170, prefix: "database/" } })],
  ["python with a PostgreSQL dump", PRESETS.bulletdrop.platform.runtime, spec("pg", backupsPg)],
  ["container", PRESETS.quickcart.platform.runtime, spec("pg")],
];

/** Undoes the table on the Debian copy: what remains must be the user_data itself. */
function unmap(value: unknown, original: unknown): unknown {
  if (typeof value === "string") return MAPPINGS.filter((m) => m.where === "text").reduceRight((s, m) => s.split(m.debian).join(m.ubuntu), value);
  if (Array.isArray(value)) {
    const runcmd = MAPPINGS.find((m) => m.where === "runcmd" && Array.isArray(original) && original[0] === m.ubuntu && value.length === 1 && value[0] === m.debian);
    if (runcmd) return original;
    return value.map((v, i) => {
      const o = Array.isArray(original) ? original[i] : undefined;
      const pkg = MAPPINGS.find((m) => m.where === "package" && v === m.debian && o === m.ubuntu);
      return pkg ? o : unmap(v, o);
    });
  }
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unmap(v, (original as Record<string, unknown>)?.[k])]));
  return value;
}

describe.each(documents)("the Debian copy of a %s document", (_name, config, droplet) => {
  const userData = renderCloudInit(runtimeOf(config).cloudConfig(config, droplet));
  const mapped = mapToDebian(userData);

  it("changes only what the mapping table names", () => {
    const original = parse(userData);
    expect(unmap(parse(mapped.userData), original)).toEqual(original);
    expect(mapped.userData.startsWith("#cloud-config\n")).toBe(true);
  });

  it("leaves no Ubuntu-only name behind, and reports each mapping it applied", () => {
    for (const m of MAPPINGS) {
      const applied = mapped.applied.find((a) => a.mapping === m);
      const present = userData.includes(m.ubuntu);
      expect(Boolean(applied)).toBe(present);
      if (m.where !== "runcmd") expect(parse(mapped.userData).packages).not.toContain(m.ubuntu);
    }
    expect(mapped.userData).not.toMatch(/php8\.3|\/etc\/php\/8\.3\//);
  });

  it("lists every package it installs, runcmd's apt-get install included", () => {
    const packages = parse(mapped.userData).packages as string[];
    for (const p of packages) expect(mapped.packages).toContain(p);
    if (droplet.backups?.dump && droplet.backups.engine === "pg") expect(mapped.packages).toContain("postgresql-client-17");
  });
});

describe("stand-in outputs", () => {
  const dr = synthJson("dr");
  const fake = fakeOutputs(dr, (output) => (output === "backup_settings" ? "root" : "app"));

  it("hold no Terraform reference and pass what npm run deploy checks", () => {
    expect(JSON.stringify(fake.outputs)).not.toContain("${");
    const read = readOutputs(fake.outputs, "stand-ins", "bizsocials-dr-", "");
    expect(read.servers.map((s) => s.name)).toEqual(["bizsocials-dr-app-1"]);
    expect(read.backup?.server).toBe("bizsocials-dr-app-1");
  });

  it("make every password and key a marker, the same reference the same marker, readable by the app only where the app gets it", () => {
    const settings = fake.outputs.app_settings.value;
    const backup = fake.outputs.backup_settings.value;
    const marker = (value: string) => fake.markers.find((m) => m.value === value);
    // dr's dump uses the app's database user: one password, which the app may read.
    expect(backup.database.password).toBe(settings.database.password);
    expect(marker(settings.database.password)?.audience).toBe("app");
    expect(marker(backup.backups.secret_key)?.audience).toBe("root");
    expect(marker(backup.source.access_key)?.audience).toBe("root");
    expect(fake.markers.find((m) => m.name.startsWith("--env-file"))?.audience).toBe("app");
    expect(new Set(fake.markers.map((m) => m.value)).size).toBe(fake.markers.length);
    expect(settings.database.ca_certificate).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });
});

describe("where the boot stage cannot run", () => {
  const env = { ...process.env, PATH: "/nonexistent" };
  const stack: StackDoc = { stack: "dr", label: "bizsocials/dr", app: "bizsocials", file: "cdk.tf.json", json: synthJson("dr") };

  it("says why", () => {
    expect(unavailable(env)).toMatch(/(needs root|systemd-nspawn.* not found: apt-get install systemd-container mmdebstrap)/);
  });

  it("skips every check saying why, or fails them when PLATFORM_BOOT_REQUIRED=1", async () => {
    const skipped = (await bootStage([stack], () => undefined, env)).get(stack)!;
    expect(skipped.map((r) => r.result.status)).toEqual(skipped.map(() => "skip"));
    expect(skipped[0]!.result.detail).toMatch(/^cannot boot here: /);
    const required = (await bootStage([stack], () => undefined, { ...env, PLATFORM_BOOT_REQUIRED: "1" })).get(stack)!;
    expect(required.every((r) => r.result.status === "FAIL" && /PLATFORM_BOOT_REQUIRED=1/.test(r.result.detail ?? ""))).toBe(true);
  });
});
