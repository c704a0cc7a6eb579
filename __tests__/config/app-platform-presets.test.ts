/**
 * The App Platform presets (ThemeSystem; BizSocials with PLATFORM_COMPUTE=app-platform): each
 * synthesizes four stacks with one `digitalocean_app`, passes every policy rule without a
 * suppression, prices every resource, serves its design's hostnames, and its data tier trusts the
 * app (and the VPC range it connects from) and nothing else.
 */
import { PROD_PROFILES, STACK_NAMES, type ProdProfile, type StackName } from "../../config/types";
import { estimateStack } from "../../cost/estimate";
import { appPlatformJson, appPlatformReports, resources, type TerraformJson } from "../helpers";

type Block = Record<string, unknown>;
/** The test's names for the selections global-setup.ts synthesized (__tests__/synth-fresh.ts). */
const SELECTIONS = {
  themesystem: "themesystem",
  "bizsocials on App Platform": "bizsocials-app-platform",
} as const;
type Name = keyof typeof SELECTIONS;

/** The public names each design gives its production system. */
const DESIGN_HOSTNAMES: Record<Name, readonly string[]> = {
  themesystem: ["themesystem.com", "www.themesystem.com", "api.themesystem.com"],
  "bizsocials on App Platform": ["app.bizsocials.io"],
};

/** What global-setup.ts synthesized for the selection: its four stacks and their policy reports. */
function synth(name: Name, profile: ProdProfile) {
  const json = Object.fromEntries(STACK_NAMES.map((s) => [s, appPlatformJson(SELECTIONS[name], s, profile)])) as Record<StackName, TerraformJson>;
  return { reports: appPlatformReports(SELECTIONS[name], profile), json };
}

const spec = (json: TerraformJson): Block => only(resources(json, "digitalocean_app")).spec as Block;
const list = (v: unknown): Block[] => (Array.isArray(v) ? (v as Block[]) : v === undefined ? [] : [v as Block]);
function only<T>(items: readonly T[]): T {
  expect(items).toHaveLength(1);
  return items[0]!;
}

const cases = (Object.keys(SELECTIONS) as Name[]).flatMap((name) => PROD_PROFILES.map((profile) => [name, profile] as const));

test.each(cases)("%s (%s): four stacks, each with one app and no Droplet, load balancer or cloud firewall; every rule passes, none suppressed", (name, profile) => {
  const { reports, json } = synth(name, profile);
  expect(reports.map((r) => r.stack)).toEqual([...STACK_NAMES]);
  expect(reports.flatMap((r) => [...r.violations, ...r.suppressed])).toEqual([]);
  for (const stack of STACK_NAMES) {
    expect(resources(json[stack], "digitalocean_app")).toHaveLength(1);
    for (const type of ["digitalocean_droplet", "digitalocean_loadbalancer", "digitalocean_firewall", "digitalocean_reserved_ip"]) expect({ stack, type, n: resources(json[stack], type).length }).toEqual({ stack, type, n: 0 });
    // No Droplet-only input is asked of ops.
    expect(Object.keys(json[stack].variable ?? {})).not.toEqual(expect.arrayContaining(["ssh_key_fingerprints"]));
    expect(Object.keys(json[stack].variable ?? {})).not.toEqual(expect.arrayContaining(["admin_cidrs"]));
  }
});

test.each(cases)("%s (%s): every database and cache firewall trusts the stack's app and its VPC range (where the app connects from), nothing else", (name, profile) => {
  const { json } = synth(name, profile);
  for (const stack of STACK_NAMES) {
    const firewalls = resources(json[stack], "digitalocean_database_firewall");
    const [vpc] = Object.keys(json[stack].resource!.digitalocean_vpc!);
    expect(firewalls.length).toBeGreaterThan(0);
    for (const fw of firewalls) {
      expect({ stack, rule: fw.rule }).toEqual({ stack, rule: [{ type: "app", value: "${digitalocean_app.app.id}" }, { type: "ip_addr", value: `\${digitalocean_vpc.${vpc}.ip_range}` }] });
    }
  }
});

test.each(cases)("%s (%s): every resource priced, every stack within its budget at the autoscaling maximum", (name, profile) => {
  const { json } = synth(name, profile);
  for (const stack of STACK_NAMES) {
    const estimate = estimateStack(json[stack] as never);
    const budget = (json[stack]["//"] as { platform: { budgetUsd: number } }).platform.budgetUsd;
    expect({ stack, unpriced: estimate.unpriced }).toEqual({ stack, unpriced: [] });
    expect(estimate.lines.some((l) => l.address === "digitalocean_app.app")).toBe(true);
    expect(estimate.maxTotalUsd).toBeLessThanOrEqual(budget);
  }
});

test.each(Object.keys(SELECTIONS) as Name[])("%s: the design's hostnames are prod's app domains, in the zone, and every stack's names are its domains", (name) => {
  const { json } = synth(name, "launch");
  const domains = (stack: StackName) => list(spec(json[stack]).domain);
  expect(domains("prod").map((d) => d.name)).toEqual(expect.arrayContaining([...DESIGN_HOSTNAMES[name]]));
  const zone = name === "themesystem" ? "themesystem.com" : "bizsocials.io";
  for (const stack of STACK_NAMES) {
    for (const d of domains(stack)) expect({ stack, name: d.name, zone: d.zone }).toEqual({ stack, name: expect.stringMatching(new RegExp(`(^|\\.)${zone.replace(".", "\\.")}$`)), zone });
    expect(domains(stack).filter((d) => d.type === "PRIMARY")).toHaveLength(1);
  }
});

test("themesystem: www redirects to the apex, api reaches the API alone, the apex routes / to the frontend and /api to the API", () => {
  const { json } = synth("themesystem", "launch");
  const rules = list((spec(json.prod).ingress as Block).rule);
  const target = (authority: string | undefined, prefix: string) =>
    rules.find((r) => (((r.match as Block).authority as Block | undefined)?.exact as string | undefined) === authority && ((r.match as Block).path as Block).prefix === prefix);
  expect(target("www.themesystem.com", "/")!.redirect).toEqual({ authority: "themesystem.com", redirect_code: 301 });
  expect((target("api.themesystem.com", "/")!.component as Block).name).toBe("api");
  expect((target(undefined, "/api")!.component as Block).name).toBe("api");
  expect((target(undefined, "/")!.component as Block).name).toBe("frontend");
  // Authority rules come before the path rules that would otherwise catch them.
  expect(rules.indexOf(target("api.themesystem.com", "/")!)).toBeLessThan(rules.indexOf(target(undefined, "/")!));
});

test.each(cases)("%s (%s): no secret is a literal: every SECRET env var is a reference or an App Platform binding", (name, profile) => {
  const { json } = synth(name, profile);
  for (const stack of STACK_NAMES) {
    const s = spec(json[stack]);
    const envs = ["service", "worker", "job", "static_site", "function"].flatMap((k) => list(s[k]).flatMap((c) => list(c.env)));
    expect(envs.length).toBeGreaterThan(0);
    // A reference (`${…}`, dr's DATABASE_URL built from several) or a binding (`$${…}`): never a value with neither.
    for (const e of envs.filter((x) => x.type === "SECRET")) expect({ stack, key: e.key, value: e.value }).toEqual({ stack, key: e.key, value: expect.stringMatching(/\$\{/) });
  }
});

test("bizsocials on App Platform: dr stands by without the worker and the scheduler (jobs never run beside its read-only replica)", () => {
  const { json } = synth("bizsocials on App Platform", "launch");
  const workers = (stack: StackName) => list(spec(json[stack]).worker).map((w) => w.name);
  expect(workers("prod")).toEqual(["worker", "scheduler"]);
  expect(workers("dr")).toEqual([]);
  expect(resources(json.dr, "digitalocean_database_replica")).toHaveLength(1);
});

test("themesystem: the registry is created by prod (protected) and read by the other stacks", () => {
  const { json } = synth("themesystem", "launch");
  expect(resources(json.prod, "digitalocean_container_registry")).toEqual([expect.objectContaining({ name: "themesystem", lifecycle: { prevent_destroy: true } })]);
  for (const stack of ["dev", "staging", "dr"] as const) expect(resources(json[stack], "digitalocean_container_registry")).toEqual([]);
});
