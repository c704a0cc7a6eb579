/**
 * What a run selected, read from the environment: the preset and its compute kind
 * (PLATFORM_PRESET, PLATFORM_COMPUTE), the stacks (PLATFORM_STACKS or a command's arguments), the
 * prod profile, the DR mode and promoted cluster, and the state backend overrides. Every bad value
 * is a ConfigError naming the variable; resolveSelection then validates and resolves the preset
 * (config/validate.ts for Droplet presets, config/resolve-app-platform.ts for App Platform ones).
 */
import { DEFAULT_PROD_PROFILE } from "./environments";
import { DEFAULT_PRESET, PRESET_NAMES, PRESETS, presetVariant } from "./presets";
import { resolveAppPlatform } from "./resolve-app-platform";
import {
  BOOTSTRAP_STACK,
  COMPUTE_KINDS,
  DR_MODES,
  PROD_PROFILES,
  STACK_NAMES,
  isAppPlatformPreset,
  type AnyPlatformConfig,
  type AnyResolvedEnvironment,
  type DrMode,
  type Preset,
  type ProdProfile,
  type StackName,
  type StateBackendConfig,
} from "./types";
import {
  ConfigError,
  isOneOf,
  parsePromotedCluster,
  PROMOTED_CLUSTER_VARIABLE,
  resolvePlatform,
  takeoverPair,
  validateStateBackend,
  type Problem,
} from "./validate";

export function parseDrMode(value: string | undefined): DrMode {
  if (value === undefined || value === "") return "standby";
  if (isOneOf(DR_MODES, value)) return value;
  throw new ConfigError([{ where: "selection", field: "PLATFORM_DR_MODE", value, allowed: DR_MODES.join(", ") }]);
}


export function parseProfile(value: string | undefined, fallback: ProdProfile): ProdProfile {
  if (value === undefined || value === "") return fallback;
  if (isOneOf(PROD_PROFILES, value)) return value;
  throw new ConfigError([{ where: "prod", field: "profile", value, allowed: PROD_PROFILES.join(", "), from: { variable: "PLATFORM_PROD_PROFILE" } }]);
}

/**
 * PLATFORM_STACKS as run-time selection: the environment stacks named (all when the variable is
 * unset), and whether the bootstrap stack was named (it never is by default: it runs once, by hand).
 * Set but empty, an empty entry, an unknown name or a name given twice is bad input: a typo or an
 * unset shell variable (`PLATFORM_STACKS="$STACK"`) must not quietly synthesize every stack.
 * `variable` names where the value came from (the stack arguments of handoff and validate).
 */
export function parseSelectedStacks(value: string | undefined, variable = "PLATFORM_STACKS"): { stacks: StackName[]; bootstrap: boolean } {
  if (value === undefined) return { stacks: [...STACK_NAMES], bootstrap: false };
  const names = `${STACK_NAMES.join(", ")}, ${BOOTSTRAP_STACK} (only when named)`;
  if (value.trim() === "") {
    throw new ConfigError([{ where: "selection", field: variable, value, allowed: `a comma-separated list of stacks, each once: ${names}; or unset ${variable} to select ${STACK_NAMES.join(", ")}` }]);
  }
  const requested = value.split(",").map((s) => s.trim());
  const from = { variable, written: value };
  const problems: Problem[] = [];
  requested.forEach((s, i) => {
    if (s === "") problems.push({ where: "selection", field: "stack name", value: s, from, allowed: `a stack name between commas, no empty entry: ${names}` });
    else if (!isOneOf([...STACK_NAMES, BOOTSTRAP_STACK], s)) problems.push({ where: "selection", field: "stack name", value: s, from, allowed: names });
    else if (requested.indexOf(s) !== i) problems.push({ where: "selection", field: "stack name", value: s, from, allowed: `each stack named once (${s} is named ${requested.filter((r) => r === s).length} times)` });
  });
  if (problems.length > 0) throw new ConfigError(problems.filter((p, i) => problems.findIndex((q) => q.value === p.value && q.allowed === p.allowed) === i));
  return { stacks: STACK_NAMES.filter((s) => requested.includes(s)), bootstrap: requested.includes(BOOTSTRAP_STACK) };
}

/** PLATFORM_STACKS where only environment stacks make sense (all when unset); the same rules as parseSelectedStacks. */
export function parseStackSelection(value: string | undefined, variable = "PLATFORM_STACKS"): StackName[] {
  const { stacks, bootstrap } = parseSelectedStacks(value, variable);
  if (bootstrap) throw new ConfigError([{ where: "selection", field: "stack name", value: BOOTSTRAP_STACK, from: { variable, written: value! }, allowed: STACK_NAMES.join(", ") }]);
  return stacks;
}


/** A state backend problem names the variable its value came from, when one was set. */
function withVariable(p: Problem, env: NodeJS.ProcessEnv): Problem {
  if (p.field === "region" && env.PLATFORM_STATE_REGION) return { ...p, from: { variable: "PLATFORM_STATE_REGION" } };
  if (p.field.startsWith("bucket ") && env.PLATFORM_STATE_BUCKET_PREFIX) return { ...p, from: { variable: "PLATFORM_STATE_BUCKET_PREFIX", written: env.PLATFORM_STATE_BUCKET_PREFIX } };
  return p;
}

/** Run-time choices, read from the environment (they work the same for `npm run synth` and `cdktf`). */
export interface Selection {
  readonly preset: Preset;
  readonly stacks: StackName[];
  /** The bootstrap stack (state buckets) was named in PLATFORM_STACKS. */
  readonly bootstrap: boolean;
  readonly profile: ProdProfile;
  readonly drMode: DrMode;
  /** PLATFORM_DR_PROMOTED_CLUSTER: the promoted cluster's name (failover mode only). */
  readonly promotedCluster?: string;
  /** The preset's platform settings with the state backend overrides applied. */
  readonly platform: AnyPlatformConfig;
}

export const COMPUTE_VARIABLE = "PLATFORM_COMPUTE";

/**
 * The preset PLATFORM_PRESET names, in the compute kind PLATFORM_COMPUTE names (unset: the
 * preset's own kind). A preset offers the kinds it has a variant for (config/presets/index.ts).
 */
export function parsePreset(value: string | undefined, compute?: string): Preset {
  const name = value === undefined || value === "" ? DEFAULT_PRESET : value;
  if (!isOneOf(PRESET_NAMES, name)) throw new ConfigError([{ where: "selection", field: "PLATFORM_PRESET", value: name, allowed: PRESET_NAMES.join(", ") }]);
  if (compute === undefined || compute === "") return PRESETS[name];
  if (!isOneOf(COMPUTE_KINDS, compute)) throw new ConfigError([{ where: "selection", field: COMPUTE_VARIABLE, value: compute, allowed: `${COMPUTE_KINDS.join(", ")}, or unset for the preset's own` }]);
  const variant = presetVariant(name, compute);
  if (variant) return variant;
  const offered = COMPUTE_KINDS.filter((k) => presetVariant(name, k) !== undefined);
  throw new ConfigError([{ where: "selection", field: COMPUTE_VARIABLE, value: compute, allowed: `${offered.join(", ")} (${name} has no ${compute} variant), or unset` }]);
}

/** The selected preset's environments under the selected profile and DR mode, validated and resolved. */
export function resolveSelection(selection: Selection): Record<StackName, AnyResolvedEnvironment> {
  const { preset, platform } = selection;
  if (isAppPlatformPreset(preset)) {
    return resolveAppPlatform({ ...preset.platform, state: platform.state }, preset.environments(selection.profile), selection.drMode);
  }
  return resolvePlatform({ ...preset.platform, state: platform.state }, preset.environments(selection.profile), selection.drMode, selection.promotedCluster);
}

/**
 * The selection from the environment. `stackArguments` (the stack names a command was given, as
 * handoff and validate take them) replace PLATFORM_STACKS when there are any.
 */
export function readSelection(env: NodeJS.ProcessEnv, stackArguments: readonly string[] = []): Selection {
  const problems: Problem[] = [];
  const attempt = <T>(f: () => T): T | undefined => {
    try {
      return f();
    } catch (e) {
      if (e instanceof ConfigError) problems.push(...e.problems);
      else throw e;
      return undefined;
    }
  };
  const preset = attempt(() => parsePreset(env.PLATFORM_PRESET, env[COMPUTE_VARIABLE]));
  const stacks = attempt(() => (stackArguments.length > 0 ? parseSelectedStacks(stackArguments.join(","), "the stack arguments") : parseSelectedStacks(env.PLATFORM_STACKS)));
  const profile = attempt(() => parseProfile(env.PLATFORM_PROD_PROFILE, DEFAULT_PROD_PROFILE));
  const drMode = attempt(() => parseDrMode(env.PLATFORM_DR_MODE));
  // Where dr cannot take over, failover is refused for that (resolvePlatform says why), not for a missing name.
  const cannotTakeOver = drMode === "failover" && preset !== undefined && profile !== undefined && !takeoverPair(preset.environments(profile));
  const promotedCluster = drMode === undefined || cannotTakeOver ? undefined : attempt(() => parsePromotedCluster(env[PROMOTED_CLUSTER_VARIABLE], drMode));
  const base = (preset ?? PRESETS[DEFAULT_PRESET]).platform;
  if (env.PLATFORM_STATE_BUCKET) {
    problems.push({
      where: "selection",
      field: "PLATFORM_STATE_BUCKET",
      value: env.PLATFORM_STATE_BUCKET,
      allowed: `unset: state is now split over the buckets the bootstrap stack creates; set PLATFORM_STATE_BUCKET_PREFIX (the buckets are ${base.state.buckets.map((b) => `<prefix>-${b.id}`).join(", ")}; docs/state-buckets.md)`,
    });
  }
  const state: StateBackendConfig = {
    ...base.state,
    bucketPrefix: env.PLATFORM_STATE_BUCKET_PREFIX || base.state.bucketPrefix,
    region: (env.PLATFORM_STATE_REGION || base.state.region) as StateBackendConfig["region"],
  };
  problems.push(...validateStateBackend(state).map((p) => withVariable(p, env)));
  if (problems.length > 0) throw new ConfigError(problems);
  return { preset: preset!, stacks: stacks!.stacks, bootstrap: stacks!.bootstrap, profile: profile!, drMode: drMode!, ...(promotedCluster === undefined ? {} : { promotedCluster }), platform: { ...base, state } };
}
