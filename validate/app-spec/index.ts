/**
 * The offline checks of an App Platform stack (`npm run validate`, check "app spec"): each
 * `digitalocean_app`'s spec against App Platform's app-spec schema (./schema.ts), then what the
 * schema cannot say: component names unique across the app, ports in range, routes and ingress
 * prefixes starting with "/", ingress rules naming a component that exists, and every service with
 * an HTTP health check whose path starts with "/" (the platform's rule: a service without one is
 * routed traffic before it is ready).
 *
 * Droplet-only stages (runtime, boot) skip an App Platform stack with the reason: it has no
 * Droplets, user_data or runtime to check.
 */
import { fail, ok, skip, type CheckResult } from "../report";
import { platformRecord, type Json, type StackDoc } from "../stacks";
import { checkSpec, type SpecProblem } from "./schema";

export const APP_SPEC_CHECK = "app spec";

/** The stack runs on App Platform: its `//.platform` says so, or it has an app and no Droplet. */
export function isAppPlatform(json: Json): boolean {
  const compute = platformRecord(json).compute;
  if (compute !== undefined) return compute === "app-platform";
  return Object.keys(json.resource?.digitalocean_app ?? {}).length > 0 && Object.keys(json.resource?.digitalocean_droplet ?? {}).length === 0;
}

/** What a Droplet-only check says of an App Platform stack. */
export function appPlatformSkip(stack: StackDoc): CheckResult {
  return skip(`skipped: ${stack.stack} runs on App Platform (no Droplets, user_data or runtime to check)`);
}

/** One block or a list of blocks, as cdktf may render either. */
const blocks = (v: unknown): Json[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]).filter((b): b is Json => typeof b === "object" && b !== null && !Array.isArray(b));
const one = (v: unknown): Json | undefined => blocks(v)[0];
const literal = (v: unknown): v is string | number => (typeof v === "string" && !v.includes("${")) || typeof v === "number";

const COMPONENTS = ["service", "static_site", "worker", "job", "function"] as const;

/** The checks the schema cannot express, on the provider's form; paths as written in the JSON. */
export function specRules(spec: Json, at = "spec"): SpecProblem[] {
  const out: SpecProblem[] = [];
  const names = new Map<string, string>();
  for (const kind of [...COMPONENTS, "database"] as const) {
    blocks(spec[kind]).forEach((c, i) => {
      const where = `${at}.${kind}[${i}]`;
      if (!literal(c.name)) return;
      const first = names.get(String(c.name));
      if (first) out.push({ path: `${where}.name`, problem: `"${c.name}" is already the name of ${first}: component names must be unique within the app` });
      else names.set(String(c.name), where);
    });
  }
  const route = (p: unknown, where: string) => {
    if (literal(p) && !String(p).startsWith("/")) out.push({ path: where, problem: `${JSON.stringify(p)} does not start with "/"` });
  };
  const port = (p: unknown, where: string) => {
    if (typeof p === "number" && (!Number.isInteger(p) || p < 1 || p > 65535)) out.push({ path: where, problem: `${p} is not a port (1–65535)` });
  };
  for (const kind of COMPONENTS) {
    blocks(spec[kind]).forEach((c, i) => {
      const where = `${at}.${kind}[${i}]`;
      blocks(c.routes).forEach((r, j) => route(r.path, `${where}.routes[${j}].path`));
      port(c.http_port, `${where}.http_port`);
      (Array.isArray(c.internal_ports) ? c.internal_ports : []).forEach((p: unknown, j: number) => port(p, `${where}.internal_ports[${j}]`));
      const check = one(c.health_check);
      if (check) port(check.port, `${where}.health_check.port`);
      if (kind !== "service") return;
      if (!check || check.http_path === undefined || check.http_path === "") {
        out.push({ path: `${where}.health_check.http_path`, problem: `service "${String(c.name)}" has no HTTP health check: every service needs one (a path starting with "/")` });
      } else route(check.http_path, `${where}.health_check.http_path`);
    });
  }
  const ingress = one(spec.ingress);
  blocks(ingress?.rule).forEach((r, i) => {
    const where = `${at}.ingress.rule[${i}]`;
    route(one(one(r.match)?.path)?.prefix, `${where}.match.path.prefix`);
    const target = one(r.component)?.name;
    if (literal(target) && !names.has(String(target))) out.push({ path: `${where}.component.name`, problem: `"${target}" is not a component of this app (${[...names.keys()].join(", ") || "none"})` });
  });
  return out;
}

/** The "app spec" line of a stack: every app's spec, schema and rules. */
export function appSpecCheck(stack: StackDoc): CheckResult {
  const apps = Object.entries((stack.json.resource?.digitalocean_app ?? {}) as Json);
  const problems: SpecProblem[] = [];
  const skipped: string[] = [];
  for (const [name, app] of apps) {
    const at = `digitalocean_app.${name}.spec`;
    const spec = one((app as Json).spec);
    if (!spec) {
      problems.push({ path: at, problem: "is missing: an app needs a spec" });
      continue;
    }
    const walk = checkSpec(spec, at);
    // A path the schema already faulted is not reported twice (a port out of range, say).
    const faulted = new Set(walk.problems.map((p) => p.path));
    problems.push(...walk.problems, ...specRules(spec, at).filter((p) => !faulted.has(p.path)));
    skipped.push(...walk.providerOnly);
  }
  const note = skipped.length > 0 ? `; provider fields the API schema lacks, skipped: ${skipped.join(", ")}` : "";
  if (problems.length > 0) {
    return fail(`${problems.length} problem${problems.length === 1 ? "" : "s"} in ${apps.length === 1 ? "the app spec" : "the app specs"}`, problems.map((p) => `${p.path}: ${p.problem}`).join("\n") + (note ? `\n(${note.slice(2)})` : ""));
  }
  return ok(`${apps.length} app${apps.length === 1 ? "" : "s"} against App Platform's app-spec schema and rules${note}`);
}
