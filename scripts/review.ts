/**
 * `npm run review -- --base <git-ref> [--json]`: what the working tree changes in each selected
 * stack compared with <git-ref>, offline and without credentials (works on forks). Synthesizes the
 * base in a temporary git worktree and the working tree side by side, then prints per stack the
 * resources added, removed and changed (attributes old → new), each change that forces
 * replacement, stateful resources first, the monthly cost delta, and the head's policy status.
 * Markdown on stdout (or JSON with --json); progress on stderr only when it is a terminal.
 * Exit 1 when the working tree's policy fails, or when a stack replaces more than one Droplet of a
 * load-balanced group at once (downtime: roll them with `terraform apply -replace`, one at a time).
 * Bad input (no --base, a ref git cannot resolve, a base that does not synthesize, no git): one
 * message naming the ref and what failed, exit 1, no worktree left behind.
 */
import * as path from "node:path";
import { parseArgs } from "node:util";
import { ConfigError } from "../config/validate";
import { readSelection } from "../config/selection";
import { refusesDowntime, renderJson, renderMarkdown } from "../review/render";
import { review, ReviewError } from "../review/run";

const USAGE = "usage: npm run review -- --base <git-ref> [--json]";

async function main(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { base: { type: "string" }, json: { type: "boolean", default: false } }, strict: true });
  if (values.base === undefined || values.base === "") {
    throw new ConfigError([{ where: "review", field: "--base", value: values.base ?? null, allowed: "a git ref to compare with: a branch, tag or commit (e.g. HEAD~1, origin/main)" }]);
  }
  // The selection is checked here first, so a typo is reported once and not as two failing synths.
  const selection = readSelection(process.env);
  const progress = process.stderr.isTTY ? (line: string) => process.stderr.write(`${line}\n`) : undefined;
  const result = await review({ projectDir: path.resolve(__dirname, ".."), ref: values.base, env: process.env, ...(progress ? { progress } : {}) });
  process.stdout.write(values.json ? renderJson(result, selection.preset.name) : renderMarkdown(result, selection.preset.name));
  // Exit 1 also when a stack replaces more than one Droplet of a load-balanced group at once (review/downtime.ts).
  if (result.policy.status === "failed" || refusesDowntime(result.stacks)) process.exitCode = 1;
}

main().catch((e: unknown) => {
  const usage = e instanceof Error && "code" in e && String((e as { code: unknown }).code).startsWith("ERR_PARSE_ARGS");
  if (!(e instanceof ConfigError || e instanceof ReviewError) && !usage) throw e;
  process.stderr.write(`${(e as Error).message}${usage || e instanceof ConfigError ? `\n${USAGE}` : ""}\n`);
  process.exitCode = 1;
});
