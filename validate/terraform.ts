/**
 * The terraform stage of one stack: a scratch copy of its cdk.tf.json with the Spaces (s3) backend
 * replaced by a local one, then `terraform init`, `validate` and `plan` with a var file of the
 * example values of docs/deploying-stacks.md (or --var-file). The process environment is passed through
 * (TF_CLI_CONFIG_FILE, DIGITALOCEAN_TOKEN, TF_PLUGIN_CACHE_DIR, …).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { exampleVarFile } from "./example-inputs";
import { run } from "./exec";
import { fail, ok, skip, type CheckResult } from "./report";
import { makeTempDir, removeTempDir } from "./sandbox";
import type { Json, StackDoc } from "./stacks";
import { findTool, MissingTool } from "./tools";

export const TERRAFORM_CHECKS = ["terraform init", "terraform validate", "terraform plan"] as const;
const HINT = "install Terraform ≥ 1.7 (https://developer.hashicorp.com/terraform/install) and put it on PATH";
const TIMEOUT_MS = 15 * 60_000;

/** The stack's JSON with its backend replaced by a local one (state in the scratch dir). */
export function withLocalBackend(json: Json): Json {
  return { ...json, terraform: { ...(json.terraform ?? {}), backend: { local: { path: "terraform.tfstate" } } } };
}

/** `Plan: 38 to add, 0 to change, 0 to destroy.` → `38 to add`; `No changes.` → `no changes`. */
export function planSummary(output: string): string | undefined {
  const m = /Plan: (\d+) to add, (\d+) to change, (\d+) to destroy/.exec(output);
  if (m) {
    const parts = [`${m[1]} to add`, m[2] !== "0" ? `${m[2]} to change` : "", m[3] !== "0" ? `${m[3]} to destroy` : ""];
    return parts.filter((p) => p !== "").join(", ");
  }
  return /No changes\./.test(output) ? "no changes" : undefined;
}

export interface TerraformOptions {
  /** Replaces the generated var file. */
  readonly varFile?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** Results in TERRAFORM_CHECKS order; a failed step makes the later ones `skip`. */
export async function terraformStage(doc: StackDoc, options: TerraformOptions = {}, report: (check: string, result: CheckResult) => void): Promise<void> {
  const env = { ...(options.env ?? process.env), TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };
  const tool = findTool("terraform", HINT, env);
  if (tool instanceof MissingTool) {
    report("terraform init", fail(tool.message));
    report("terraform validate", skip("terraform init failed"));
    report("terraform plan", skip("terraform init failed"));
    return;
  }
  const scratch = makeTempDir(`tf-${doc.stack}`);
  try {
    // Whatever sits beside cdk.tf.json (assets) is linked in; earlier init or state is not.
    const stackDir = path.dirname(doc.file);
    for (const entry of fs.readdirSync(stackDir)) {
      if (entry === "cdk.tf.json" || entry.startsWith(".terraform") || entry.endsWith(".tfstate")) continue;
      fs.symlinkSync(path.join(stackDir, entry), path.join(scratch, entry));
    }
    fs.writeFileSync(path.join(scratch, "cdk.tf.json"), `${JSON.stringify(withLocalBackend(doc.json), null, 2)}\n`);
    const terraform = (args: string[]) => run(tool.cmd, [...tool.args, ...args], { cwd: scratch, env, timeoutMs: TIMEOUT_MS });

    const steps: [string, string[]][] = [
      ["terraform init", ["init", "-input=false", "-no-color"]],
      ["terraform validate", ["validate", "-no-color"]],
    ];
    for (const [i, [check, args]] of steps.entries()) {
      const ran = await terraform(args);
      if (ran.code !== 0) {
        report(check, fail(`exit ${ran.code ?? "signal"}`, ran.output));
        for (const later of TERRAFORM_CHECKS.slice(i + 1)) report(later, skip(`${check} failed`));
        return;
      }
      report(check, ok());
    }

    let varFile = options.varFile ? path.resolve(options.varFile) : undefined;
    if (!varFile) {
      const generated = exampleVarFile(doc.json.variable);
      if (generated.missing.length > 0) {
        report("terraform plan", fail(`no example value for ${generated.missing.join(", ")}: add it to validate/example-inputs.ts (and the example in docs/deploying-stacks.md), or pass --var-file`));
        return;
      }
      varFile = path.join(scratch, `${doc.stack}.tfvars.json`);
      fs.writeFileSync(varFile, `${JSON.stringify(generated.values, null, 2)}\n`);
    }
    const plan = await terraform(["plan", "-input=false", "-no-color", "-lock=false", `-var-file=${varFile}`]);
    if (plan.code !== 0) report("terraform plan", fail(`exit ${plan.code ?? "signal"}`, plan.output));
    else report("terraform plan", ok(planSummary(plan.output)));
  } finally {
    removeTempDir(scratch);
  }
}
