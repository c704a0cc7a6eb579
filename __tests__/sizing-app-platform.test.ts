/**
 * docs/SIZING.md's App Platform matrices are a contract too: this test parses the tables under
 * "ThemeSystem on App Platform" and "BizSocials on App Platform" and checks every cell against the
 * synthesized JSON of the stack in that column. Expected values come only from the doc; actual
 * values only from the JSON (and `npm run cost`'s estimate of it).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { marked, type Tokens } from "marked";
import { APP_PLATFORM_REGION_OF } from "../catalog/app-platform";
import { STACK_NAMES, type ProdProfile, type StackName } from "../config/types";
import { estimateStack } from "../cost/estimate";
import { appPlatformJson, dataSources, resources, type TerraformJson } from "./helpers";

type Block = Record<string, unknown>;

const doc = fs.readFileSync(path.join(__dirname, "..", "docs", "SIZING.md"), "utf8");

/** The first table after the heading `## <title>`. */
function tableUnder(title: string): Tokens.Table {
  const tokens = marked.lexer(doc);
  const at = tokens.findIndex((t) => t.type === "heading" && (t as Tokens.Heading).text === title);
  if (at < 0) throw new Error(`docs/SIZING.md has no heading "${title}"`);
  const table = tokens.slice(at + 1).find((t): t is Tokens.Table => t.type === "table");
  if (!table) throw new Error(`docs/SIZING.md has no table under "${title}"`);
  return table;
}

interface Column {
  readonly stack: StackName;
  readonly profiles: ProdProfile[];
}

function parseColumn(header: string): Column | null {
  const m = /^(\w+)(?: \((\w+)(?:, default)?\))?$/.exec(header.trim());
  if (!m || !(STACK_NAMES as readonly string[]).includes(m[1]!)) return null;
  return { stack: m[1] as StackName, profiles: m[2] !== undefined ? [m[2] as ProdProfile] : ["launch", "growth"] };
}

/** What global-setup.ts synthesized for the selection (__tests__/synth-fresh.ts APP_PLATFORM_SELECTIONS). */
const synth = (name: "themesystem" | "bizsocials-app-platform", profile: ProdProfile, stack: StackName) => appPlatformJson(name, stack, profile);

const spec = (json: TerraformJson): Block => Object.values(json.resource!.digitalocean_app!)[0]!.spec as Block;
const list = (v: unknown): Block[] => (Array.isArray(v) ? (v as Block[]) : v === undefined ? [] : [v as Block]);

/** A component of the app by kind (`service`, `worker`, `static_site`, `function`) and name. */
function component(json: TerraformJson, kind: string, name: string): Block | undefined {
  return list(spec(json)[kind]).find((c) => c.name === name);
}

/** "2 × basic-xs", "3–6 × apps-d-1vcpu-2gb at 70 % CPU" or "none" against a component. */
function checkScaling(text: string, c: Block | undefined): void {
  if (text === "none") {
    expect(c).toBeUndefined();
    return;
  }
  expect(c).toBeDefined();
  const fixed = /^(\d+) × (\S+)$/.exec(text);
  if (fixed) {
    expect({ count: c!.instance_count, size: c!.instance_size_slug, autoscaling: c!.autoscaling }).toEqual({ count: Number(fixed[1]), size: fixed[2], autoscaling: undefined });
    return;
  }
  const auto = /^(\d+)–(\d+) × (\S+) at (\d+) % CPU$/.exec(text);
  if (!auto) throw new Error(`expected "N × size" or "a–b × size at N % CPU", got "${text}"`);
  const a = (Array.isArray(c!.autoscaling) ? (c!.autoscaling as Block[])[0] : c!.autoscaling) as Block;
  const metrics = (Array.isArray(a.metrics) ? (a.metrics as Block[])[0] : a.metrics) as Block;
  const cpu = (Array.isArray(metrics.cpu) ? (metrics.cpu as Block[])[0] : metrics.cpu) as Block;
  expect({ min: a.min_instance_count, max: a.max_instance_count, percent: cpu.percent, size: c!.instance_size_slug, count: c!.instance_count }).toEqual({
    min: Number(auto[1]),
    max: Number(auto[2]),
    percent: Number(auto[4]),
    size: auto[3],
    count: undefined,
  });
}

function yesNo(text: string): boolean {
  if (text === "yes") return true;
  if (text === "no") return false;
  throw new Error(`expected yes or no, got "${text}"`);
}

/** "$41.00", "$313.00–$430.00" (autoscaling: min–max), or "$80.00 (launch), $110.00 (growth)". */
function dollars(text: string, profile: ProdProfile): { min: number; max: number } {
  const parts = text.split(/, (?=\$)/).map((p) => /^\$(\d+\.\d\d)(?:–\$(\d+\.\d\d))?(?: \((\w+)\))?$/.exec(p.trim()));
  if (parts.some((p) => p === null) || parts.length === 0) throw new Error(`expected dollar amounts, got "${text}"`);
  const match = parts.length === 1 ? parts[0]! : parts.find((p) => p![3] === profile);
  if (!match) throw new Error(`"${text}" names no amount for the ${profile} profile`);
  return { min: Number(match[1]), max: Number(match[2] ?? match[1]) };
}

interface Ctx {
  readonly json: TerraformJson;
  readonly stack: StackName;
  readonly profile: ProdProfile;
}

function clusterOrReplica(engine: string) {
  return (text: string, { json }: Ctx) => {
    const clusters = resources(json, "digitalocean_database_cluster").filter((c) => c.engine === engine);
    if (text.startsWith("none: read-only replica of prod")) {
      expect(clusters).toEqual([]);
      expect(resources(json, "digitalocean_database_replica")).toHaveLength(1);
      return;
    }
    const m = /^(\S+) × (\d+)$/.exec(text);
    if (!m) throw new Error(`expected "size × nodes", got "${text}"`);
    expect(clusters.map((c) => [c.size, c.node_count])).toEqual([[m[1], Number(m[2])]]);
  };
}

/** Row label pattern → check of one cell. Every row must have a checker. */
const CHECKS: ReadonlyArray<[RegExp, (text: string, ctx: Ctx, label: string) => void]> = [
  [/^region$/, (text, { json }) => {
    const regional = ["digitalocean_vpc", "digitalocean_database_cluster", "digitalocean_database_replica", "digitalocean_spaces_bucket"];
    expect(new Set(regional.flatMap((t) => resources(json, t).map((r) => r.region)))).toEqual(new Set([text]));
    expect(spec(json).region).toBe(APP_PLATFORM_REGION_OF[text as keyof typeof APP_PLATFORM_REGION_OF]);
    // The app is in the stack's VPC.
    expect(list(spec(json).vpc).map((v) => v.id)).toEqual([`\${${Object.keys(json.resource!.digitalocean_vpc!).map((k) => `digitalocean_vpc.${k}`)[0]}.id}`]);
  }],
  [/^VPC ip_range$/, (text, { json }) => expect(resources(json, "digitalocean_vpc").map((v) => v.ip_range)).toEqual([text])],
  [/^service (\S+)/, (text, { json }, label) => {
    const [, name] = /^service (\S+)/.exec(label)!;
    checkScaling(text, component(json, "service", name!));
    const route = /route (\/\S*)[,)]/.exec(label)?.[1];
    if (route) expect(list(spec(json).ingress && (spec(json).ingress as Block).rule).some((r) => ((r.match as Block).path as Block | undefined)?.prefix === route && (r.component as Block | undefined)?.name === name)).toBe(true);
    const health = /health (\/\S*)\)/.exec(label)?.[1];
    if (health) expect((component(json, "service", name!)!.health_check as Block).http_path).toBe(health);
    const port = /:(\d+)/.exec(label)?.[1];
    if (port) expect(component(json, "service", name!)!.http_port).toBe(Number(port));
  }],
  [/^job (\S+) \((\w+)/, (text, { json }, label) => {
    const [, name, when] = /^job (\S+) \((\w+)/.exec(label)!;
    checkScaling(text, component(json, "job", name!));
    if (text !== "none") expect(component(json, "job", name!)!.kind).toBe(when);
  }],
  [/^worker (\S+)/, (text, { json }, label) => checkScaling(text, component(json, "worker", /^worker (\S+)/.exec(label)![1]!))],
  [/^functions (\S+)/, (text, { json }, label) => expect(component(json, "function", /^functions (\S+)/.exec(label)![1]!) !== undefined).toBe(yesNo(text))],
  [/^static site (\S+)/, (text, { json }, label) => expect(component(json, "static_site", /^static site (\S+)/.exec(label)![1]!) !== undefined).toBe(yesNo(text))],
  [/^PostgreSQL 17 cluster$/, clusterOrReplica("pg")],
  [/^Valkey 8 cache$/, (text, { json }) => {
    const m = /^(\S+) × (\d+)$/.exec(text)!;
    expect(resources(json, "digitalocean_database_cluster").filter((c) => c.engine === "valkey").map((c) => [c.size, c.node_count, c.version])).toEqual([[m[1], Number(m[2]), "8"]]);
  }],
  [/^Spaces bucket$/, (text, { json }) => {
    const [bucket] = resources(json, "digitalocean_spaces_bucket");
    expect(text.startsWith("media")).toBe(true);
    expect(list(bucket!.versioning).some((v) => v.enabled === true)).toBe(text.includes("versioned"));
  }],
  [/^Spaces CDN$/, (text, { json }) => expect(resources(json, "digitalocean_cdn")).toHaveLength(yesNo(text) ? 1 : 0)],
  [/^container registry$/, (text, { json }) => {
    if (text === "read") {
      expect(resources(json, "digitalocean_container_registry")).toEqual([]);
      expect(dataSources(json, "digitalocean_container_registry")).toHaveLength(1);
      return;
    }
    const m = /^(\w+), owned$/.exec(text);
    if (!m) throw new Error(`expected "read" or "<tier>, owned", got "${text}"`);
    expect(resources(json, "digitalocean_container_registry").map((r) => r.subscription_tier_slug)).toEqual([m[1]]);
  }],
  [/^app alerts/, (text, { json }, label) => {
    const app = list(spec(json).alert).map((a) => a.rule);
    const api = list(component(json, "service", "api")!.alert);
    if (!yesNo(text)) {
      expect({ app, api }).toEqual({ app: [], api: [] });
      return;
    }
    expect(app.sort()).toEqual(["DEPLOYMENT_FAILED", "DOMAIN_FAILED"]);
    const value = (rule: string) => api.find((a) => a.rule === rule)?.value;
    expect({ cpu: value("CPU_UTILIZATION"), memory: value("MEM_UTILIZATION"), restarts: value("RESTART_COUNT") }).toEqual({
      cpu: Number(/CPU > (\d+)/.exec(label)![1]),
      memory: Number(/memory > (\d+)/.exec(label)![1]),
      restarts: Number(/restarts > (\d+)/.exec(label)![1]),
    });
  }],
  [/^database alerts/, (text, { json }) => {
    const alerts = resources(json, "digitalocean_monitor_alert").filter((a) => String(a.type).startsWith("v1/dbaas/alerts/"));
    expect(alerts.length > 0).toBe(yesNo(text));
  }],
  [/^uptime check on https:\/\/HOST(\S+)$/, (text, { json }, label) => {
    const checks = resources(json, "digitalocean_uptime_check").map((c) => String(c.target));
    if (!yesNo(text)) return expect(checks).toEqual([]);
    // HOST: the app's own name, the domain the ingress sends to the API alone (or the stack's only name).
    const path_ = /HOST(\S+)$/.exec(label)![1];
    expect(checks).toContainEqual(expect.stringMatching(new RegExp(`^https://[a-z0-9.-]+${path_!.replace(/\//g, "\\/")}$`)));
  }],
  [/^monthly estimate/, (text, { json, profile }) => {
    const estimate = estimateStack(json as never);
    expect(estimate.unpriced).toEqual([]);
    expect({ min: estimate.totalUsd, max: estimate.maxTotalUsd }).toEqual(dollars(text, profile));
  }],
  [/^monthly budget/, (text, { json }) => expect((json["//"] as { platform: { budgetUsd: number } }).platform.budgetUsd).toBe(Number(/^\$(\d+)$/.exec(text)![1]))],
  [/^hostnames$/, (text, { json }) => expect(list(spec(json).domain).map((d) => d.name)).toEqual(text.split(", "))],
];

const TABLES = [
  ["ThemeSystem on App Platform", "themesystem"],
  ["BizSocials on App Platform", "bizsocials-app-platform"],
] as const;

describe.each(TABLES)("docs/SIZING.md: %s", (title, selection) => {
  const table = tableUnder(title);
  const columns = table.header.map((h) => parseColumn(h.text));
  const rows = table.rows.map((r) => r.map((c) => c.text.trim()));
  const cellText = (row: string[], i: number): string => (row[i] === "same" ? cellText(row, i - 1) : row[i]!);

  it("has a column per stack and a checker for every row", () => {
    expect([...new Set(columns.filter((c) => c !== null).map((c) => c!.stack))]).toEqual([...STACK_NAMES]);
    for (const row of rows) expect({ row: row[0], checked: CHECKS.some(([re]) => re.test(row[0]!)) }).toEqual({ row: row[0], checked: true });
  });

  const cells = rows.flatMap((row) =>
    columns.flatMap((column, i) => (column === null ? [] : column.profiles.map((profile) => [row[0]!, column.stack, profile, cellText(row, i)] as const))),
  );
  it.each(cells)("%s · %s (%s): %s", (label, stack, profile, text) => {
    const [, check] = CHECKS.find(([re]) => re.test(label))!;
    check(text, { json: synth(selection, profile, stack), stack, profile }, label);
  });
});
