/**
 * Entry point for `npm run synth` and the cdktf CLI. Reads the run-time selection from the
 * environment (PLATFORM_STACKS, PLATFORM_PROD_PROFILE, PLATFORM_STATE_BUCKET, PLATFORM_STATE_REGION),
 * validates everything, then synthesizes one PlatformStack per selected environment.
 */
import { environments } from "./config/environments";
import { ConfigError, readSelection, resolvePlatform } from "./config/validate";
import { synthAtomically } from "./lib/synth";
import { synthPlatform } from "./lib/synth-platform";

function main(): void {
  const selection = readSelection(process.env);
  const envs = resolvePlatform(selection.platform, environments(selection.profile));
  synthAtomically(process.env.CDKTF_OUTDIR ?? "cdktf.out", (outdir) =>
    synthPlatform(outdir, selection.platform, envs, selection.stacks),
  );
}

try {
  main();
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  process.stderr.write(`${e.message}\n`);
  process.exitCode = 1;
}
