/**
 * `npm run cost [-- --json] [-- --dir cdktf.out]`: the monthly estimate of each selected stack
 * (PLATFORM_PRESET, PLATFORM_STACKS, PLATFORM_PROD_PROFILE as for synth), priced from the
 * synthesized Terraform JSON. With --dir it prices an existing synth output instead (what an ops
 * team was handed). Offline: the catalog holds every price. Over-budget stacks are reported here
 * and fail `npm run synth`.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, readSelection, resolvePlatform } from "../config/validate";
import { costReport, formatCostReport } from "../cost/report";
import { estimateStack } from "../cost/estimate";
import type { Block } from "../policy/stack-view";

function main(): void {
  const { values } = parseArgs({ options: { json: { type: "boolean", default: false }, dir: { type: "string" } }, strict: true });
  const selection = readSelection(process.env);
  const envs = resolvePlatform(selection.platform, selection.preset.environments(selection.profile));
  const stacks = values.dir === undefined ? synthesized(selection.stacks) : fromDir(values.dir, selection.stacks);
  function synthesized(names: typeof selection.stacks) {
    // Loaded only here, so --dir and bad input never load cdktf. Nothing is written: the stacks
    // are rendered in memory (an App only writes on synth()).
    const { buildPlatform } = require("../lib/synth-platform") as typeof import("../lib/synth-platform");
    const built = buildPlatform(os.tmpdir(), selection.platform, envs, names);
    return built.stacks.map((s, i) => ({ stack: names[i]!, json: s.toTerraform() as Block }));
  }
  const report = costReport(
    selection.preset.name,
    selection.profile,
    stacks.map(({ stack, json }) => ({ stack, budgetUsd: envs[stack].budgetUsd, estimate: estimateStack(json) })),
  );
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatCostReport(report));
}

function fromDir(dir: string, names: readonly (typeof import("../config/types").STACK_NAMES)[number][]) {
  return names.map((stack) => {
    const file = path.join(dir, "stacks", stack, "cdk.tf.json");
    if (!fs.existsSync(file)) {
      throw new ConfigError([{ where: "cost", field: "--dir", value: file, allowed: `a synth output holding every selected stack (run npm run synth, or select stacks with PLATFORM_STACKS)` }]);
    }
    return { stack, json: JSON.parse(fs.readFileSync(file, "utf8")) as Block };
  });
}

try {
  main();
} catch (e) {
  const usage = e instanceof Error && "code" in e && String((e as { code: unknown }).code).startsWith("ERR_PARSE_ARGS");
  if (!(e instanceof ConfigError) && !usage) throw e;
  process.stderr.write(`${(e as Error).message}${usage ? "\nusage: npm run cost [-- --json] [-- --dir cdktf.out]" : ""}\n`);
  process.exitCode = 1;
}
