/**
 * `npm run validate [-- stack…] [--only terraform|runtime] [--dir cdktf.out] [--var-file f] [--verbose]`:
 * the check before a deploy, and CI's on every change. Synthesizes the selection (PLATFORM_PRESET,
 * PLATFORM_STACKS or the stacks named, PLATFORM_PROD_PROFILE, … as for synth) into a temp dir, or
 * takes an earlier synth output (--dir), and runs per stack:
 *  - terraform: init (local backend), validate, plan with the example variables of docs/deploying-stacks.md;
 *  - runtime: the Droplets' cloud-init through cloud-init's schema, nginx, php-fpm, supervisord,
 *    systemd-analyze and shellcheck, and the health path through nginx in front of a stub app; for
 *    an App Platform stack, its app spec against App Platform's schema and rules (validate/app-spec/),
 *    and the Droplet checks (here and in boot) skipped with that reason;
 *  - boot: each distinct user_data booted under systemd and cloud-init (root, systemd-nspawn), a
 *    sample release deployed through the real deploy command, and the machine checked inside
 *    (validate/boot/).
 * One line per stack and check; a FAIL line is followed by the tool's output (of Terraform its
 * errors, its whole output with --verbose). Exit 1 on any FAIL.
 */
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { ConfigError, type Problem } from "../config/validate";
import { PolicyError } from "../policy/violations";
import { stopAll } from "../validate/exec";
import { APP_SPEC_CHECK, isAppPlatform } from "../validate/app-spec";
import { formatResult, type CheckResult } from "../validate/report";
import { BOOT_CHECKS, bootStage } from "../validate/boot";
import { removeAllTempDirs } from "../validate/sandbox";
import { RUNTIME_CHECKS, runtimeStage } from "../validate/runtime";
import { fromDir, prepareSelection, requestedStacks, type StackDoc } from "../validate/stacks";
import { providersHint, TERRAFORM_CHECKS, terraformStage } from "../validate/terraform";

const USAGE = "usage: npm run validate [-- stack…] [--only terraform|runtime|boot] [--dir cdktf.out] [--var-file f] [--verbose]";
const STAGES = ["terraform", "runtime", "boot"] as const;
type Stage = (typeof STAGES)[number];

interface Plan {
  readonly stages: Stage[];
  readonly varFile?: string;
  readonly verbose: boolean;
  /** Reads or synthesizes the stacks (after every argument was checked). */
  readonly load: () => { docs: StackDoc[]; cleanup: () => void };
}

function parse(argv: string[]): Plan {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { only: { type: "string" }, dir: { type: "string" }, "var-file": { type: "string" }, verbose: { type: "boolean", default: false } },
    allowPositionals: true,
    strict: true,
  });
  const problems: Problem[] = [];
  if (values.only !== undefined && !(STAGES as readonly string[]).includes(values.only)) {
    problems.push({ where: "validate", field: "--only", value: values.only, allowed: STAGES.join(", ") });
  }
  if (values["var-file"] !== undefined && !fs.existsSync(values["var-file"])) {
    problems.push({ where: "validate", field: "--var-file", value: values["var-file"], allowed: "an existing .tfvars or .tfvars.json file" });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const dir = values.dir;
  const load =
    dir === undefined
      ? prepareSelection(positionals, process.env)
      : (() => {
          const docs = fromDir(dir, requestedStacks(positionals, process.env));
          return () => ({ docs, cleanup: () => undefined });
        })();
  return { stages: values.only ? [values.only as Stage] : [...STAGES], ...(values["var-file"] ? { varFile: values["var-file"] } : {}), verbose: values.verbose, load };
}

async function main(): Promise<number> {
  const plan = parse(process.argv.slice(2));
  const started = Date.now();
  const { docs, cleanup } = plan.load();
  try {
    const checks = [
      ...(plan.stages.includes("terraform") ? TERRAFORM_CHECKS : []),
      ...(plan.stages.includes("runtime") ? RUNTIME_CHECKS.map((c) => c.name) : []),
      ...(plan.stages.includes("runtime") && docs.some((d) => isAppPlatform(d.json)) ? [APP_SPEC_CHECK] : []),
      ...(plan.stages.includes("boot") ? BOOT_CHECKS : []),
    ];
    const widths = { label: Math.max(...docs.map((d) => d.label.length)), check: Math.max(...checks.map((c) => c.length)) };
    const counts = { ok: 0, FAIL: 0, none: 0, skip: 0 };
    const print = (doc: StackDoc, check: string, result: CheckResult) => {
      counts[result.status] += 1;
      process.stdout.write(formatResult(doc.label, check, result, widths));
    };
    const noProviders: string[] = [];
    for (const doc of docs) {
      if (plan.stages.includes("terraform")) {
        const outcome = await terraformStage(doc, { verbose: plan.verbose, ...(plan.varFile ? { varFile: plan.varFile } : {}) }, (check, result) => print(doc, check, result));
        if (outcome.providersUnavailable) noProviders.push(doc.label);
      }
      if (plan.stages.includes("runtime")) for (const { check, result } of await runtimeStage(doc)) print(doc, check, result);
    }
    // Booted after the other stages, every stack's documents together (they boot in parallel and once each).
    if (plan.stages.includes("boot")) {
      const booted = await bootStage(docs, (line) => process.stderr.write(`boot: ${line}\n`));
      for (const doc of docs) for (const { check, result } of booted.get(doc) ?? []) print(doc, check, result);
    }
    if (noProviders.length > 0) process.stderr.write(providersHint(noProviders.length, plan.verbose, process.env));
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stderr.write(`validate: ${counts.ok} ok, ${counts.FAIL} failed, ${counts.none} with nothing to check, ${counts.skip} skipped (${seconds} s)\n`);
    return counts.FAIL > 0 ? 1 : 0;
  } finally {
    cleanup();
  }
}

// Whatever happens, no daemon and no temp dir outlives the run.
process.on("exit", () => {
  stopAll();
  removeAllTempDirs();
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(130));

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    const usage = e instanceof Error && "code" in e && String((e as { code: unknown }).code).startsWith("ERR_PARSE_ARGS");
    if (!(e instanceof ConfigError || e instanceof PolicyError) && !usage) throw e;
    process.stderr.write(`${(e as Error).message}${usage || e instanceof ConfigError ? `\n${USAGE}` : ""}\n`);
    process.exitCode = 1;
  },
);
