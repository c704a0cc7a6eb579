/** Synthesis inside a test (determinism checks); everything else reads what global-setup wrote. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { environments, PLATFORM } from "../config/environments";
import { STACK_NAMES, type DrMode, type PlatformConfig, type ProdProfile, type StackName } from "../config/types";
import { readSelection, resolveSelection } from "../config/selection";
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

/** The App Platform selections the tests read, by the name helpers.ts takes, as their environment. */
export const APP_PLATFORM_SELECTIONS = {
  themesystem: { PLATFORM_PRESET: "themesystem" },
  "bizsocials-app-platform": { PLATFORM_COMPUTE: "app-platform" },
} as const;
export type AppPlatformSelection = keyof typeof APP_PLATFORM_SELECTIONS;

/** Writes every stack of an App Platform selection into `outdir`, and the policy reports beside them (`reports.json`). */
export function synthAppPlatform(outdir: string, name: AppPlatformSelection, profile: ProdProfile): void {
  const selection = readSelection({ ...APP_PLATFORM_SELECTIONS[name], PLATFORM_PROD_PROFILE: profile });
  const reports = synthPlatform(outdir, selection.platform, resolveSelection(selection), STACK_NAMES);
  fs.writeFileSync(path.join(outdir, "reports.json"), JSON.stringify(reports));
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
