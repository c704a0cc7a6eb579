/**
 * The parts of an App Platform spec that are pure functions of the config: environment variables,
 * the data services attached as `database` components, ingress rules, domains and alert policies.
 * constructs/app-platform.ts assembles them into one `digitalocean_app`. Block and attribute names
 * are the provider's at v2.71.0 (@cdktf/provider-digitalocean 13.14.1, lib/app; schema in
 * digitalocean/terraform-provider-digitalocean digitalocean/app/app_spec.go).
 */
import type { AppSpecAlert, AppSpecDatabase, AppSpecDomain, AppSpecIngressRule, AppSpecServiceAlert, AppSpecServiceEnv } from "@cdktf/provider-digitalocean/lib/app";
import type { AppBindableVariable, AppComponentConfig, AppDataService, AppEnvVar, AppStackValue } from "../config/app-platform";
import { SECRET_STACK_VALUES } from "../config/app-platform";

/** A data service of the stack: a cluster App Platform attaches, or Terraform references it cannot bind. */
export type AppDataServiceInput =
  | { readonly service: AppDataService; readonly attach: { readonly clusterName: string; readonly engine: "mysql" | "pg" | "valkey"; readonly dbName?: string; readonly dbUser?: string } }
  | { readonly service: AppDataService; readonly values: Partial<Record<AppBindableVariable, string>> };

export interface AppHostname {
  readonly fqdn: string;
  readonly serves: "app" | "frontend" | "redirect" | "cdn";
  readonly redirectTo?: string;
}

/**
 * Bindable variables that carry a credential or are handled as one: the connection URL (with the
 * password), the password, and the CA certificate (as asked; it is public, but it is not
 * configuration either). USERNAME, HOSTNAME, PORT and DATABASE stay GENERAL: none lets anyone in
 * alone, and they stay readable in the app's settings when a connection fails.
 */
export const SECRET_BINDABLE_VARIABLES: readonly AppBindableVariable[] = ["DATABASE_URL", "PASSWORD", "CA_CERT"];

/** The Terraform variable name rule for `secretVariable` (TF_VAR_<name>). */
export const SECRET_VARIABLE_NAME = /^[a-z][a-z0-9_]*$/;

/** What an env var needs from the construct: references it cannot compute itself. */
export interface EnvContext {
  readonly dataServices: readonly AppDataServiceInput[];
  readonly stackValues: Partial<Record<AppStackValue, string>>;
  /** The sensitive variable's reference, declaring it on first use. */
  secretVariable(name: string): string;
}

/**
 * App Platform's bindable placeholder `${<service>.<VAR>}`, escaped for Terraform JSON: in a
 * Terraform string `${…}` is an interpolation (Terraform would look for a resource `database`), so
 * it is written `$${…}` and Terraform passes `${database.DATABASE_URL}` through to the API. cdktf
 * 0.21 writes a literal string as given (it does not escape `${`), so the escape is ours.
 */
export function bindPlaceholder(service: AppDataService, variable: AppBindableVariable): string {
  return `$\${${service}.${variable}}`;
}

export function componentEnv(component: AppComponentConfig, ctx: EnvContext): AppSpecServiceEnv[] {
  return (component.env ?? []).map((v) => envVar(component.name, v, ctx));
}

function envVar(component: string, v: AppEnvVar, ctx: EnvContext): AppSpecServiceEnv {
  const where = `component ${component}, env ${v.key}`;
  if ("value" in v) return { key: v.key, value: v.value, type: "GENERAL", scope: "RUN_AND_BUILD_TIME" };
  if ("secretVariable" in v) {
    if (!SECRET_VARIABLE_NAME.test(v.secretVariable)) {
      throw new Error(`App Platform ${where}: secretVariable = ${JSON.stringify(v.secretVariable)} is not a Terraform variable name; allowed: lowercase letters, digits and _ starting with a letter (${SECRET_VARIABLE_NAME.source})`);
    }
    return { key: v.key, value: ctx.secretVariable(v.secretVariable), type: "SECRET", scope: "RUN_TIME" };
  }
  if ("stack" in v) {
    const value = ctx.stackValues[v.stack];
    if (value === undefined) {
      throw new Error(`App Platform ${where}: stack value ${v.stack} is not provided by this stack; provided: ${Object.keys(ctx.stackValues).join(", ") || "none"}`);
    }
    return { key: v.key, value, type: SECRET_STACK_VALUES.includes(v.stack) ? "SECRET" : "GENERAL", scope: "RUN_AND_BUILD_TIME" };
  }
  const { service, variable } = v.bind;
  const data = ctx.dataServices.find((d) => d.service === service);
  if (!data) {
    throw new Error(`App Platform ${where}: binds ${service}, which this stack does not have; it has: ${ctx.dataServices.map((d) => d.service).join(", ") || "no data service"}`);
  }
  const type = SECRET_BINDABLE_VARIABLES.includes(variable) ? "SECRET" : "GENERAL";
  if ("attach" in data) return { key: v.key, value: bindPlaceholder(service, variable), type, scope: "RUN_TIME" };
  const value = data.values[variable];
  if (value === undefined) {
    throw new Error(`App Platform ${where}: ${service} is not attached in this stack (a replica or promoted cluster) and has no value for ${variable}; it has: ${Object.keys(data.values).join(", ") || "none"}`);
  }
  return { key: v.key, value, type, scope: "RUN_TIME" };
}

const ENGINES = { mysql: "MYSQL", pg: "PG", valkey: "VALKEY" } as const;

/**
 * The attached clusters: `database` components naming an existing cluster (`cluster_name`) with
 * `production = true`, so App Platform binds `${<name>.DATABASE_URL}` and the rest, and adds the
 * app to the cluster's trusted sources. The component name is the service name the binds use.
 */
export function attachedDatabases(dataServices: readonly AppDataServiceInput[]): AppSpecDatabase[] {
  return dataServices.flatMap((d) =>
    "attach" in d
      ? [{ name: d.service, clusterName: d.attach.clusterName, engine: ENGINES[d.attach.engine], production: true, dbName: d.attach.dbName, dbUser: d.attach.dbUser }]
      : [],
  );
}

/**
 * Domains in declared order, CDN hostnames skipped (they are the CDN's, not the app's). The first
 * hostname that is not a redirect is PRIMARY (the app's live URL), the others ALIAS; `zone` lets
 * App Platform write the records in the DigitalOcean zone and obtain the certificates
 * (app_domain_spec.yml `zone`).
 */
export function domains(hostnames: readonly AppHostname[], zone: string): AppSpecDomain[] {
  const own = hostnames.filter((h) => h.serves !== "cdn");
  const primary = own.find((h) => h.serves !== "redirect");
  return own.map((h) => ({ name: h.fqdn, type: h === primary ? "PRIMARY" : "ALIAS", zone }));
}

/**
 * Ingress rules, in this order: redirects (authority exact, `/` → 301 to the target), then the
 * hostnames that serve the app when the app component is not the one at `/` and the frontend has
 * names of its own (authority exact, `/` → the app component), then every component route, longest prefix first, so `/api` is tried
 * before `/` whether the router takes the first or the longest match. A service routed below `/`
 * keeps its prefix (`preserve_path_prefix`): the app sees the path the client asked for, as behind
 * the Droplet presets' nginx. Functions take no `preserve_path_prefix` (app_ingress_spec_rule_routing_component.yml).
 */
export function ingressRules(components: readonly AppComponentConfig[], hostnames: readonly AppHostname[], appComponent: string): AppSpecIngressRule[] {
  const rules: AppSpecIngressRule[] = [];
  for (const h of hostnames.filter((h) => h.serves === "redirect")) {
    if (!h.redirectTo) throw new Error(`App Platform hostname ${h.fqdn}: serves "redirect" without redirectTo; give the hostname it redirects to`);
    rules.push({ match: { authority: { exact: h.fqdn }, path: { prefix: "/" } }, redirect: { authority: h.redirectTo, redirectCode: 301 } });
  }
  const routed = components.flatMap((c) => ("routes" in c ? c.routes.map((prefix) => ({ c, prefix })) : []));
  if (!components.some((c) => c.name === appComponent)) {
    throw new Error(`App Platform appComponent = ${JSON.stringify(appComponent)} is not a component; components: ${components.map((c) => c.name).join(", ")}`);
  }
  // Where the preset gives the frontend names of its own (ThemeSystem: the apex serves the frontend,
  // api.<domain> the API), an "app" name reaches the app component alone; otherwise an "app" name is
  // the whole app, routed by path like every other domain (BizSocials: /api and / on one name).
  const appAtRoot = routed.some((r) => r.prefix === "/" && r.c.name === appComponent);
  if (!appAtRoot && hostnames.some((h) => h.serves === "frontend")) {
    for (const h of hostnames.filter((h) => h.serves === "app")) {
      rules.push({ match: { authority: { exact: h.fqdn }, path: { prefix: "/" } }, component: { name: appComponent } });
    }
  }
  const byLength = [...routed].sort((a, b) => b.prefix.length - a.prefix.length);
  for (const { c, prefix } of byLength) {
    const preserve = c.kind === "service" && prefix !== "/";
    rules.push({ match: { path: { prefix } }, component: c.kind === "function" ? { name: c.name } : { name: c.name, preservePathPrefix: preserve } });
  }
  return rules;
}

/** App-level alert rules (provider app_spec.go appSpecAppLevelAlerts: rule, disabled, destinations). */
export const APP_ALERT_RULES = ["DEPLOYMENT_FAILED", "DOMAIN_FAILED"] as const;

/**
 * Per-instance alert rules of services and workers (provider app_spec.go appSpecComponentAlerts:
 * rule CPU_UTILIZATION | MEM_UTILIZATION | RESTART_COUNT, operator GREATER_THAN, window
 * FIVE_MINUTES, value ≥ 0; the same enums as app_alert_spec_*.yml). More than two restarts in five
 * minutes is a crash loop, not a deployment's restart.
 */
export const COMPONENT_ALERTS: readonly Omit<AppSpecServiceAlert, "destinations">[] = [
  { rule: "CPU_UTILIZATION", operator: "GREATER_THAN", value: 80, window: "FIVE_MINUTES" },
  { rule: "MEM_UTILIZATION", operator: "GREATER_THAN", value: 80, window: "FIVE_MINUTES" },
  { rule: "RESTART_COUNT", operator: "GREATER_THAN", value: 2, window: "FIVE_MINUTES" },
];

export type AlertDestinations = NonNullable<AppSpecAlert["destinations"]>;

export function appAlerts(destinations: AlertDestinations): AppSpecAlert[] {
  return APP_ALERT_RULES.map((rule) => ({ rule, destinations }));
}

export function componentAlerts(destinations: AlertDestinations): AppSpecServiceAlert[] {
  return COMPONENT_ALERTS.map((a) => ({ ...a, destinations }));
}
