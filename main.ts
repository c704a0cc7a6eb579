/**
 * Entry point for `npm run synth` and the cdktf CLI. Reads the run-time selection from the
 * environment (PLATFORM_PRESET, PLATFORM_STACKS, PLATFORM_PROD_PROFILE, PLATFORM_DR_MODE,
 * PLATFORM_STATE_BUCKET_PREFIX, PLATFORM_STATE_REGION), validates everything, checks every policy
 * rule, then synthesizes one PlatformStack per selected environment, and the BootstrapStack when
 * `bootstrap` is named in PLATFORM_STACKS. Any problem: all of them on stderr, exit 1, cdktf.out kept.
 */
import { ConfigError } from "./config/validate";
import { readSelection, resolveSelection } from "./config/selection";
import { formatSuppressionGroup, groupSuppressed, PolicyError, type PolicyReport } from "./policy/violations";
import { synthAtomically } from "./lib/synth";

function main(): void {
  const selection = readSelection(process.env);
  const envs = resolveSelection(selection);
  // Loaded after validation: bad input is reported without loading cdktf.
  const { synthPlatform } = require("./lib/synth-platform") as typeof import("./lib/synth-platform");
  let reports: PolicyReport[] = [];
  synthAtomically(process.env.CDKTF_OUTDIR ?? "cdktf.out", (outdir) => {
    reports = synthPlatform(outdir, selection.platform, envs, selection.stacks, { bootstrap: selection.bootstrap });
  });
  for (const report of reports) {
    const rules = report.rules.filter((r) => r.counts.COMPLIANT + r.counts.SUPPRESSED > 0).length;
    process.stdout.write(`${selection.preset.name}/${report.stack}: policy passed (${rules} rules applied, ${report.suppressed.length} suppressed)\n`);
    // One line per rule and reason, however many findings it covers (the same as the cdktf CLI's INFO lines).
    for (const group of groupSuppressed(report.suppressed)) process.stdout.write(`  ${formatSuppressionGroup(group)}\n`);
  }
}

try {
  main();
} catch (e) {
  if (!(e instanceof ConfigError || e instanceof PolicyError)) throw e;
  process.stderr.write(`${e.message}\n`);
  process.exitCode = 1;
}
