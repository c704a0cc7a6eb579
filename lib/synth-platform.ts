import { App } from "cdktf";
import type { PlatformConfig, ResolvedEnvironment, StackName } from "../config/types";
import { PolicyError, type PolicyReport } from "../policy/violations";
import { PlatformStack } from "../stacks/platform-stack";

/** An App holding one PlatformStack per selected environment. The one place an App is configured. */
export function buildPlatform(
  outdir: string,
  platform: PlatformConfig,
  envs: Record<StackName, ResolvedEnvironment>,
  stacks: readonly StackName[],
): { app: App; stacks: PlatformStack[] } {
  const app = new App({ outdir });
  return { app, stacks: stacks.map((stack) => new PlatformStack(app, stack, { platform, env: envs[stack] })) };
}

/**
 * Synthesizes the given stacks into `outdir` (cdktf.out layout). Every stack's policy is checked
 * before anything is written, so one run reports every violation of every stack (cdktf itself
 * would stop at the first stack with an error); throws PolicyError.
 */
export function synthPlatform(
  outdir: string,
  platform: PlatformConfig,
  envs: Record<StackName, ResolvedEnvironment>,
  stacks: readonly StackName[],
): PolicyReport[] {
  const built = buildPlatform(outdir, platform, envs, stacks);
  const reports = built.stacks.map((stack) => stack.policy.check(stack));
  const violations = reports.flatMap((r) => r.violations);
  if (violations.length > 0) throw new PolicyError(violations);
  built.app.synth();
  return reports;
}
