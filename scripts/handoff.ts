/**
 * `npm run handoff [-- stack…] [--out handoff]`: synthesizes the selection exactly as `npm run
 * synth` does (same checks, cdktf.out replaced atomically), then writes for each stack
 * `<out>/<preset>/<stack>/`: its cdk.tf.json byte for byte, terraform.tfvars.example, a README
 * with the exact terraform commands, its sizing column, cost table and suppressed policy
 * findings, and SHA256SUMS. Stack names replace PLATFORM_STACKS (`bootstrap` included when named).
 * Same inputs, same bytes. Bad input: a message, exit 1, earlier bundles and cdktf.out untouched.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_PRESET } from "../config/presets";
import { ConfigError, readSelection, resolveSelection } from "../config/validate";
import { estimateStack } from "../cost/estimate";
import { PolicyError, type PolicyReport } from "../policy/violations";
import { synthAtomically } from "../lib/synth";
import { sizingColumn } from "../bundle/sizing";
import { MissingExampleError } from "../bundle/tfvars";
import { bundleFiles, writeBundle } from "../bundle/write";

const USAGE = "usage: npm run handoff [-- stack…] [--out dir]";
const root = path.resolve(__dirname, "..");

function main(): void {
  const { values, positionals } = parseArgs({ args: process.argv.slice(2), options: { out: { type: "string", default: "handoff" } }, allowPositionals: true, strict: true });
  const env = positionals.length > 0 ? { ...process.env, PLATFORM_STACKS: positionals.join(",") } : process.env;
  const selection = readSelection(env);
  const envs = resolveSelection(selection);
  const { synthPlatform } = require("../lib/synth-platform") as typeof import("../lib/synth-platform");
  const outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out";
  let reports: PolicyReport[] = [];
  synthAtomically(outdir, (staging) => {
    reports = synthPlatform(staging, selection.platform, envs, selection.stacks, { bootstrap: selection.bootstrap });
  });
  const sizingDoc = selection.preset.name === DEFAULT_PRESET ? fs.readFileSync(path.join(root, "docs", "SIZING.md"), "utf8") : undefined;
  // Every bundle is assembled before any is written: a stack that cannot be bundled leaves all as they were.
  const bundles = reports.map((report) => {
    const stack = report.stack;
    const text = fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8");
    const env = (envs as Record<string, { budgetUsd: number } | undefined>)[stack];
    const files = bundleFiles({
      preset: selection.preset.name,
      stack,
      profile: selection.profile,
      text,
      sizing: sizingDoc ? sizingColumn(sizingDoc, stack, selection.profile) : undefined,
      cost: estimateStack(JSON.parse(text)),
      budgetUsd: env?.budgetUsd ?? selection.platform.state.bootstrapBudgetUsd,
      suppressed: report.suppressed,
    });
    return { dir: path.join(values.out, selection.preset.name, stack), files };
  });
  for (const { dir, files } of bundles) {
    writeBundle(dir, files);
    process.stdout.write(`${dir}/: ${[...files.keys()].join(", ")}\n`);
  }
}

try {
  main();
} catch (e) {
  const usage = e instanceof Error && "code" in e && String((e as { code: unknown }).code).startsWith("ERR_PARSE_ARGS");
  if (!(e instanceof ConfigError || e instanceof PolicyError || e instanceof MissingExampleError) && !usage) throw e;
  process.stderr.write(`${(e as Error).message}${usage || e instanceof ConfigError ? `\n${USAGE}` : ""}\n`);
  process.exitCode = 1;
}
