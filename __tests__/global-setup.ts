/**
 * Synthesizes every stack under every prod profile, in standby and in failover mode, and the App
 * Platform selections (ThemeSystem, BizSocials on App Platform) under both profiles, once per test
 * run, as `npm run synth` would,
 * so the test files read JSON instead of each loading cdktf and synthesizing the same stacks again.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PLATFORM } from "../config/environments";
import { PROD_PROFILES } from "../config/types";
import { APP_PLATFORM_SELECTIONS, synthAppPlatform, synthProfile, type AppPlatformSelection } from "./synth-fresh";

export default function globalSetup(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-synth-"));
  for (const profile of PROD_PROFILES) {
    synthProfile(path.join(dir, profile), profile);
    synthProfile(path.join(dir, `failover-${profile}`), profile, PLATFORM, "failover");
    for (const name of Object.keys(APP_PLATFORM_SELECTIONS) as AppPlatformSelection[]) synthAppPlatform(path.join(dir, `${name}-${profile}`), name, profile);
  }
  process.env.PLATFORM_TEST_SYNTH_DIR = dir; // inherited by the test workers
}
