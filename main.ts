/**
 * Entry point for `npm run synth` and the cdktf CLI. Reads the run-time selection from the
 * environment (PLATFORM_STACKS, PLATFORM_PROD_PROFILE, PLATFORM_STATE_BUCKET, PLATFORM_STATE_REGION),
 * validates everything, then synthesizes one PlatformStack per selected environment.
 */
import { App } from "cdktf";
import { environments } from "./config/environments";
import { ConfigError, readSelection, resolvePlatform } from "./config/validate";
import { synthAtomically } from "./lib/synth";
import { PlatformStack } from "./stacks/platform-stack";

function main(): void {
  const selection = readSelection(process.env);
  const envs = resolvePlatform(selection.platform, environments(selection.profile));
  synthAtomically(process.env.CDKTF_OUTDIR ?? "cdktf.out", (outdir) => {
    const app = new App({ outdir });
    for (const stack of selection.stacks) {
      new PlatformStack(app, stack, { platform: selection.platform, env: envs[stack] });
    }
    app.synth();
  });
}

try {
  main();
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  process.stderr.write(`${e.message}\n`);
  process.exitCode = 1;
}
