/** The runtimes a preset can name (`platform.runtime.kind`), one file each. */
import { CONTAINER } from "./container";
import { LARAVEL } from "./laravel";
import { PYTHON } from "./python";
import type { Runtime, RuntimeConfig, RuntimeKind, RuntimeProblem } from "./types";

export const RUNTIMES = {
  laravel: LARAVEL,
  container: CONTAINER,
  python: PYTHON,
} as const satisfies { [K in RuntimeKind]: Runtime<Extract<RuntimeConfig, { kind: K }>> };

export const RUNTIME_KINDS = Object.keys(RUNTIMES) as RuntimeKind[];

export function isRuntimeKind(value: unknown): value is RuntimeKind {
  return typeof value === "string" && Object.hasOwn(RUNTIMES, value);
}

/** The runtime a config names. Callers validate first (`runtimeProblems`). */
export function runtimeOf(config: RuntimeConfig): Runtime {
  if (!isRuntimeKind(config.kind)) throw new Error(`unknown runtime ${JSON.stringify(config.kind)}; allowed: ${RUNTIME_KINDS.join(", ")}`);
  return RUNTIMES[config.kind] as unknown as Runtime;
}

/** Every problem of a runtime config; an unknown kind is the only problem reported for it. */
export function runtimeProblems(config: RuntimeConfig | undefined): RuntimeProblem[] {
  const kind = (config as { kind?: unknown } | undefined)?.kind;
  if (!isRuntimeKind(kind)) return [{ field: "kind", value: kind, allowed: RUNTIME_KINDS.join(", ") }];
  return runtimeOf(config!).validate(config!);
}
