/**
 * The public hostnames of a stack (PlatformConfig `hostnames`): what each name serves, checked and
 * resolved under the stack's base name. Every stack serves the whole declared set under its own base
 * (staging rehearses prod: `api.staging.bulletdrop.com`), except that a stack without a bucket CDN
 * drops the "cdn" entry and the redirects to it: there is nothing there to point them at.
 */
import type { Problem } from "./validate";
import { STACK_NAMES, type AnyResolvedEnvironment, type SharedEnvironmentConfig as EnvironmentConfig, type HostnameSpec, type SharedPlatformConfig, type ResolvedHostname, type StackName } from "./types";

/** A platform whose runtime (Droplets) says what it can serve; App Platform presets have none. */
type PlatformConfig = SharedPlatformConfig & { readonly runtime?: { readonly kind: string } };

/** What a platform without `hostnames` serves: the app on the base name. */
export const DEFAULT_HOSTNAMES: readonly HostnameSpec[] = [{ name: "@", serves: "app" }];

/**
 * Where a stack with a CDN and no declared "cdn" name puts it: `media.<the app's hostname>`, as
 * before hostnames were declared (constructs/storage.ts), so those stacks' addresses stay.
 */
export const IMPLICIT_CDN_LABEL = "media";

const SERVES = ["app", "frontend", "redirect", "cdn"] as const;
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export function hostnameSpecs(platform: PlatformConfig): readonly HostnameSpec[] {
  return platform.hostnames ?? DEFAULT_HOSTNAMES;
}

/** The stack's base name: `<hostLabel>.<domain>`, or the domain itself for hostLabel "@". */
export function baseName(env: EnvironmentConfig, domain: string): string {
  return env.hostLabel === "@" ? domain : `${env.hostLabel}.${domain}`;
}

function fqdnOf(name: string, base: string): string {
  return name === "@" ? base : `${name}.${base}`;
}

/** A name inside the zone: the domain itself, or DNS labels then `.<domain>`, 253 characters at most. */
function insideZone(fqdn: string, domain: string): boolean {
  if (fqdn === domain) return true;
  if (!fqdn.endsWith(`.${domain}`) || fqdn.length > 253) return false;
  return fqdn.slice(0, -domain.length - 1).split(".").every((l) => LABEL.test(l));
}

/** A stack serves a CDN name when it has a bucket with the CDN on. */
function hasCdn(env: EnvironmentConfig): boolean {
  return env.cdn && env.bucket !== null;
}

/** The declared names this stack serves: without a CDN, no "cdn" entry and no redirect to one. */
function specsOf(platform: PlatformConfig, env: EnvironmentConfig): HostnameSpec[] {
  const specs = hostnameSpecs(platform);
  if (hasCdn(env)) return [...specs];
  const cdn = new Set(specs.filter((s) => s.serves === "cdn").map((s) => s.name));
  return specs.filter((s) => s.serves !== "cdn" && !(s.serves === "redirect" && cdn.has(s.to)));
}

/** Problems with `hostnames`, named as the preset writes them (the stack where a name is wrong only there). */
export function hostnameProblems(platform: PlatformConfig, envs: Record<StackName, EnvironmentConfig>): Problem[] {
  const where = "platform";
  const specs = hostnameSpecs(platform);
  const problems: Problem[] = [];
  const byName = new Map<string, HostnameSpec>();
  /** Entries whose name is valid and declared once: the ones checked per stack below. */
  const named = new Set<number>();
  specs.forEach((s, i) => {
    if (!(SERVES as readonly string[]).includes(s.serves)) {
      problems.push({ where, field: `hostnames[${i}].serves`, value: s.serves, allowed: SERVES.join(", ") });
    }
    if (typeof s.name !== "string" || (s.name !== "@" && !LABEL.test(s.name))) {
      problems.push({ where, field: `hostnames[${i}].name`, value: s.name, allowed: `"@" (the stack's base name) or one lowercase DNS label of 1–63 letters, digits and dashes, e.g. "www" (no dots: a name is relative to the base)` });
    } else if (byName.has(s.name)) {
      problems.push({ where, field: `hostnames[${i}].name`, value: s.name, allowed: "a name declared once" });
    } else {
      byName.set(s.name, s);
      named.add(i);
    }
  });
  if (!specs.some((s) => s.serves === "app")) {
    problems.push({ where, field: "hostnames", value: specs.map((s) => `${s.name}: ${s.serves}`), allowed: 'at least one entry with serves: "app" (the app\'s hostname: its URL, health and uptime checks)' });
  }
  specs.forEach((s, i) => {
    if (s.serves !== "redirect") return;
    const target = byName.get(s.to);
    if (!target || target.serves === "redirect") {
      const names = specs.filter((t) => t.serves !== "redirect").map((t) => t.name);
      problems.push({ where, field: `hostnames[${i}].to`, value: s.to, allowed: `the name of a declared entry that is not a redirect: ${names.join(", ") || "none"}` });
    }
  });
  const cdn = specs.map((s, i) => [s, i] as const).filter(([s]) => s.serves === "cdn");
  for (const [s, i] of cdn.slice(1)) {
    problems.push({ where, field: `hostnames[${i}].serves`, value: s.serves, allowed: `one "cdn" entry at most (the bucket has one CDN; "${cdn[0]![0].name}" is it)` });
  }
  if (cdn.length > 0 && !hasCdn(envs.prod)) {
    problems.push({ where, field: `hostnames[${cdn[0]![1]}].serves`, value: "cdn", allowed: `app, frontend or redirect: prod has no CDN (cdn: ${envs.prod.cdn}, bucket: ${envs.prod.bucket ? envs.prod.bucket.purpose : "null"})` });
  }
  specs.forEach((s, i) => {
    // On App Platform the frontend is the component routed at "/" (constructs/app-platform.ts).
    if (s.serves === "frontend" && platform.runtime !== undefined && platform.runtime.kind !== "python") {
      problems.push({ where, field: `hostnames[${i}].serves`, value: s.serves, allowed: `app, redirect or cdn: the ${platform.runtime.kind} runtime's release carries no frontend/ (serves: "frontend" needs the python runtime)` });
    }
  });
  const owner = new Map<string, StackName>();
  for (const stack of STACK_NAMES) {
    const base = baseName(envs[stack], platform.domain);
    specs.forEach((s, i) => {
      const fqdn = fqdnOf(String(s.name), base);
      if (!insideZone(fqdn, platform.domain)) {
        problems.push({ where: stack, field: `hostnames[${i}].name`, value: fqdn, allowed: `a hostname inside the DNS zone ${platform.domain} (its records live there): DNS labels, 253 characters at most` });
        return;
      }
      // Two stacks' A records for one name would share it round-robin (prod "@" declaring "staging").
      if (!named.has(i)) return;
      const first = owner.get(fqdn);
      if (first !== undefined) {
        problems.push({ where: stack, field: `hostnames[${i}].name`, value: fqdn, allowed: `a name no other stack serves (${first} serves ${fqdn}: change the name or a hostLabel)` });
      }
      owner.set(fqdn, stack);
    });
    // Without a declared "cdn" name a stack's CDN takes media.<the app's hostname> (ownHostnames).
    const app = specs.find((s) => s.serves === "app");
    if (hasCdn(envs[stack]) && app && !specs.some((s) => s.serves === "cdn")) {
      const implicit = `${IMPLICIT_CDN_LABEL}.${fqdnOf(app.name, base)}`;
      const i = specs.findIndex((s) => fqdnOf(s.name, base) === implicit);
      if (i >= 0 && named.has(i)) {
        problems.push({ where: stack, field: `hostnames[${i}].name`, value: specs[i]!.name, allowed: `a name other than ${IMPLICIT_CDN_LABEL}: ${stack}'s CDN takes ${implicit} where no entry serves "cdn" (declare it as the "cdn" entry, or name another)` });
      }
    }
  }
  return problems;
}

/** The record id of a name: `host` for the app's hostname (where the one record always was), else `host-<name>`. */
function recordId(spec: HostnameSpec, first: boolean): string {
  if (first) return "host";
  return spec.name === "@" ? "host-apex" : `host-${spec.name}`;
}

/** The names one stack serves as its own, declared order; a CDN without a declared name gets today's. */
export function ownHostnames(platform: PlatformConfig, envs: Record<StackName, EnvironmentConfig>, stack: StackName): ResolvedHostname[] {
  const env = envs[stack];
  const base = baseName(env, platform.domain);
  const specs = specsOf(platform, env);
  const app = specs.find((s) => s.serves === "app")!;
  const names: ResolvedHostname[] = specs.map((s) => ({
    fqdn: fqdnOf(s.name, base),
    serves: s.serves,
    ...(s.serves === "redirect" ? { redirectTo: fqdnOf(s.to, base) } : {}),
    of: stack,
    ...(s.serves === "cdn" ? {} : { recordId: recordId(s, s === app) }),
  }));
  if (hasCdn(env) && !names.some((n) => n.serves === "cdn")) {
    names.push({ fqdn: `${IMPLICIT_CDN_LABEL}.${fqdnOf(app.name, base)}`, serves: "cdn", of: stack });
  }
  return names;
}

/**
 * Every name a stack serves: its own, then (a standby) the source's but its CDN, which stays the
 * source's. `hostname` is the app's first name, `hostnames` what the web tier answers.
 */
export function resolveHostnames(
  platform: PlatformConfig,
  envs: Record<StackName, EnvironmentConfig>,
  stack: StackName,
  standsByFor: StackName | undefined,
): { hostname: string; hostnames: string[]; publicHostnames: ResolvedHostname[] } {
  const own = ownHostnames(platform, envs, stack);
  const borrowed = standsByFor ? ownHostnames(platform, envs, standsByFor).filter((h) => h.serves !== "cdn").map(({ recordId: _, ...h }) => h) : [];
  const publicHostnames = [...own, ...borrowed];
  const hostname = own.find((h) => h.serves === "app")!.fqdn;
  const web = publicHostnames.filter((h) => h.serves !== "cdn").map((h) => h.fqdn);
  return { hostname, hostnames: [hostname, ...web.filter((h) => h !== hostname)], publicHostnames };
}

/** What the web Droplets serve, by role: the app's names (the stack's own first), the frontend's, the redirects. */
export function webSites(publicHostnames: readonly ResolvedHostname[], hostname: string): { hostnames: string[]; frontendHostnames: string[]; redirects: { from: string; to: string }[] } {
  const app = publicHostnames.filter((h) => h.serves === "app").map((h) => h.fqdn);
  return {
    hostnames: [hostname, ...app.filter((h) => h !== hostname)],
    frontendHostnames: publicHostnames.filter((h) => h.serves === "frontend").map((h) => h.fqdn),
    redirects: publicHostnames.filter((h) => h.serves === "redirect").map((h) => ({ from: h.fqdn, to: h.redirectTo! })),
  };
}

/** The stack's own CDN name, where it has a CDN. */
export function cdnHostname(env: Pick<AnyResolvedEnvironment, "stack" | "publicHostnames">): string | undefined {
  return env.publicHostnames.find((h) => h.of === env.stack && h.serves === "cdn")?.fqdn;
}

/** Browsers that write to the bucket come from the app's hostname and the frontend's own names. */
export function corsOrigins(env: Pick<AnyResolvedEnvironment, "stack" | "hostname" | "publicHostnames">): string[] {
  return [env.hostname, ...env.publicHostnames.filter((h) => h.of === env.stack && h.serves === "frontend").map((h) => h.fqdn)];
}
