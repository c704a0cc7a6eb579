/**
 * `npm run plan-comment -- --stack <app>/<stack> --plan-json plan.json [--plan-text plan.txt]`:
 * the pull-request comment for one stack from `terraform show -json` (and `-no-color`) output;
 * `--offline-review review.md` instead wraps `npm run review` output for a fork, which has no
 * secrets to plan with. Markdown on stdout; bad input: a message, exit 1.
 */
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { assertPlan, PlanFormatError, renderOfflineComment, renderPlanComment } from "../review/plan-comment";

const USAGE = "usage: npm run plan-comment -- --stack <app>/<stack> (--plan-json plan.json [--plan-text plan.txt] | --offline-review review.md)";

class UsageError extends Error {}

function read(flag: string, file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`plan-comment: ${flag} = ${JSON.stringify(file)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; allowed: a readable file`);
  }
}

function main(): void {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { stack: { type: "string" }, "plan-json": { type: "string" }, "plan-text": { type: "string" }, "offline-review": { type: "string" } },
    strict: true,
  });
  if (!values.stack) throw new UsageError('plan-comment: --stack = null; allowed: the stack\'s label, e.g. "bizsocials/prod"');
  const offline = values["offline-review"];
  const planJson = values["plan-json"];
  if ((offline === undefined) === (planJson === undefined)) throw new UsageError("plan-comment: exactly one of --plan-json and --offline-review is allowed");
  if (offline !== undefined) {
    process.stdout.write(renderOfflineComment(values.stack, read("--offline-review", offline)));
    return;
  }
  const text = read("--plan-json", planJson!);
  let plan: unknown;
  try {
    plan = JSON.parse(text);
  } catch {
    throw new PlanFormatError(`--plan-json ${planJson}`, text.slice(0, 40), "the JSON `terraform show -json <planfile>` prints");
  }
  assertPlan(plan, `--plan-json ${planJson}`);
  const planText = values["plan-text"] === undefined ? undefined : read("--plan-text", values["plan-text"]);
  process.stdout.write(renderPlanComment({ label: values.stack, plan, ...(planText !== undefined ? { planText } : {}) }));
}

try {
  main();
} catch (e) {
  const usage = e instanceof Error && "code" in e && String((e as { code: unknown }).code).startsWith("ERR_PARSE_ARGS");
  if (!(e instanceof UsageError || e instanceof PlanFormatError) && !usage) throw e;
  process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
  process.exitCode = 1;
}
