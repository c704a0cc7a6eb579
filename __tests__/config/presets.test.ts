/**
 * Each seed system as a preset: it synthesizes under both prod profiles, passes every policy rule
 * (the only suppression is the documented DO-FW-2 on the Droplet firewall, none where the preset
 * names its egress), its cost is printed,
 * and its defining traits are in the JSON.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DROPLET_PRESET_NAMES as PRESET_NAMES, DROPLET_PRESETS as PRESETS, type DropletPresetName as PresetName } from "../../config/presets";
import { DR_MODES, PROD_PROFILES, STACK_NAMES, type DrMode, type ProdProfile, type StackName } from "../../config/types";
import { resolvePlatform } from "../../config/validate";
import { estimateStack } from "../../cost/estimate";
import { DATABASE_SIZES, DATABASE_STORAGE, storageProblem } from "../../catalog/databases";
import { costReport, formatCostReport } from "../../cost/report";
import { synthPlatform } from "../../lib/synth-platform";
import type { PolicyReport } from "../../policy/violations";
import { appServers, deref, resources, tagNames, userData, zoneName, type TerraformJson } from "../helpers";
import { parse } from "yaml";
import { promotedClusterOf } from "../synth-fresh";

const runs = new Map<string, { reports: PolicyReport[]; json: Record<StackName, TerraformJson> }>();

function synth(name: PresetName, profile: ProdProfile, mode: DrMode = "standby") {
  const key = `${name}/${profile}/${mode}`;
  const done = runs.get(key);
  if (done) return done;
  const preset = PRESETS[name];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `preset-${name}-`));
  try {
    const reports = synthPlatform(dir, preset.platform, resolvePlatform(preset.platform, preset.environments(profile), mode, mode === "failover" ? promotedClusterOf(preset.platform) : undefined), STACK_NAMES);
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
/** Every preset × profile × DR mode the preset allows (freshtrack's dr cannot take over). */
const modes = pairs.flatMap(([name, profile]) => DR_MODES.filter((m) => m === "standby" || name !== "freshtrack").map((mode) => [name, profile, mode] as const));

/** Droplets of a stack that run `role`, by name. */
const running = (json: TerraformJson, role: string) => Object.entries(appServers(json)).filter(([, s]) => s.roles.includes(role)).map(([n]) => n);

test.each(modes)("%s (%s, %s): exactly one scheduler where jobs run, none beside a read-only replica", (name, profile, mode) => {
  const { json } = synth(name, profile, mode);
  const processes = PRESETS[name].platform.runtime;
  const hasJobs = processes.kind === "laravel" || "scheduler" in processes;
  for (const stack of STACK_NAMES) {
    // Jobs run where the database takes writes: everywhere but dr in standby, and dr instead of prod after failover.
    const jobsHere = mode === "failover" ? stack !== "prod" : stack !== "dr";
    const schedulers = running(json[stack], "scheduler");
    expect({ stack, schedulers: schedulers.length }).toEqual({ stack, schedulers: jobsHere && hasJobs ? 1 : 0 });
    if (!jobsHere) expect({ stack, workers: running(json[stack], "worker") }).toEqual({ stack, workers: [] });
    // Every Droplet is in the output, and web runs on exactly the app Droplets.
    const names = resources(json[stack], "digitalocean_droplet").map((d) => String(d.name)).sort();
    expect(Object.keys(appServers(json[stack])).sort()).toEqual(names);
    expect(running(json[stack], "web").sort()).toEqual(names.filter((n) => n.includes("-app-")));
  }
});

test.each(pairs)("%s (%s): the app is given a bucket only where the stack's bucket is for media (never a backups bucket)", (name, profile) => {
  const { json } = synth(name, profile);
  const envs = PRESETS[name].environments(profile);
  for (const stack of STACK_NAMES) {
    const settings = json[stack].output!.app_settings!.value as { bucket: { name: string } | null };
    expect({ stack, bucket: settings.bucket !== null }).toEqual({ stack, bucket: envs[stack].bucket?.purpose === "media" });
  }
});

test.each(pairs)("%s (%s): each Droplet boots its preset's runtime, and nothing runs before a release", (name, profile) => {
  const { json } = synth(name, profile);
  const runtime = PRESETS[name].platform.runtime;
  const expected = { laravel: ["php8.3-fpm", "supervisor"], container: ["docker.io", "docker-compose-v2"], python: ["python3-venv"] }[runtime.kind];
  for (const stack of STACK_NAMES) {
    for (const d of resources(json[stack], "digitalocean_droplet").filter((x) => String(x.name).includes("-app-"))) {
      const config = parse(userData(d));
      expect(config.packages).toEqual(expect.arrayContaining([...expected, "nginx"]));
      // The app's own processes are started by the deploy command, never by cloud-init.
      const started = (config.runcmd as string[][]).filter((c) => c[0] === "systemctl" && c[1] === "enable").flat();
      // (The backup timers of the jobs' Droplet are the platform's, not the app's: backups.test.ts.)
      expect(started.some((u) => u.startsWith(`${name}-`) && !u.startsWith(`${name}-backup-`))).toBe(false);
      expect(config.write_files.map((f: { path: string }) => f.path)).toContain(`/usr/local/sbin/${name}-deploy`);
    }
  }
});

test.each(modes)("%s (%s, %s) synthesizes and passes every policy rule", (name, profile, mode) => {
  const { reports } = synth(name, profile, mode);
  expect(reports.flatMap((r) => r.violations)).toEqual([]);
  // A preset that names its egress has no suppression at all: DO-FW-2 is judged on its firewall.
  const expected = PRESETS[name].platform.egress ? [] : ["DO-FW-2 compute/firewall/firewall"];
  expect([...new Set(reports.flatMap((r) => r.suppressed.map((s) => `${s.rule} ${s.path.split("/").slice(1).join("/")}`)))]).toEqual(expected);
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
  expect(resources(json.dr, "digitalocean_database_replica").map((r) => [r.name, r.region, r.size]).sort()).toEqual([
    ["quickcart-dr-pg-audit-replica", "fra1", "db-s-2vcpu-4gb"],
    ["quickcart-dr-pg-replica", "fra1", "db-s-4vcpu-8gb"],
  ]);
  expect(clusters(json.prod, "mysql")).toEqual([]);
});

test("freshtrack: no Spaces and no managed cache anywhere, PostgreSQL behind a pool", () => {
  const { json } = synth("freshtrack", "launch");
  for (const s of STACK_NAMES) {
    expect(resources(json[s], "digitalocean_spaces_bucket")).toEqual([]);
    expect(clusters(json[s], "valkey")).toEqual([]);
  }
  expect(clusters(json.prod, "pg")).toMatchObject([{ version: "15", node_count: 2 }]);
  // The app reaches the database through the pool (the seed's "always use the -pooler endpoint").
  expect(json.prod.output!.database_pool_private_host).toBeDefined();
  const settings = json.prod.output!.app_settings!.value as { database: { host: string } };
  expect(settings.database.host).toMatch(/^\$\{digitalocean_database_connection_pool\./);
});

test("bulletdrop: PostgreSQL with a standby in prod (not the seed's 1 GB single node), Spaces + CDN", () => {
  const { json } = synth("bulletdrop", "launch");
  expect(clusters(json.prod, "pg")).toMatchObject([{ size: "db-s-1vcpu-2gb", node_count: 2 }]);
  expect(resources(json.prod, "digitalocean_cdn")).toHaveLength(1);
});

/** The public names each seed gives its production system (seed 001 names none: quickcart keeps shop.<domain>). */
const SEED_HOSTNAMES: Record<PresetName, readonly string[]> = {
  bizsocials: ["app.bizsocials.io"],
  quickcart: [],
  freshtrack: ["freshtrackpro.com", "www.freshtrackpro.com"],
  bulletdrop: ["bulletdrop.com", "www.bulletdrop.com", "api.bulletdrop.com", "img.bulletdrop.com", "shots.bulletdrop.com", "cdn.bulletdrop.com", "media.bulletdrop.com"],
};

/** The A records of a stack, as fully qualified names (`@` is the zone itself), with their values. */
function aRecords(json: TerraformJson): Map<string, unknown> {
  return new Map(
    resources(json, "digitalocean_record")
      .filter((r) => r.type === "A")
      .map((r) => {
        const zone = zoneName(json, r.domain);
        return [r.name === "@" ? zone : `${String(r.name)}.${zone}`, r.value];
      }),
  );
}

/** The names a certificate referenced by name covers (`${digitalocean_certificate.x.name}`). */
function certificateNames(json: TerraformJson, reference: unknown): string[] {
  return (deref(json, reference).block.domains as string[]).map((d) => zoneName(json, d));
}

/** The app Droplets' nginx server_names and certbot's names, from their user_data. */
function dropletSites(json: TerraformJson, app: string): { serverNames: string[]; certbot: string[] }[] {
  return resources(json, "digitalocean_droplet")
    .filter((d) => String(d.name).includes("-app-"))
    .map((d) => {
      const files = (parse(userData(d)) as { write_files: { path: string; content: string }[] }).write_files;
      const site = files.find((f) => f.path === `/etc/nginx/sites-available/${app}`)!.content;
      const certbot = files.find((f) => f.path === "/etc/systemd/system/certbot-bootstrap.service")?.content ?? "";
      return {
        serverNames: [...site.matchAll(/^\s*server_name (.+);$/gm)].flatMap((m) => m[1]!.split(" ")),
        certbot: [...certbot.matchAll(/ -d (\S+)/g)].map((m) => m[1]!),
      };
    });
}

test.each(PRESET_NAMES)("%s: the seed's hostnames are prod's", (name) => {
  const prod = resolvePlatform(PRESETS[name].platform, PRESETS[name].environments("launch")).prod;
  expect(prod.publicHostnames.map((h) => h.fqdn)).toEqual(expect.arrayContaining([...SEED_HOSTNAMES[name]]));
});

test.each(modes.filter(([, profile]) => profile === "launch"))("%s (%s, %s): every hostname resolves to a record or the CDN, is on the entry point's certificate and in nginx where the Droplets serve it", (name, profile, mode) => {
  const preset = PRESETS[name];
  const resolved = resolvePlatform(preset.platform, preset.environments(profile), mode, mode === "failover" ? promotedClusterOf(preset.platform) : undefined);
  const { json } = synth(name, profile, mode);
  for (const stack of STACK_NAMES) {
    const env = resolved[stack];
    const own = json[stack];
    const lb = resources(own, "digitalocean_loadbalancer")[0];
    const onCertificate = lb ? certificateNames(own, (lb.forwarding_rule as { certificate_name?: string }[]).find((r) => r.certificate_name)!.certificate_name) : [];
    const sites = dropletSites(own, preset.platform.app);
    const cdn = resources(own, "digitalocean_cdn")[0];
    for (const h of env.publicHostnames) {
      const where = { stack, fqdn: h.fqdn };
      if (h.serves === "cdn") {
        expect({ ...where, cdn: cdn?.custom_domain }).toEqual({ ...where, cdn: h.fqdn });
        expect({ ...where, certificate: certificateNames(own, cdn!.certificate_name) }).toEqual({ ...where, certificate: [h.fqdn] });
        continue;
      }
      // Its A record is in the stack that owns the name (the standby's borrowed names are the source's).
      expect({ ...where, record: aRecords(json[h.of]).has(h.fqdn) }).toEqual({ ...where, record: true });
      if (lb) expect({ ...where, certificate: onCertificate.includes(h.fqdn) }).toEqual({ ...where, certificate: true });
      for (const site of sites) {
        expect({ ...where, nginx: site.serverNames.includes(h.fqdn) }).toEqual({ ...where, nginx: true });
        if (!lb) expect({ ...where, certbot: site.certbot.includes(h.fqdn) }).toEqual({ ...where, certbot: true });
      }
    }
    // Nothing more: the records, certificate and nginx hold exactly the resolved names.
    expect([...aRecords(own).keys()].sort()).toEqual(env.publicHostnames.filter((h) => h.of === stack && h.serves !== "cdn").map((h) => h.fqdn).sort());
    if (lb) expect([...onCertificate].sort()).toEqual([...env.hostnames].sort());
    for (const site of sites) expect([...site.serverNames].sort()).toEqual([...env.hostnames].sort());
    expect(own.output!.app_url!.value).toBe(`https://${env.appHostname}`);
  }
  // After failover every name of the source that is no CDN points at the standby's load balancer.
  const takeover = resolved.dr.takeover;
  if (mode === "failover" && takeover) {
    for (const [fqdn, value] of aRecords(json[takeover.source])) {
      expect({ fqdn, target: deref(json[takeover.source], value).type }).toEqual({ fqdn, target: "digitalocean_loadbalancer" });
    }
  }
});

test("bulletdrop: the app's hostname keeps the record address edge_host; the other names get edge_host-<name>; the frontend may write to the bucket", () => {
  const { json } = synth("bulletdrop", "launch");
  const records = Object.entries(json.prod.resource!.digitalocean_record!).map(([id, r]) => [id, r.name]);
  expect(records).toEqual(expect.arrayContaining([["edge_host", "api"], ["edge_host-apex", "@"], ["edge_host-www", "www"], ["edge_host-img", "img"]]));
  const [cors] = resources(json.prod, "digitalocean_spaces_bucket_cors_configuration");
  expect((cors!.cors_rule as { allowed_origins: string[] }[])[0]!.allowed_origins).toEqual(["https://api.bulletdrop.com", "https://bulletdrop.com"]);
});

/** `${type.name.attr}` of a reference, split. */
const ref = (value: unknown) => /^\$\{([a-z_]+)\.([^.]+)\.([a-z_]+)\}$/.exec(String(value))?.slice(1) ?? [];

test("quickcart: the audit database has seed 001's 200 GB disk, within the catalog's steps, priced per node beyond the plan's included disk", () => {
  const { json } = synth("quickcart", "launch");
  const audit = clusters(json.prod, "pg").find((c) => c.name === "quickcart-prod-pg-audit")!;
  const size = audit.size as keyof typeof DATABASE_SIZES;
  expect(audit.storage_size_mib).toBe(String(200 * 1024));
  const included = DATABASE_SIZES[size].includedStorageGib!;
  expect(storageProblem(size, "pg", 200)).toBeUndefined();
  const lines = estimateStack(json.prod as never).lines.filter((l) => l.address === "digitalocean_database_cluster.database-audit_cluster");
  const storage = lines.find((l) => l.item.startsWith("storage"))!;
  expect(storage.count).toBe(audit.node_count);
  expect(storage.monthlyUsd).toBeCloseTo((200 - included) * DATABASE_STORAGE.monthlyUsdPerGib * Number(audit.node_count), 2);
  // The main cluster keeps its plan's disk: no storage_size_mib, no storage line.
  expect(clusters(json.prod, "pg").find((c) => c.name === "quickcart-prod-pg")!.storage_size_mib).toBeUndefined();
});

test("quickcart prod: a read-only node of the main database in its region and the stack's VPC, at least the primary's size, with its own firewall, alert, output and price", () => {
  const { json } = synth("quickcart", "launch");
  const main = clusters(json.prod, "pg").find((c) => c.name === "quickcart-prod-pg")!;
  const [read, ...more] = resources(json.prod, "digitalocean_database_replica");
  expect(more).toEqual([]);
  expect(read).toMatchObject({ name: "quickcart-prod-pg-read", region: main.region });
  expect(DATABASE_SIZES[read!.size as keyof typeof DATABASE_SIZES].memoryGib).toBeGreaterThanOrEqual(DATABASE_SIZES[main.size as keyof typeof DATABASE_SIZES].memoryGib);
  expect(ref(read!.cluster_id)[0]).toBe("digitalocean_database_cluster");
  expect(ref(read!.private_network_uuid)).toEqual(["digitalocean_vpc", "network_vpc", "id"]);
  expect(read!.tags).toEqual(main.tags);
  const [name] = Object.entries(json.prod.resource!.digitalocean_database_replica!).map(([n]) => n);
  // Trusted by the same tags as the cluster, through a firewall of its own (by its uuid).
  const firewalls = resources(json.prod, "digitalocean_database_firewall");
  const own = firewalls.filter((f) => f.cluster_id === `\${digitalocean_database_replica.${name}.uuid}`);
  const clusterFw = firewalls.find((f) => ref(f.cluster_id)[1] === "database_cluster")!;
  expect(own).toHaveLength(1);
  expect(own[0]!.rule).toEqual(clusterFw.rule);
  expect(resources(json.prod, "digitalocean_monitor_alert").some((a) => ((a.entities ?? []) as string[]).includes(`\${digitalocean_database_replica.${name}.uuid}`))).toBe(true);
  expect(json.prod.output!.database_replica_private_host!.value).toBe(`\${digitalocean_database_replica.${name}.private_host}`);
  const line = estimateStack(json.prod as never).lines.find((l) => l.address === `digitalocean_database_replica.${name}`)!;
  expect(line.monthlyUsd).toBe(DATABASE_SIZES[read!.size as keyof typeof DATABASE_SIZES].monthlyUsdPerNode);
  // Only prod has it: the other stacks' outputs are unchanged.
  for (const stack of ["dev", "staging", "dr"] as const) expect(json[stack].output!.database_replica_private_host).toBeUndefined();
});

test.each(DR_MODES)("quickcart dr (%s): a read-only replica of prod's audit cluster, found by its name, at least its primary's size with its disk", (mode) => {
  const { json } = synth("quickcart", "launch", mode);
  const source = clusters(json.prod, "pg").find((c) => c.name === "quickcart-prod-pg-audit")!;
  const audit = resources(json.dr, "digitalocean_database_replica").find((r) => String(r.name).includes("-audit-"))!;
  expect(audit).toMatchObject({ name: "quickcart-dr-pg-audit-replica", region: "fra1", storage_size_mib: source.storage_size_mib });
  expect(DATABASE_SIZES[audit.size as keyof typeof DATABASE_SIZES].memoryGib).toBeGreaterThanOrEqual(DATABASE_SIZES[source.size as keyof typeof DATABASE_SIZES].memoryGib);
  expect(ref(audit.private_network_uuid)).toEqual(["digitalocean_vpc", "network_vpc", "id"]);
  expect(deref(json.dr, audit.cluster_id)).toMatchObject({ type: "digitalocean_database_cluster", block: { name: source.name }, attribute: "id" });
  // It stays a replica after failover: only the main database is promoted by name.
  expect(json.dr.output!.database_audit_private_host!.value).toMatch(/^\$\{digitalocean_database_replica\./);
});

test.each(PROD_PROFILES)("quickcart (%s): egress is the named ports to any address and TCP to the stack's VPC only; DO-FW-2 is applied and passes", (profile) => {
  const { json, reports } = synth("quickcart", profile);
  const egress = PRESETS.quickcart.platform.egress!;
  const envs = PRESETS.quickcart.environments(profile);
  for (const stack of STACK_NAMES) {
    const fw = resources(json[stack], "digitalocean_firewall")[0]!;
    const rules = fw.outbound_rule as { protocol: string; port_range?: string; destination_addresses: string[] }[];
    const world = rules.filter((r) => r.destination_addresses.some((a) => a === "0.0.0.0/0" || a === "::/0"));
    expect(world.map((r) => `${r.protocol}/${r.port_range}`).sort()).toEqual([...egress.tcpPorts.map((p) => `tcp/${p}`), ...egress.udpPorts.map((p) => `udp/${p}`)].sort());
    expect(rules.filter((r) => !world.includes(r))).toEqual([{ protocol: "tcp", port_range: "1-65535", destination_addresses: [envs[stack].vpcCidr] }]);
    // Seed 001: HTTPS out, and the database; DNS, NTP and apt over http to work at all.
    expect(egress.tcpPorts).toEqual(expect.arrayContaining([443, 80, 53]));
    expect(egress.udpPorts).toEqual(expect.arrayContaining([53, 123]));
  }
  // DO-FW-2 judged each stack's firewall and it passed: nothing failed, nothing suppressed.
  for (const report of reports) {
    const fw2 = report.rules.find((r) => r.rule === "DO-FW-2")!;
    expect({ stack: report.stack, ...fw2.counts }).toMatchObject({ stack: report.stack, COMPLIANT: 1, NON_COMPLIANT: 0, SUPPRESSED: 0 });
  }
});

test.each(PROD_PROFILES)("quickcart (%s): no autoscale pool; seed 001's 70 %% CPU trigger is an alert on the app Droplets' tag in prod saying what ops do", (profile) => {
  const { json } = synth("quickcart", profile);
  for (const stack of STACK_NAMES) expect(json[stack].resource!.digitalocean_droplet_autoscale).toBeUndefined();
  const cpu = resources(json.prod, "digitalocean_monitor_alert").filter((a) => a.type === "v1/insights/droplet/cpu");
  const scaleOut = cpu.find((a) => a.value === 70)!;
  expect(scaleOut).toMatchObject({ compare: "GreaterThan", window: "5m", enabled: true });
  expect(tagNames(json.prod, scaleOut.tags)).toEqual(["quickcart-prod-app"]);
  expect(String(scaleOut.description)).toContain(profile === "launch" ? "PLATFORM_PROD_PROFILE=growth" : "add app Droplets");
  // Below the general Droplet CPU alert, which stays.
  expect(cpu.map((a) => a.value).sort()).toEqual([70, 80]);
  for (const stack of ["dev", "staging", "dr"] as const) {
    expect(resources(json[stack], "digitalocean_monitor_alert").filter((a) => a.type === "v1/insights/droplet/cpu" && a.value === 70)).toEqual([]);
  }
});
