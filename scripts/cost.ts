/**
 * `npm run cost [-- --json] [-- --dir cdktf.out]`: the monthly estimate of each selected stack
 * (PLATFORM_PRESET, PLATFORM_STACKS, PLATFORM_PROD_PROFILE as for synth), priced from the
 * synthesized Terraform JSON. With --dir it prices an existing synth output instead (what an ops
 * team was handed), judging each stack against the budget recorded in its file. Offline: the
 * catalog holds every price. Over-budget stacks are reported here and fail `npm run synth`.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { STACK_NAMES } from "../config/types";
import { ConfigError } from "../config/validate";
import { parseStackSelection, readSelection, resolveSelection } from "../config/selection";
import { costReport, formatCostReport, type CostReport } from "../cost/report";
import { estimateStack } from "../cost/estimate";
import type { Block } from "../policy/stack-view";

const USAGE = "usage: npm run cost [-- --json] [-- --dir cdktf.out]";

function fromSelection(): CostReport {
  const selection = readSelection(process.env);
  const envs = resolveSelection(selection);
  // Loaded only here, so --dir and bad input never load cdktf. Nothing is written: the stacks
  // are rendered in memory (an App only writes on synth()).
  const { buildPlatform } = require("../lib/synth-platform") as typeof import("../lib/synth-platform");
  const built = buildPlatform(os.tmpdir(), selection.platform, envs, selection.stacks, { bootstrap: selection.bootstrap });
  return costReport(
    selection.preset.name,
    selection.profile,
    built.stacks.map((s, i) => {
      const stack = selection.stacks[i];
      const budgetUsd = stack ? envs[stack].budgetUsd : selection.platform.state.bootstrapBudgetUsd;
      return { stack: s.node.id, budgetUsd, estimate: estimateStack(s.toTerraform() as Block) };
    }),
  );
}

/** Prices the files of an earlier synth, with the app and budget each file records. */
function fromDir(dir: string): CostReport {
  const requested = process.env.PLATFORM_STACKS !== undefined ? parseStackSelection(process.env.PLATFORM_STACKS) : undefined;
  const present = STACK_NAMES.filter((s) => fs.existsSync(path.join(dir, "stacks", s, "cdk.tf.json")));
  const stacks = requested ?? present;
  const problems = stacks.flatMap((stack) => {
    const file = path.join(dir, "stacks", stack, "cdk.tf.json");
    if (!fs.existsSync(file)) return [{ where: "cost", field: "--dir", value: file, allowed: "a synth output holding every selected stack (run npm run synth, or select stacks with PLATFORM_STACKS)" }];
    return [];
  });
  if (stacks.length === 0) problems.push({ where: "cost", field: "--dir", value: dir, allowed: "a directory written by npm run synth (with stacks/<stack>/cdk.tf.json)" });
  if (problems.length > 0) throw new ConfigError(problems);
  const files = stacks.map((stack) => {
    const file = path.join(dir, "stacks", stack, "cdk.tf.json");
    const json = JSON.parse(fs.readFileSync(file, "utf8")) as Block;
    const recorded = ((json["//"] as Block | undefined)?.platform ?? {}) as Block;
    if (typeof recorded.budgetUsd !== "number" || typeof recorded.app !== "string") {
      throw new ConfigError([{ where: "cost", field: "--dir", value: file, allowed: "a stack synthesized by this version (its top-level // records app and budgetUsd)" }]);
    }
    return { stack, app: recorded.app, budgetUsd: recorded.budgetUsd, estimate: estimateStack(json) };
  });
  const apps = [...new Set(files.map((f) => f.app))].join(", ");
  return costReport(apps, `as synthesized in ${dir}`, files);
}

function main(): void {
  const { values } = parseArgs({ options: { json: { type: "boolean", default: false }, dir: { type: "string" } }, strict: true });
  const report = values.dir === undefined ? fromSelection() : fromDir(values.dir);
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatCostReport(report));
}

try {
  main();
} catch (e) {
  const usage = e instanceof Error && "code" in e && String((e as { code: unknown }).code).startsWith("ERR_PARSE_ARGS");
  if (!(e instanceof ConfigError) && !usage) throw e;
  process.stderr.write(`${(e as Error).message}${usage ? `\n${USAGE}` : ""}\n`);
  process.exitCode = 1;
}
