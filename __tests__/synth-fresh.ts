/** Synthesis inside a test (determinism checks); everything else reads what global-setup wrote. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { environments, PLATFORM } from "../config/environments";
import { STACK_NAMES, type DrMode, type PlatformConfig, type ProdProfile, type StackName } from "../config/types";
import { resolvePlatform } from "../config/validate";
import { synthPlatform } from "../lib/synth-platform";

/**
 * What the tests give as PLATFORM_DR_PROMOTED_CLUSTER in failover mode: the replica's own name,
 * which is what the runbook's drill checks a promoted replica keeps (the stack does not assume it).
 */
export function promotedClusterOf(platform: PlatformConfig): string {
  return `${platform.app}-dr-${platform.database.engine}-replica`;
}

/** Writes every stack of one profile into `outdir`, exactly as `npm run synth` does. */
export function synthProfile(outdir: string, profile: ProdProfile, platform: PlatformConfig = PLATFORM, drMode: DrMode = "standby"): void {
  const promoted = drMode === "failover" ? promotedClusterOf(platform) : undefined;
  synthPlatform(outdir, platform, resolvePlatform(platform, environments(profile), drMode, promoted), STACK_NAMES);
}

/** One stack, synthesized now into a throw-away directory: the exact bytes of its cdk.tf.json. */
export function synthFresh(stack: StackName, profile: ProdProfile = "launch"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-fresh-"));
  try {
    synthPlatform(dir, PLATFORM, resolvePlatform(PLATFORM, environments(profile)), [stack]);
    return fs.readFileSync(path.join(dir, "stacks", stack, "cdk.tf.json"), "utf8");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
