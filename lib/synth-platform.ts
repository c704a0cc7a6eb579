import { App } from "cdktf";
import type { PlatformConfig, ResolvedEnvironment, StackName } from "../config/types";
import { PolicyError, type PolicyReport } from "../policy/aspect";
import { PlatformStack } from "../stacks/platform-stack";

/**
 * Synthesizes the given stacks into `outdir` (cdktf.out layout). The one place an App is configured.
 * Every stack's policy is checked before anything is written, so one run reports every violation of
 * every stack (cdktf itself would stop at the first stack with an error); throws PolicyError.
 */
export function synthPlatform(
  outdir: string,
  platform: PlatformConfig,
  envs: Record<StackName, ResolvedEnvironment>,
  stacks: readonly StackName[],
): PolicyReport[] {
  const app = new App({ outdir });
  const built = stacks.map((stack) => new PlatformStack(app, stack, { platform, env: envs[stack] }));
  const reports = built.map((stack) => stack.policy.check(stack));
  const violations = reports.flatMap((r) => r.violations);
  if (violations.length > 0) throw new PolicyError(violations);
  app.synth();
  return reports;
}
