/**
 * Validation of an App Platform preset before anything is constructed: the components (names,
 * ports, routes, health checks, env vars, sources), each stack's sizing, and the Droplet-only
 * settings an App Platform preset must not carry. Presets can be built from untyped data, so
 * every check reads the values as they came. Fields are named as the user wrote them:
 * `compute.components[1].healthCheck` in the platform settings, `appPlatform.components.api.size`
 * in a stack's column.
 */
import { APP_INSTANCE_SIZES, isAppInstanceSize } from "../catalog/app-platform";
import { APP_BINDABLE_VARIABLES, APP_STACK_VALUES, type AppComponentConfig, type AppPlatformComputeConfig, type AppStackValue } from "./app-platform";
import { DROPLET_ONLY_ENVIRONMENT_FIELDS, DROPLET_ONLY_PLATFORM_FIELDS, type AppPlatformEnvironmentConfig, type StackName } from "./types";
import type { Problem } from "./validate";

/** Component (and app) names: app_component_base.yml `name` (2–32 characters, this pattern). */
export const COMPONENT_NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;
/** Env var keys: app_variable_definition.yml `key`. */
export const ENV_KEY = /^[_A-Za-z][_A-Za-z0-9]*$/;
const SECRET_VARIABLE = /^[a-z][a-z0-9_]*$/;

/**
 * A key that names a credential: a KEY, SECRET, PASSWORD, PASSWD, TOKEN or PRIVATE word. Not a
 * credential: an identifier of one (`…_ID`, `…_NAME`: S3_KEY_ID) or a value meant for browsers
 * (`PUBLIC`: NEXT_PUBLIC_MAPS_KEY is shipped to every visitor by Next.js).
 */
export function looksSecret(key: string): boolean {
  const k = key.toUpperCase();
  if (/(_ID|_NAME)$/.test(k) || /(^|_)PUBLIC(_|$)/.test(k)) return false;
  return /(^|_)(KEY|SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE)(_|$)/.test(k) || /(SECRET|PASSWORD|TOKEN|PRIVATE)/.test(k);
}

/** Components that run on instances and so have a size per stack. */
const SIZED = ["service", "worker", "job"];
/**
 * Variables every App Platform stack may already declare (constructs/inputs.ts, the release): a secret
 * variable of the same name would be merged into it silently (cdktf deep-merges same-named variables).
 */
const TAKEN_VARIABLES = ["release", "alert_emails", "alert_slack_webhook_url", "alert_slack_channel", "admin_cidrs", "ssh_key_fingerprints"];

const BUCKET_VALUES: readonly AppStackValue[] = ["bucket_name", "bucket_region", "bucket_endpoint", "spaces_access_key_id", "spaces_secret_key"];

// Autoscaling: "CPU-based autoscaling for dedicated instances" — App Platform autoscales only
// components on dedicated CPU sizes (https://docs.digitalocean.com/products/app-platform/how-to/scale-app/,
// read 2026-12-03; DigitalOcean's announcement "Introducing CPU-based autoscaling for App Platform").
// At most 250 instances (app_autoscaling_spec.yml max_instance_count maximum).
const MAX_INSTANCES = 250;

export function validateAppPlatform(compute: AppPlatformComputeConfig, envs: Record<StackName, AppPlatformEnvironmentConfig>, platform?: unknown): Problem[] {
  const problems: Problem[] = [];
  const where = "platform";
  const components = (compute.components ?? []) as readonly AppComponentConfig[];

  for (const field of DROPLET_ONLY_PLATFORM_FIELDS) {
    if (platform && typeof platform === "object" && (platform as Record<string, unknown>)[field] !== undefined) {
      problems.push({ where, field, value: (platform as Record<string, unknown>)[field], allowed: `nothing: App Platform runs the instances: remove ${field}` });
    }
  }

  const seen = new Map<string, number>();
  const routeOwner = new Map<string, string>();
  components.forEach((c, i) => {
    const at = `compute.components[${i}]`;
    if (typeof c.name !== "string" || !COMPONENT_NAME.test(c.name)) {
      problems.push({ where, field: `${at}.name`, value: c.name, allowed: `2–32 lowercase letters, digits and dashes, starting with a letter and not ending with a dash (${COMPONENT_NAME.source})` });
    } else if (seen.has(c.name)) {
      problems.push({ where, field: `${at}.name`, value: c.name, allowed: `a name no other component has (compute.components[${seen.get(c.name)}] is ${c.name})` });
    } else if (c.name === "database" || c.name === "cache" || c.name.startsWith("database-")) {
      problems.push({ where, field: `${at}.name`, value: c.name, allowed: "a name other than database, cache and database-<purpose>: those name the attached data services, and names are unique across the app" });
    }
    if (typeof c.name === "string") seen.set(c.name, i);

    if (c.kind === "service") {
      const hc = c.healthCheck as { path?: unknown } | undefined;
      if (!hc) {
        problems.push({ where, field: `${at}.healthCheck`, value: null, allowed: "a health check with an HTTP path the service answers with 2xx once ready, e.g. { path: \"/health\" } (every service has one)" });
      } else if (typeof hc.path !== "string" || !hc.path.startsWith("/")) {
        problems.push({ where, field: `${at}.healthCheck.path`, value: hc.path, allowed: "an HTTP path starting with /, e.g. /health" });
      }
      if (!Number.isInteger(c.httpPort) || c.httpPort < 1 || c.httpPort > 65535) {
        problems.push({ where, field: `${at}.httpPort`, value: c.httpPort, allowed: "a port from 1 to 65535 (app_service_spec.yml http_port)" });
      }
    }
    if ("routes" in c) {
      (c.routes ?? []).forEach((route, r) => {
        if (typeof route !== "string" || !route.startsWith("/")) {
          problems.push({ where, field: `${at}.routes[${r}]`, value: route, allowed: "a path prefix starting with /, e.g. /api" });
        } else if (routeOwner.has(route)) {
          problems.push({ where, field: `${at}.routes[${r}]`, value: route, allowed: `a path no other route has (${routeOwner.get(route)} is routed at ${route}); routes must be unique within the app` });
        } else routeOwner.set(route, c.name);
      });
    }
    if ((c.kind === "static_site" || c.kind === "function") && c.source?.kind === "image") {
      problems.push({ where, field: `${at}.source.kind`, value: "image", allowed: `github: App Platform builds a ${c.kind === "static_site" ? "static site" : "function"} from source; it cannot run an image (app_static_site_spec.yml and app_functions_spec.yml have no image source)` });
    }
    if (c.kind === "function" && c.source?.kind === "github" && c.source.buildCommand !== undefined) {
      problems.push({ where, field: `${at}.source.buildCommand`, value: c.source.buildCommand, allowed: "nothing: the provider's function block has no build_command (terraform-provider-digitalocean digitalocean/app/app_spec.go); build in the functions' project.yml" });
    }
    if (c.source?.kind === "image" && compute.registry === null) {
      problems.push({ where, field: "compute.registry", value: null, allowed: `a container registry { name, tier }: ${c.name} runs an image from it` });
    }
    problems.push(...envProblems(c, at, envs));
  });

  for (const stack of Object.keys(envs) as StackName[]) problems.push(...stackProblems(stack, envs[stack], components));
  // One registry problem is enough, however many components run images.
  return problems.filter((p, i) => p.field !== "compute.registry" || problems.findIndex((q) => q.field === "compute.registry") === i);
}

function envProblems(c: AppComponentConfig, at: string, envs: Record<StackName, AppPlatformEnvironmentConfig>): Problem[] {
  const problems: Problem[] = [];
  const where = "platform";
  const keys = new Map<string, number>();
  (c.env ?? []).forEach((v, j) => {
    const field = `${at}.env[${j}]`;
    if (typeof v.key !== "string" || !ENV_KEY.test(v.key)) {
      problems.push({ where, field: `${field}.key`, value: v.key, allowed: `letters, digits and _, not starting with a digit (${ENV_KEY.source})` });
    } else if (keys.has(v.key)) {
      problems.push({ where, field: `${field}.key`, value: v.key, allowed: `a key given once per component (${at}.env[${keys.get(v.key)}] is ${v.key})` });
    }
    keys.set(v.key, j);
    if ("value" in v && typeof v.key === "string" && looksSecret(v.key)) {
      problems.push({ where, field: `${field}.value`, value: `${v.key} (a literal)`, allowed: `no literal for a secret: give ${v.key} as secretVariable (the deployer's secret store, TF_VAR_<name>) or bind it to a data service` });
    }
    if ("secretVariable" in v && (typeof v.secretVariable !== "string" || !SECRET_VARIABLE.test(v.secretVariable) || TAKEN_VARIABLES.includes(v.secretVariable))) {
      problems.push({ where, field: `${field}.secretVariable`, value: v.secretVariable, allowed: `a Terraform variable name the stack does not already declare (not ${TAKEN_VARIABLES.join(", ")}): lowercase letters, digits and _, starting with a letter` });
    }
    if ("stack" in v && !(APP_STACK_VALUES as readonly string[]).includes(v.stack)) {
      problems.push({ where, field: `${field}.stack`, value: v.stack, allowed: APP_STACK_VALUES.join(", ") });
    }
    if ("bind" in v) {
      if (!(APP_BINDABLE_VARIABLES as readonly string[]).includes(v.bind?.variable)) {
        problems.push({ where, field: `${field}.bind.variable`, value: v.bind?.variable, allowed: APP_BINDABLE_VARIABLES.join(", ") });
      }
      for (const stack of Object.keys(envs) as StackName[]) {
        const has = dataServices(envs[stack]);
        if (!has.includes(v.bind?.service)) {
          problems.push({ where: stack, field: `${field}.bind.service`, value: v.bind?.service, allowed: `a data service this stack has: ${has.join(", ")}` });
        }
      }
    }
    if ("stack" in v) {
      for (const stack of Object.keys(envs) as StackName[]) {
        const env = envs[stack];
        const missing = (BUCKET_VALUES.includes(v.stack) || v.stack === "cdn_endpoint") && !env.bucket ? "bucket: null" : null;
        if (missing) problems.push({ where: stack, field: `${field}.stack`, value: v.stack, allowed: `a value this stack provides (it has ${missing})` });
      }
    }
  });
  return problems;
}

/** database always (a cluster or a replica), cache when the stack has one, database-<purpose> per extra cluster. */
function dataServices(env: AppPlatformEnvironmentConfig): string[] {
  return ["database", ...(env.cache ? ["cache"] : []), ...Object.keys(env.extraDatabases ?? {}).map((p) => `database-${p}`)];
}

function stackProblems(stack: StackName, env: AppPlatformEnvironmentConfig, components: readonly AppComponentConfig[]): Problem[] {
  const problems: Problem[] = [];
  for (const field of DROPLET_ONLY_ENVIRONMENT_FIELDS) {
    const value = (env as unknown as Record<string, unknown>)[field];
    if (value !== undefined) problems.push({ where: stack, field, value, allowed: `nothing: App Platform runs the instances: remove ${field}` });
  }
  const sizing = (env.appPlatform?.components ?? undefined) as Record<string, Record<string, any>> | undefined;
  if (!sizing) return [...problems, { where: stack, field: "appPlatform.components", value: null, allowed: "a size and a count (or autoscale) per service, worker and job, by component name" }];
  const byName = new Map(components.map((c) => [c.name, c]));
  for (const c of components) {
    // A worker or job left out of a stack's sizing does not run there (dr standing by runs no jobs beside its
    // read-only replica); every service runs in every stack, so each needs a size.
    if (c.kind === "service" && sizing[c.name] === undefined) {
      problems.push({ where: stack, field: `appPlatform.components.${c.name}`, value: null, allowed: `a size and a count or autoscale for service ${c.name}, e.g. { size: "basic-xs", count: 1 } (every service runs in every stack; workers and jobs left out do not run there)` });
    }
  }
  const sizedNames = components.filter((c) => SIZED.includes(c.kind)).map((c) => c.name);
  for (const [name, s] of Object.entries(sizing)) {
    if (s === undefined) continue;
    const at = `appPlatform.components.${name}`;
    const c = byName.get(name);
    if (!c) {
      problems.push({ where: stack, field: at, value: name, allowed: `a service, worker or job of the preset: ${sizedNames.join(", ") || "none"}` });
      continue;
    }
    if (!SIZED.includes(c.kind)) {
      problems.push({ where: stack, field: at, value: name, allowed: `no entry: a ${c.kind} is not sized (static sites and functions run on App Platform's own capacity); sized: ${sizedNames.join(", ")}` });
      continue;
    }
    if (!isAppInstanceSize(s.size)) {
      problems.push({ where: stack, field: `${at}.size`, value: s.size, allowed: `an instance size the catalog lists: ${Object.keys(APP_INSTANCE_SIZES).join(", ")}` });
    }
    if (s.autoscale === undefined) {
      if (!Number.isInteger(s.count) || s.count < 1 || s.count > MAX_INSTANCES) {
        problems.push({ where: stack, field: `${at}.count`, value: s.count ?? null, allowed: `a whole number of instances from 1 to ${MAX_INSTANCES} (or autoscale { min, max, cpuPercent })` });
      }
      continue;
    }
    const { min, max, cpuPercent } = s.autoscale as { min: number; max: number; cpuPercent: number };
    if (c.kind === "job") {
      problems.push({ where: stack, field: `${at}.autoscale`, value: s.autoscale, allowed: "a count: jobs do not autoscale (the provider's job block has no autoscaling)" });
      continue;
    }
    if (!Number.isInteger(min) || min < 1) problems.push({ where: stack, field: `${at}.autoscale.min`, value: min, allowed: "a whole number of instances ≥ 1" });
    if (!Number.isInteger(max) || max > MAX_INSTANCES) problems.push({ where: stack, field: `${at}.autoscale.max`, value: max, allowed: `a whole number of instances up to ${MAX_INSTANCES}` });
    else if (Number.isInteger(min) && min > max) problems.push({ where: stack, field: `${at}.autoscale.max`, value: max, allowed: `at least autoscale.min (${min})` });
    if (!Number.isInteger(cpuPercent) || cpuPercent < 1 || cpuPercent > 100) {
      problems.push({ where: stack, field: `${at}.autoscale.cpuPercent`, value: cpuPercent, allowed: "a whole percent from 1 to 100" });
    }
    if (isAppInstanceSize(s.size) && !APP_INSTANCE_SIZES[s.size].dedicated) {
      const dedicated = Object.entries(APP_INSTANCE_SIZES).filter(([, p]) => p.dedicated).map(([k]) => k);
      problems.push({ where: stack, field: `${at}.size`, value: s.size, allowed: `a dedicated CPU size to autoscale (App Platform autoscales only dedicated instances): ${dedicated.join(", ")}; or a count` });
    }
  }
  return problems;
}
