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
import { ConfigError } from "../config/validate";
import { readSelection, resolveSelection } from "../config/selection";
import { estimateStack } from "../cost/estimate";
import { PolicyError, type PolicyReport } from "../policy/violations";
import { synthAtomically } from "../lib/synth";
import { type Json } from "../bundle/readme";
import { sizingColumn } from "../bundle/sizing";
import { MissingExampleError } from "../bundle/tfvars";
import { bundleFiles, writeBundle } from "../bundle/write";

const USAGE = "usage: npm run handoff [-- stack…] [--out dir]";
const root = path.resolve(__dirname, "..");

interface Bundle {
  readonly dir: string;
  readonly files: Map<string, string>;
}

/** The bundle of one synthesized stack, from its JSON (as written) and its policy report. */
function assemble(stagingOutdir: string, report: PolicyReport, preset: string, profile: string, sizingDoc: string | undefined, out: string): Bundle {
  const stack = report.stack;
  const file = path.join(stagingOutdir, "stacks", stack, "cdk.tf.json");
  const text = fs.readFileSync(file, "utf8");
  const json = JSON.parse(text) as Json;
  // The budget the stack was checked against (rule DO-COST-1), as the stack records it (like `npm run cost -- --dir`).
  const budgetUsd = json["//"]?.platform?.budgetUsd as unknown;
  if (typeof budgetUsd !== "number") {
    // Every stack of this version records it: a bug, not bad input.
    throw new Error(`handoff: cdktf.out/stacks/${stack}/cdk.tf.json records no budget ("//".platform.budgetUsd = ${JSON.stringify(budgetUsd)}); expected a number`);
  }
  const files = bundleFiles({
    preset,
    stack,
    profile,
    text,
    sizing: sizingDoc === undefined ? undefined : { column: sizingColumn(sizingDoc, stack, profile) },
    cost: estimateStack(json),
    budgetUsd,
    suppressed: report.suppressed,
  });
  return { dir: path.join(out, preset, stack), files };
}

function main(): void {
  const { values, positionals } = parseArgs({ args: process.argv.slice(2), options: { out: { type: "string", default: "handoff" } }, allowPositionals: true, strict: true });
  const selection = readSelection(process.env, positionals);
  const envs = resolveSelection(selection);
  // Loaded after validation: bad input is reported without loading cdktf.
  const { synthPlatform } = require("../lib/synth-platform") as typeof import("../lib/synth-platform");
  const sizingDoc = selection.preset.name === DEFAULT_PRESET ? fs.readFileSync(path.join(root, "docs", "SIZING.md"), "utf8") : undefined;
  let bundles: Bundle[] = [];
  // Every bundle is assembled before cdktf.out is swapped in and before any bundle is written: a
  // stack that cannot be bundled leaves cdktf.out and every bundle as they were.
  synthAtomically(process.env.CDKTF_OUTDIR ?? "cdktf.out", (staging) => {
    const reports = synthPlatform(staging, selection.platform, envs, selection.stacks, { bootstrap: selection.bootstrap });
    bundles = reports.map((report) => assemble(staging, report, selection.preset.name, selection.profile, sizingDoc, values.out));
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
