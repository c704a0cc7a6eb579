/**
 * docs/SIZING.md is the contract: this test parses its table and checks every cell against the
 * synthesized JSON of the stack in that column. Expected values come only from the doc; actual
 * values only from the JSON.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { marked, type Tokens } from "marked";
import { DEFAULT_PROD_PROFILE, environments } from "../config/environments";
import { estimateStack } from "../cost/estimate";
import { STACK_NAMES, type ProdProfile, type StackName } from "../config/types";
import { appServers, deref, droplets, dataSources, only, resources, synthJson, tagNames, userData, zoneName, type TerraformJson } from "./helpers";

interface Column {
  readonly header: string;
  readonly stack: StackName;
  /** Profiles this column describes: prod columns name one; the others hold under both. */
  readonly profiles: ProdProfile[];
}

interface Cell {
  readonly label: string;
  readonly text: string;
  readonly column: Column;
  /** The hostname cell of the same column (for `HOST` in labels). */
  readonly hostname: string;
}

interface Ctx {
  readonly json: TerraformJson;
  readonly stack: StackName;
  readonly profile: ProdProfile;
}

const doc = fs.readFileSync(path.join(__dirname, "..", "docs", "SIZING.md"), "utf8");
const table = marked.lexer(doc).find((t): t is Tokens.Table => t.type === "table");
if (!table) throw new Error("docs/SIZING.md has no table");

function parseColumn(header: string): Column | null {
  const m = /^(\w+)(?: \((\w+)(, default)?\))?$/.exec(header.trim());
  if (!m || !(STACK_NAMES as readonly string[]).includes(m[1]!)) return null;
  const stack = m[1] as StackName;
  if (m[2] !== undefined) {
    if (m[3] !== undefined && m[2] !== DEFAULT_PROD_PROFILE) throw new Error(`doc says ${m[2]} is the default, code says ${DEFAULT_PROD_PROFILE}`);
    return { header, stack, profiles: [m[2] as ProdProfile] };
  }
  return { header, stack, profiles: ["launch", "growth"] };
}

const headers = table.header.map((h) => h.text);
const columns = headers.map(parseColumn);
const rows = table.rows.map((r) => r.map((c) => c.text.trim()));

/** Cell text with "same" resolved to the cell on its left. */
function cellText(row: string[], index: number): string {
  const text = row[index]!;
  return text === "same" ? cellText(row, index - 1) : text;
}

/** Monitor alerts whose type starts with `prefix`. */
function monitorAlerts(json: TerraformJson, prefix: string) {
  return resources(json, "digitalocean_monitor_alert").filter((a) => String(a.type).startsWith(prefix));
}

/** Whether an alert's entity is a Valkey cluster. */
function isCache(json: TerraformJson, alert: Record<string, unknown>): boolean {
  const m = /^\$\{digitalocean_database_cluster\.([^.]+)\.id\}$/.exec(String((alert.entities as string[])[0]));
  return m !== null && (json.resource?.digitalocean_database_cluster?.[m[1]!] as { engine?: string } | undefined)?.engine === "valkey";
}

function yesNo(text: string): boolean {
  if (text === "yes") return true;
  if (text === "no") return false;
  throw new Error(`expected yes or no, got "${text}"`);
}

function countAndSize(text: string): { count: number; size: string | undefined } {
  const m = /^(\d+)(?: × (\S+))?/.exec(text);
  if (!m) throw new Error(`expected "N × size", got "${text}"`);
  return { count: Number(m[1]), size: m[2] };
}

/** "$41.00", or "$83.60 (launch), $113.60 (growth)" for a column that differs per profile. */
function dollars(text: string, profile: ProdProfile): number {
  const amounts = [...text.matchAll(/\$(\d+(?:\.\d\d)?)(?: \((\w+)\))?/g)];
  if (amounts.length === 0) throw new Error(`expected a dollar amount, got "${text}"`);
  const match = amounts.length === 1 ? amounts[0]! : amounts.find((m) => m[2] === profile);
  if (!match) throw new Error(`"${text}" names no amount for the ${profile} profile`);
  return Number(match[1]);
}

function clusterCell(text: string): { size: string; nodes: number } {
  const m = /^(\S+) × (\d+)/.exec(text);
  if (!m) throw new Error(`expected "size × nodes", got "${text}"`);
  return { size: m[1]!, nodes: Number(m[2]) };
}

function clusters(json: TerraformJson, engine: string) {
  return resources(json, "digitalocean_database_cluster").filter((c) => c.engine === engine);
}

function checkDroplets(role: "app" | "worker") {
  return (cell: Cell, { json, stack }: Ctx) => {
    const { count, size } = countAndSize(cell.text);
    const found = droplets(json, role, stack);
    expect(found).toHaveLength(count);
    for (const d of found) expect(d.size).toBe(size);
    expect(found.map((d) => d.name).sort()).toEqual(Array.from({ length: count }, (_, i) => `bizsocials-${stack}-${role}-${i + 1}`).sort());
  };
}

/** The droplets that have `role` according to a roles cell (`workers on app-1, app-2; scheduler on app-1`). */
function checkRoles(text: string, json: TerraformJson, stack: StackName) {
  const servers = appServers(json);
  // Every Droplet of the stack is in the output, and nothing else.
  expect(Object.keys(servers).sort()).toEqual(resources(json, "digitalocean_droplet").map((d) => String(d.name)).sort());
  const named = (role: string) =>
    Object.entries(servers)
      .filter(([, s]) => s.roles.includes(role))
      .map(([name]) => name.replace(`bizsocials-${stack}-`, ""))
      .sort();
  if (text.startsWith("none")) {
    expect([...named("worker"), ...named("scheduler")]).toEqual([]);
    return;
  }
  const m = /^workers on ([\w, -]+); scheduler on ([\w-]+)$/.exec(text);
  if (!m) throw new Error(`expected "workers on …; scheduler on …", got "${text}"`);
  expect(named("worker")).toEqual(m[1]!.split(", ").sort());
  expect(named("scheduler")).toEqual([m[2]]);
}

/** Row label pattern → check of one cell. Every row must have a checker and every checker a row. */
const CHECKS: ReadonlyArray<[RegExp, (cell: Cell, ctx: Ctx) => void]> = [
  [/^region$/, (cell, { json }) => {
    const regional = ["digitalocean_vpc", "digitalocean_droplet", "digitalocean_loadbalancer", "digitalocean_database_cluster", "digitalocean_database_replica", "digitalocean_spaces_bucket"];
    const regions = regional.flatMap((t) => resources(json, t).map((r) => r.region));
    expect(regions.length).toBeGreaterThan(3);
    expect(new Set(regions)).toEqual(new Set([cell.text]));
  }],
  [/^VPC ip_range$/, (cell, { json }) => {
    expect(only(json, "digitalocean_vpc").ip_range).toBe(cell.text);
  }],
  [/^app droplets$/, checkDroplets("app")],
  [/^worker droplets$/, checkDroplets("worker")],
  [/^queue workers and scheduler/, (cell, { json, stack, profile }) => {
    // "workers on a, b; scheduler on a[; after failover: …]" or "none (why)[; after failover: …]"
    const [now, afterFailover] = cell.text.split("; after failover: ");
    checkRoles(now!, json, stack);
    if (afterFailover !== undefined) checkRoles(afterFailover, synthJson(stack, profile, "failover"), stack);
  }],
  [/^load balancer size_unit$/, (cell, { json, stack }) => {
    const lbs = resources(json, "digitalocean_loadbalancer");
    const record = resources(json, "digitalocean_record").find((r) => r.type === "A")!;
    if (cell.text.startsWith("none")) {
      expect(cell.text).toBe("none (DNS → reserved IP → droplet)");
      expect(lbs).toHaveLength(0);
      // through the reserved IP assigned to the Droplet (constructs/edge.ts), which a replacement takes over
      const address = deref(json, record.value);
      expect([address.type, address.attribute]).toEqual(["digitalocean_reserved_ip", "ip_address"]);
      const target = deref(json, address.block.droplet_id);
      expect([target.type, target.attribute]).toEqual(["digitalocean_droplet", "id"]);
      expect(target.block.name).toBe(`bizsocials-${stack}-app-1`);
    } else {
      expect(lbs).toHaveLength(1);
      expect(lbs[0]!.size_unit).toBe(Number(cell.text));
      expect(lbs[0]).not.toHaveProperty("size");
      expect(deref(json, record.value).type).toBe("digitalocean_loadbalancer");
    }
  }],
  [/^MySQL (\d+) cluster$/, (cell, { json, profile }) => {
    const version = /^MySQL (\d+)/.exec(cell.label)![1];
    const replica = /^none: read-only replica of (\w+) in (\w+), same size as (\w+) primary$/.exec(cell.text);
    if (replica) {
      const [, source, region, sizeOf] = replica;
      expect(clusters(json, "mysql")).toHaveLength(0);
      const r = only(json, "digitalocean_database_replica");
      expect(r.region).toBe(region);
      const sourceJson = synthJson(source as StackName, profile);
      const sourceCluster = clusters(sourceJson, "mysql");
      expect(sourceCluster).toHaveLength(1);
      expect(r.size).toBe(clusters(synthJson(sizeOf as StackName, profile), "mysql")[0]!.size);
      // Found by name through a data source, never through remote state (which holds the passwords;
      // dr reads only prod's bucket_name output from it, for the copy).
      expect(deref(json, r.cluster_id).type).toBe("digitalocean_database_cluster");
      expect(dataSources(json, "digitalocean_database_cluster").map((d) => d.name)).toEqual([sourceCluster[0]!.name]);
      expect(JSON.stringify([r, json.data?.digitalocean_database_user, json.output?.app_settings])).not.toContain("terraform_remote_state");
    } else {
      const { size, nodes } = clusterCell(cell.text);
      const found = clusters(json, "mysql");
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ version, size, node_count: nodes });
      if (cell.text.includes("(standby)")) expect(nodes).toBeGreaterThan(1);
      expect(resources(json, "digitalocean_database_replica")).toHaveLength(0);
    }
  }],
  [/^Valkey (\d+) cache \(eviction (\w+)\)$/, (cell, { json }) => {
    const [, version, eviction] = /^Valkey (\d+) cache \(eviction (\w+)\)$/.exec(cell.label)!;
    const { size, nodes } = clusterCell(cell.text);
    const found = clusters(json, "valkey");
    expect(found).toHaveLength(1);
    // The doc's label names the policy, spelled as the API spells it; the stack must set exactly that.
    expect(found[0]).toMatchObject({ version, size, node_count: nodes, eviction_policy: eviction });
    expect(clusters(json, "redis")).toHaveLength(0);
  }],
  [/^Spaces bucket$/, (cell, { json, stack }) => {
    const [purpose, ...flags] = cell.text.split(",").map((s) => s.trim());
    const bucket = only(json, "digitalocean_spaces_bucket");
    expect(String(bucket.name)).toMatch(new RegExp(`^bizsocials-${stack}-${purpose}-\\$\\{random_id\\.`));
    expect(bucket.versioning).toEqual({ enabled: flags.includes("versioned") });
  }],
  [/^Spaces CDN$/, (cell, { json }) => {
    expect(resources(json, "digitalocean_cdn")).toHaveLength(yesNo(cell.text) ? 1 : 0);
  }],
  [/^droplet backups \((.*)\)$/, (cell, { json }) => {
    const spec = /^droplet backups \((weekly|daily), (SUN|MON|TUE|WED|THU|FRI|SAT) (\d\d):00 UTC\)$/.exec(cell.label);
    if (!spec) throw new Error(`cannot read the backup policy from "${cell.label}"`);
    const all = resources(json, "digitalocean_droplet");
    expect(all.length).toBeGreaterThan(0);
    for (const d of all) {
      expect(d.backups).toBe(yesNo(cell.text));
      // Always explicit: without a policy the provider backs up daily.
      expect(d.backup_policy).toEqual(yesNo(cell.text) ? { plan: spec[1], weekday: spec[2], hour: Number(spec[3]) } : undefined);
    }
  }],
  [/^Droplet alerts \((.*)\)$/, (cell, { json, stack }) => {
    const spec = /^Droplet alerts \(CPU > (\d+) %, memory > (\d+) %, disk > (\d+) %, (\d+) m\)$/.exec(cell.label);
    if (!spec) throw new Error(`cannot read thresholds from "${cell.label}"`);
    const alerts = monitorAlerts(json, "v1/insights/droplet/");
    if (!yesNo(cell.text)) {
      expect(resources(json, "digitalocean_monitor_alert")).toHaveLength(0);
      return;
    }
    const expected = [
      ["v1/insights/droplet/cpu", Number(spec[1])],
      ["v1/insights/droplet/memory_utilization_percent", Number(spec[2])],
      ["v1/insights/droplet/disk_utilization_percent", Number(spec[3])],
    ];
    expect(alerts.map((a) => [a.type, a.value]).sort()).toEqual(expected.sort());
    for (const a of alerts) {
      expect(a).toMatchObject({ compare: "GreaterThan", window: `${spec[4]}m`, enabled: true });
      expect(tagNames(json, a.tags)).toEqual([`bizsocials-${stack}`]);
    }
  }],
  [/^database alerts \((.*)\)$/, (cell, { json }) => {
    const spec = /^database alerts \(CPU > (\d+) %, memory > (\d+) %, disk > (\d+) %, (\d+) m\)$/.exec(cell.label);
    if (!spec) throw new Error(`cannot read thresholds from "${cell.label}"`);
    // Every SQL database of the stack: its clusters (not the cache) or its replica.
    const targets = [
      ...Object.entries(json.resource?.digitalocean_database_cluster ?? {}).filter(([, c]) => c.engine !== "valkey").map(([name]) => `\${digitalocean_database_cluster.${name}.id}`),
      ...Object.keys(json.resource?.digitalocean_database_replica ?? {}).map((name) => `\${digitalocean_database_replica.${name}.uuid}`),
    ];
    expect(targets.length).toBeGreaterThan(0);
    const expected = (entity: string) => [["v1/dbaas/alerts/cpu_alerts", Number(spec[1])], ["v1/dbaas/alerts/disk_utilization_alerts", Number(spec[3])], ["v1/dbaas/alerts/memory_utilization_alerts", Number(spec[2])]].map(([t, v]) => [t, v, entity]);
    const actual = monitorAlerts(json, "v1/dbaas/").filter((a) => !isCache(json, a)).map((a) => [a.type, a.value, (a.entities as string[])[0]]);
    expect(actual.sort()).toEqual(yesNo(cell.text) ? targets.flatMap(expected).sort() : []);
    for (const a of monitorAlerts(json, "v1/dbaas/")) expect(a).toMatchObject({ compare: "GreaterThan", window: `${spec[4]}m`, enabled: true });
  }],
  [/^cache alerts \((.*)\)$/, (cell, { json }) => {
    const spec = /^cache alerts \(memory > (\d+) %, (\d+) m\)$/.exec(cell.label);
    if (!spec) throw new Error(`cannot read thresholds from "${cell.label}"`);
    const caches = Object.entries(json.resource?.digitalocean_database_cluster ?? {}).filter(([, c]) => c.engine === "valkey").map(([name]) => `\${digitalocean_database_cluster.${name}.id}`);
    const actual = monitorAlerts(json, "v1/dbaas/").filter((a) => isCache(json, a)).map((a) => [a.type, a.value, a.window, (a.entities as string[])[0]]);
    expect(actual).toEqual(yesNo(cell.text) ? caches.map((c) => ["v1/dbaas/alerts/memory_utilization_alerts", Number(spec[1]), `${spec[2]}m`, c]) : []);
  }],
  [/^load balancer alerts \((.*)\)$/, (cell, { json }) => {
    const spec = /^load balancer alerts \(unhealthy backend > (\d+), 5xx up > (\d+) %, (\d+) m\)$/.exec(cell.label);
    if (!spec) throw new Error(`cannot read thresholds from "${cell.label}"`);
    const lbs = Object.keys(json.resource?.digitalocean_loadbalancer ?? {}).map((name) => `\${digitalocean_loadbalancer.${name}.id}`);
    const actual = monitorAlerts(json, "v1/insights/lbaas/").map((a) => [a.type, a.value, a.window, (a.entities as string[])[0]]);
    const expected = lbs.flatMap((lb) => [
      ["v1/insights/lbaas/droplet_health", Number(spec[1]), `${spec[3]}m`, lb],
      ["v1/insights/lbaas/increase_in_http_error_rate_percentage_5xx", Number(spec[2]), `${spec[3]}m`, lb],
    ]);
    if (yesNo(cell.text)) expect(lbs).toHaveLength(1);
    expect(actual.sort()).toEqual(yesNo(cell.text) ? expected.sort() : []);
  }],
  [/^certificate expiry alert \(< (\d+) days\)$/, (cell, { json }) => {
    const days = Number(/^certificate expiry alert \(< (\d+) days\)$/.exec(cell.label)![1]);
    const expiry = resources(json, "digitalocean_uptime_alert").filter((a) => a.type === "ssl_expiry");
    expect(expiry.map((a) => [a.comparison, a.threshold])).toEqual(yesNo(cell.text) ? [["less_than", days]] : []);
  }],
  [/^uptime check on (\S+)$/, (cell, { json }) => {
    const url = /^uptime check on (\S+)$/.exec(cell.label)![1]!.replace("HOST", cell.hostname);
    const checks = resources(json, "digitalocean_uptime_check");
    if (!yesNo(cell.text)) {
      expect(checks).toHaveLength(0);
      expect(resources(json, "digitalocean_uptime_alert")).toHaveLength(0);
      return;
    }
    expect(checks.map((c) => c.target).filter((t) => !String(t).includes("/.well-known/"))).toEqual([url]);
    const onHealth = resources(json, "digitalocean_uptime_alert").filter((a) => !String(a.name).endsWith("-backups-down"));
    expect(onHealth.map((a) => a.type).sort()).toEqual(["down", "ssl_expiry"]);
  }],
  [/^copy of (\w+)'s bucket \((.+) UTC, into (\S+)\)$/, (cell, { json }) => {
    const [, from, schedule, prefix] = /^copy of (\w+)'s bucket \((.+) UTC, into (\S+)\)$/.exec(cell.label)!;
    const hosts = resources(json, "digitalocean_droplet").filter((d) => userData(d).includes("/etc/systemd/system/bizsocials-backup-copy.timer"));
    if (!yesNo(cell.text)) return expect(hosts).toHaveLength(0);
    expect(hosts.map((d) => d.name)).toEqual([expect.stringMatching(/-app-1$/)]);
    const text = userData(hosts[0]!);
    expect(text).toContain(`OnCalendar=${schedule}\n`);
    expect(text).toContain(`readonly COPY_PREFIX=${prefix}\n`);
    // The source bucket is the source stack's bucket_name output, read from its state.
    const [remote] = dataSources(json, "terraform_remote_state");
    expect((remote!.config as { key: string }).key).toBe(`bizsocials/${from}.tfstate`);
  }],
  [/^database dumps \((.+) UTC, kept (\d+) days\)$/, (cell, { json }) => {
    const [, schedule, days] = /^database dumps \((.+) UTC, kept (\d+) days\)$/.exec(cell.label)!;
    const hosts = resources(json, "digitalocean_droplet").filter((d) => userData(d).includes("/etc/systemd/system/bizsocials-backup-dump.timer"));
    const rules = resources(json, "digitalocean_spaces_bucket").flatMap((b) => (b.lifecycle_rule as { id: string }[]).filter((r) => r.id === "expire-dumps"));
    if (!yesNo(cell.text)) {
      expect(hosts).toHaveLength(0);
      return expect(rules).toHaveLength(0);
    }
    expect(hosts).toHaveLength(1);
    expect(userData(hosts[0]!)).toContain(`OnCalendar=${schedule}\n`);
    expect(rules).toEqual([{ id: "expire-dumps", enabled: true, prefix: "database/", expiration: { days: Number(days) }, noncurrent_version_expiration: { days: 1 } }]);
  }],
  [/^backup heartbeat uptime check on (\S+) \(copy within (\d+) h, dump within (\d+) h\)$/, (cell, { json }) => {
    const [, target, copyHours, dumpHours] = /^backup heartbeat uptime check on (\S+) \(copy within (\d+) h, dump within (\d+) h\)$/.exec(cell.label)!;
    const url = target!.replace("HOST", cell.hostname);
    const checks = resources(json, "digitalocean_uptime_check").filter((c) => String(c.target).includes("/.well-known/"));
    const alerts = resources(json, "digitalocean_uptime_alert").filter((a) => String(a.name).endsWith("-backups-down"));
    if (!yesNo(cell.text)) {
      expect(checks).toHaveLength(0);
      return expect(alerts).toHaveLength(0);
    }
    expect(checks.map((c) => c.target)).toEqual([url]);
    expect(alerts.map((a) => [a.type, a.period])).toEqual([["down", "10m"]]);
    const host = resources(json, "digitalocean_droplet").filter((d) => userData(d).includes("/usr/local/sbin/bizsocials-backup"));
    expect(host).toHaveLength(1);
    expect(userData(host[0]!)).toContain(`declare -rA STALE_HOURS=([copy]=${copyHours} [dump]=${dumpHours})\n`);
  }],
  [/^monthly estimate \(USD, `npm run cost`\)$/, (cell, { json, profile }) => {
    expect(estimateStack(json as never).totalUsd).toBe(dollars(cell.text, profile));
  }],
  [/^monthly budget \(USD, rule DO-COST-1\)$/, (cell, { json, stack, profile }) => {
    // The doc states what the stack is held to: in the config, and as recorded in the JSON for `npm run cost -- --dir`.
    expect(environments(profile)[stack].budgetUsd).toBe(dollars(cell.text, profile));
    expect((json["//"] as { platform: { budgetUsd: number } }).platform.budgetUsd).toBe(dollars(cell.text, profile));
  }],
  [/^hostname$/, (cell, { json }) => {
    const record = resources(json, "digitalocean_record").find((r) => r.type === "A")!;
    const zone = deref(json, record.domain).block.name;
    expect(`${record.name}.${zone}`).toBe(cell.text);
    expect(json.output!.app_url!.value).toBe(`https://${cell.text}`);
  }],
  [/^load balancer certificate covers$/, (cell, { json }) => {
    const lbCerts = resources(json, "digitalocean_certificate").filter((c) => !String(c.name).includes("cdn"));
    if (cell.text.startsWith("none")) {
      expect(lbCerts).toHaveLength(0);
      return;
    }
    expect(lbCerts).toHaveLength(1);
    expect((lbCerts[0]!.domains as string[]).map((d) => zoneName(json, d))).toEqual(cell.text.split(", "));
  }],
];

describe("docs/SIZING.md", () => {
  it("has a column for every stack and both prod profiles", () => {
    const described = columns.filter((c): c is Column => c !== null);
    expect([...new Set(described.map((c) => c.stack))].sort()).toEqual([...STACK_NAMES].sort());
    expect(described.filter((c) => c.stack === "prod").flatMap((c) => c.profiles).sort()).toEqual(["growth", "launch"]);
  });

  it("has a checker for every row and a row for every checker", () => {
    const labels = rows.map((r) => r[0]!);
    for (const label of labels) expect(CHECKS.filter(([re]) => re.test(label)).map(([re]) => re.source)).toHaveLength(1);
    for (const [re] of CHECKS) expect(labels.filter((l) => re.test(l))).toHaveLength(1);
  });

  const hostnameRow = rows.find((r) => r[0] === "hostname")!;
  const cases = rows.flatMap((row) =>
    columns.flatMap((column, i) =>
      column === null
        ? []
        : column.profiles.map((profile) => ({ label: row[0]!, column, profile, text: cellText(row, i), hostname: cellText(hostnameRow, i) })),
    ),
  );

  it.each(cases.map((c) => [c.label, c.column.header, c.profile, c] as const))(
    "%s — %s (%s profile) matches the synthesized JSON",
    (_label, _header, _profile, c) => {
      const check = CHECKS.find(([re]) => re.test(c.label));
      if (!check) throw new Error(`no checker for row "${c.label}"`);
      check[1](
        { label: c.label, text: c.text, column: c.column, hostname: c.hostname },
        { json: synthJson(c.column.stack, c.profile), stack: c.column.stack, profile: c.profile },
      );
    },
  );
});
