import { App } from "cdktf";
import type { PlatformConfig, ResolvedEnvironment, StackName } from "../config/types";
import { PlatformStack } from "../stacks/platform-stack";

/** Synthesizes the given stacks into `outdir` (cdktf.out layout). The one place an App is configured. */
export function synthPlatform(
  outdir: string,
  platform: PlatformConfig,
  envs: Record<StackName, ResolvedEnvironment>,
  stacks: readonly StackName[],
): void {
  const app = new App({ outdir });
  for (const stack of stacks) {
    new PlatformStack(app, stack, { platform, env: envs[stack] });
  }
  app.synth();
}
