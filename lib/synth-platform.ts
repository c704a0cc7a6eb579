import { App } from "cdktf";
import { isAppPlatform, type AnyPlatformConfig, type AnyResolvedEnvironment, type ResolvedAppPlatformEnvironment, type ResolvedEnvironment, type StackName } from "../config/types";
import { PolicyError, type PolicyReport } from "../policy/violations";
import { BootstrapStack } from "../stacks/bootstrap-stack";
import { PlatformStack } from "../stacks/platform-stack";

export interface BuildOptions {
  /** Add the bootstrap stack (state buckets), after the environment stacks. */
  readonly bootstrap?: boolean;
}

/**
 * An App holding one PlatformStack per selected environment, and the BootstrapStack when asked
 * for. The one place an App is configured.
 */
export function buildPlatform(
  outdir: string,
  platform: AnyPlatformConfig,
  envs: Record<StackName, AnyResolvedEnvironment>,
  stacks: readonly StackName[],
  options: BuildOptions = {},
): { app: App; stacks: (PlatformStack | BootstrapStack)[] } {
  const app = new App({ outdir });
  const built: (PlatformStack | BootstrapStack)[] = stacks.map((stack) =>
    isAppPlatform(platform)
      ? new PlatformStack(app, stack, { platform, env: envs[stack] as ResolvedAppPlatformEnvironment })
      : new PlatformStack(app, stack, { platform, env: envs[stack] as ResolvedEnvironment }),
  );
  if (options.bootstrap) built.push(new BootstrapStack(app, { platform }));
  return { app, stacks: built };
}

/**
 * Synthesizes the given stacks into `outdir` (cdktf.out layout). Every stack's policy is checked
 * before anything is written, so one run reports every violation of every stack (cdktf itself
 * would stop at the first stack with an error); throws PolicyError.
 */
export function synthPlatform(
  outdir: string,
  platform: AnyPlatformConfig,
  envs: Record<StackName, AnyResolvedEnvironment>,
  stacks: readonly StackName[],
  options: BuildOptions = {},
): PolicyReport[] {
  const built = buildPlatform(outdir, platform, envs, stacks, options);
  const reports = built.stacks.map((stack) => stack.policy.check(stack));
  const violations = reports.flatMap((r) => r.violations);
  if (violations.length > 0) throw new PolicyError(violations);
  built.app.synth();
  return reports;
}
