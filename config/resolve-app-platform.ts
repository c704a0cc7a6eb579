/**
 * Validation and resolution of an App Platform preset: the shared rows as for Droplets (regions,
 * VPCs, state, replicas), the app's own (config/validate-app-platform.ts), and the Droplet-only
 * options refused by name. Nothing is constructed or written when it throws.
 */
import type { DrMode } from "./types";
import {
  DROPLET_ONLY_ENVIRONMENT_FIELDS,
  DROPLET_ONLY_PLATFORM_FIELDS,
  STACK_NAMES,
  type AppPlatformConfig,
  type AppPlatformEnvironmentConfig,
  type ResolvedAppPlatformEnvironment,
  type StackName,
} from "./types";
import {
  ConfigError,
  resolveDatabase,
  resolveExtraDatabase,
  validateAcrossEnvironments,
  validateSharedEnvironment,
  validateSharedPlatform,
  validateStateLayout,
  validateStateRegion,
  type Problem,
} from "./validate";
import { hostnameProblems, resolveHostnames } from "./hostnames";
import { validateAppPlatform } from "./validate-app-platform";

/**
 * Failover (dr serving prod's hostnames from the promoted replica) is automated for Droplet stacks
 * only, where prod's DNS records are this platform's and can point at dr's load balancer. An App
 * Platform app claims its names in its own spec (`spec.domain` with `zone`: App Platform writes the
 * records), so moving prod's names to dr changes both apps; that stays a documented manual step
 * (docs/disaster-recovery.md) rather than a mode whose outcome this platform cannot check.
 */
function drModeProblems(platform: AppPlatformConfig, mode: DrMode): Problem[] {
  if (mode === "standby") return [];
  return [{
    where: "selection",
    field: "PLATFORM_DR_MODE",
    value: mode,
    allowed: `standby (${platform.app} runs on App Platform, where dr stands by with a read-only replica; moving prod's hostnames to dr's app is a manual step: docs/disaster-recovery.md)`,
  }];
}

/** Droplet-only options an App Platform preset must not set (they would be silently ignored). */
function dropletOnlyProblems(platform: AppPlatformConfig, envs: Record<StackName, AppPlatformEnvironmentConfig>): Problem[] {
  const set = (o: object, field: string) => Object.prototype.hasOwnProperty.call(o, field) && (o as Record<string, unknown>)[field] !== undefined;
  const why = "nothing (App Platform runs, sizes and balances the instances: set sizes in appPlatform.components)";
  return [
    ...DROPLET_ONLY_PLATFORM_FIELDS.filter((f) => set(platform, f)).map((f) => ({ where: "platform", field: f, value: (platform as unknown as Record<string, unknown>)[f], allowed: why })),
    ...STACK_NAMES.flatMap((s) => DROPLET_ONLY_ENVIRONMENT_FIELDS.filter((f) => set(envs[s], f)).map((f) => ({ where: s, field: f, value: (envs[s] as unknown as Record<string, unknown>)[f], allowed: why }))),
  ];
}

export function resolveAppPlatform(
  platform: AppPlatformConfig,
  envs: Record<StackName, AppPlatformEnvironmentConfig>,
  drMode: DrMode = "standby",
): Record<StackName, ResolvedAppPlatformEnvironment> {
  const problems = [
    ...validateSharedPlatform(platform),
    ...dropletOnlyProblems(platform, envs),
    ...STACK_NAMES.flatMap((s) => validateSharedEnvironment(s, envs[s], platform.database.engine)),
    ...validateAcrossEnvironments(envs),
    ...validateStateLayout(platform.state, envs),
    ...validateStateRegion(platform.state, envs),
    ...hostnameProblems(platform, envs),
    ...validateAppPlatform(platform.compute, envs),
    ...drModeProblems(platform, drMode),
  ];
  if (problems.length > 0) throw new ConfigError(problems);
  const resolved = {} as Record<StackName, ResolvedAppPlatformEnvironment>;
  for (const stack of STACK_NAMES) {
    const env = envs[stack];
    const names = resolveHostnames(platform, envs, stack, undefined);
    resolved[stack] = {
      ...env,
      stack,
      ...names,
      appHostname: names.hostname,
      database: resolveDatabase(platform, stack, envs, undefined),
      extraDatabases: Object.fromEntries(Object.keys(env.extraDatabases ?? {}).map((purpose) => [purpose, resolveExtraDatabase(platform, stack, envs, purpose)])),
    };
  }
  return resolved;
}
