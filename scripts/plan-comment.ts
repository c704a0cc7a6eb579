/**
 * The pull-request comment for one stack, markdown on stdout:
 *
 *   npm run plan-comment -- --stack prod --plan-json plan.json [--plan-text plan.txt]
 *   npm run plan-comment -- --stack prod --offline-review review.md   # a fork: no plan could run
 *   npm run plan-comment -- --stack prod --failed                     # the plan job failed
 *
 * `plan.json` is `terraform show -json tfplan`, `plan.txt` is `terraform show -no-color tfplan`,
 * `review.md` is what `npm run review -- --base <ref>` printed. Optional on each: `--commit <sha>`
 * and `--run-url <url>` for the comment's footer. With `--plan-json`, `--refused-file <file>` writes
 * the refused downtime verdicts there, one per line (review/downtime.ts: a plan replacing more than
 * one Droplet of a load-balanced group), and removes the file when there are none: the comment is
 * still printed and the exit is 0, so the workflow posts it and then fails the check on the file. The app in the sticky marker
 * (`<!-- platform-plan:<app>/<stack> -->`) is the one of PLATFORM_PRESET, as for every command.
 * Bad input (an unknown flag or stack, a missing file, not a plan, a plan format other than 1.x):
 * one message naming the flag or file, the value and what is allowed; exit 1; nothing on stdout.
 */
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { STACK_NAMES, type StackName } from "../config/types";
import { ConfigError } from "../config/validate";
import { parsePreset } from "../config/selection";
import { planDowntime } from "../review/downtime";
import { planProblems, renderFailedComment, renderOfflineComment, renderPlanComment, type Json } from "../review/plan-comment";

const USAGE =
  "usage: npm run plan-comment -- --stack <stack> (--plan-json plan.json [--plan-text plan.txt] [--refused-file f] | --offline-review review.md | --failed) [--commit <sha>] [--run-url <url>]";

const problem = (field: string, value: unknown, allowed: string) => new ConfigError([{ where: "plan-comment", field, value, allowed }]);

function read(flag: string, file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "a directory" : code === "EACCES" ? "not readable" : (e as Error).message;
    throw problem(flag, file, `a readable file (${why})`);
  }
}

function readPlan(file: string): Json {
  const text = read("--plan-json", file);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw problem("--plan-json", file, `the JSON \`terraform show -json <planfile>\` prints (${file} is not JSON: ${(e as Error).message}; it starts ${JSON.stringify(text.slice(0, 40))})`);
  }
  const problems = planProblems(doc);
  if (problems.length > 0) throw new ConfigError(problems.map((p) => ({ where: `plan-comment --plan-json ${file}`, field: p.field, value: p.value, allowed: p.allowed })));
  return doc as Json;
}

function main(): void {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      stack: { type: "string" },
      "plan-json": { type: "string" },
      "plan-text": { type: "string" },
      "offline-review": { type: "string" },
      failed: { type: "boolean", default: false },
      commit: { type: "string" },
      "run-url": { type: "string" },
      "refused-file": { type: "string" },
    },
    strict: true,
    allowPositionals: false,
  });
  const stack = values.stack;
  if (stack === undefined || !(STACK_NAMES as readonly string[]).includes(stack)) {
    throw problem("--stack", stack ?? null, `one of ${STACK_NAMES.join(", ")}`);
  }
  const modes = (["plan-json", "offline-review", "failed"] as const).filter((m) => (m === "failed" ? values.failed : values[m] !== undefined));
  if (modes.length !== 1) {
    throw problem("--plan-json / --offline-review / --failed", modes.length === 0 ? null : modes.map((m) => `--${m}`).join(" "), "exactly one of them");
  }
  if (values["plan-text"] !== undefined && values["plan-json"] === undefined) throw problem("--plan-text", values["plan-text"], "only with --plan-json");
  if (values["refused-file"] !== undefined && values["plan-json"] === undefined) throw problem("--refused-file", values["refused-file"], "only with --plan-json");
  if (values.commit !== undefined && !/^[0-9a-f]{7,40}$/.test(values.commit)) throw problem("--commit", values.commit, "a git commit id (7 to 40 lowercase hex digits)");
  if (values["run-url"] !== undefined && !/^https:\/\/[^\s()<>]+$/.test(values["run-url"])) throw problem("--run-url", values["run-url"], "an https:// URL without spaces, parentheses or angle brackets");

  const label = `${parsePreset(process.env.PLATFORM_PRESET).platform.app}/${stack as StackName}`;
  const meta = { ...(values.commit ? { commit: values.commit } : {}), ...(values["run-url"] ? { runUrl: values["run-url"] } : {}) };
  let out: string;
  if (values.failed) out = renderFailedComment({ label, ...meta });
  else if (values["offline-review"] !== undefined) out = renderOfflineComment({ label, review: read("--offline-review", values["offline-review"]), ...meta });
  else {
    const plan = readPlan(values["plan-json"]!);
    const planText = values["plan-text"] === undefined ? undefined : read("--plan-text", values["plan-text"]);
    out = renderPlanComment({ label, plan, ...(planText !== undefined ? { planText } : {}), ...meta });
    const refusedFile = values["refused-file"];
    if (refusedFile !== undefined) {
      const refused = planDowntime(stack, plan).filter((g) => g.refused);
      if (refused.length > 0) fs.writeFileSync(refusedFile, refused.map((g) => `${label}: ${g.text}\n`).join(""));
      else fs.rmSync(refusedFile, { force: true });
    }
  }
  process.stdout.write(out);
}

try {
  main();
} catch (e) {
  const usage = e instanceof Error && "code" in e && String((e as { code: unknown }).code).startsWith("ERR_PARSE_ARGS");
  if (!(e instanceof ConfigError) && !usage) throw e;
  process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
  process.exitCode = 1;
}
