/**
 * The terraform stage of one stack: a scratch copy of its cdk.tf.json with the Spaces (s3) backend
 * replaced by a local one, then `terraform init`, `validate` and `plan` with a var file of the
 * example values of docs/deploying-stacks.md (or --var-file). The process environment is passed through
 * (TF_CLI_CONFIG_FILE, DIGITALOCEAN_TOKEN, TF_PLUGIN_CACHE_DIR, …).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { errorReport, parseDiagnostics } from "../lib/terraform-diagnostics";
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

/**
 * The providers `terraform init` could not install, each with why (the first clause of Terraform's
 * reason, the provider's own address replaced by "it"), or undefined when init failed otherwise.
 * The summaries are Terraform's (internal/command/init.go: queryPackagesFailureCallback and the
 * fetch-package failure): `Failed to query available provider packages` (registry or mirror
 * unreachable, provider not in the mirror, no version matching) and `Failed to install provider…`.
 */
export function providerInstallFailure(output: string): { provider: string; cause: string }[] | undefined {
  const failed = parseDiagnostics(output).filter((d) => d.severity === "Error" && /^Failed to (query available provider packages|install provider)/.test(d.summary));
  if (failed.length === 0) return undefined;
  return failed.map((d) => {
    const text = d.detail.split(/\n\s*\n/)[0]!.replace(/\s*\n\s*/g, " ");
    const m = /(?:for provider|while installing) ([\w.-]+\/[\w.-]+(?:\/[\w.-]+)?)(?: v\S+)?: (.*)$/.exec(text);
    if (!m) return { provider: "?", cause: d.summary };
    const provider = m[1]!;
    const address = new RegExp(`(provider )?(registry\\.terraform\\.io/)?${provider.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}`, "g");
    // A provider missing from a mirror: Terraform lists where it looked, one `  - <place>` a line.
    const places = [...d.detail.matchAll(/^ {2}- (.+)$/gm)].map((p) => p[1]!);
    const cause = m[2]!.split(": ")[0]!.replace(address, "it").replace(/\.$/, "");
    return { provider, cause: places.length > 0 ? `${cause} (${places.join(", ")})` : cause };
  });
}

/** `a/b, c/d: why` per distinct reason. */
function describeProviders(failures: { provider: string; cause: string }[]): string {
  const byCause = new Map<string, string[]>();
  for (const f of [...failures].sort((a, b) => a.provider.localeCompare(b.provider))) byCause.set(f.cause, [...(byCause.get(f.cause) ?? []), f.provider]);
  return [...byCause].map(([cause, providers]) => `${providers.join(", ")}: ${cause}`).join("; ");
}

/**
 * The one hint after the report when some stack's providers could not be installed (no internet,
 * a mirror that lacks them): how to get past init, or how to check the rest without it.
 */
export function providersHint(stacks: number, verbose: boolean, env: NodeJS.ProcessEnv): string {
  const config = env.TF_CLI_CONFIG_FILE;
  const missing = config && !fs.existsSync(config) ? `; TF_CLI_CONFIG_FILE = "${config}" does not exist` : "";
  return `${[
    `validate: terraform cannot install the providers here (${stacks === 1 ? "1 stack" : `${stacks} stacks`} stopped at init). Either`,
    "  - check the rest without terraform: npm run validate -- --only runtime (and --only boot), or",
    `  - give terraform the providers: a provider mirror named by TF_CLI_CONFIG_FILE (a CLI config file with a provider_installation block${missing}),`,
    "    and DIGITALOCEAN_TOKEN for terraform plan (it reads the DNS zone and prod's cluster).",
    ...(verbose ? [] : ["  Terraform's own output: add --verbose."]),
  ].join("\n")}\n`;
}

export interface TerraformOptions {
  /** Replaces the generated var file. */
  readonly varFile?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Terraform's whole output under a FAIL line, instead of its errors alone. */
  readonly verbose?: boolean;
}

export interface TerraformOutcome {
  /** Init failed because the providers cannot be installed here (the run prints one hint for all stacks). */
  readonly providersUnavailable: boolean;
}

/**
 * Results in TERRAFORM_CHECKS order; a failed step makes the later ones `skip`, except that a stack
 * whose providers cannot be installed gets its init line alone. Under a FAIL line: Terraform's
 * errors, each once (the whole output with `verbose`).
 */
export async function terraformStage(doc: StackDoc, options: TerraformOptions = {}, report: (check: string, result: CheckResult) => void): Promise<TerraformOutcome> {
  const env = { ...(options.env ?? process.env), TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };
  const tool = findTool("terraform", HINT, env);
  if (tool instanceof MissingTool) {
    report("terraform init", fail(tool.message));
    report("terraform validate", skip("terraform init failed"));
    report("terraform plan", skip("terraform init failed"));
    return { providersUnavailable: false };
  }
  const shown = (output: string) => (options.verbose ? output : errorReport(output));
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
      const providers = check === "terraform init" && ran.code !== 0 ? providerInstallFailure(ran.output) : undefined;
      if (providers) {
        report(check, fail(`cannot install providers ${describeProviders(providers)}; validate and plan not run`, options.verbose ? ran.output : undefined));
        return { providersUnavailable: true };
      }
      if (ran.code !== 0) {
        report(check, fail(`exit ${ran.code ?? "signal"}`, shown(ran.output)));
        for (const later of TERRAFORM_CHECKS.slice(i + 1)) report(later, skip(`${check} failed`));
        return { providersUnavailable: false };
      }
      report(check, ok());
    }

    let varFile = options.varFile ? path.resolve(options.varFile) : undefined;
    if (!varFile) {
      const generated = exampleVarFile(doc.json.variable);
      if (generated.missing.length > 0) {
        report("terraform plan", fail(`no example value for ${generated.missing.join(", ")}: add it to validate/example-inputs.ts (and the example in docs/deploying-stacks.md), or pass --var-file`));
        return { providersUnavailable: false };
      }
      varFile = path.join(scratch, `${doc.stack}.tfvars.json`);
      fs.writeFileSync(varFile, `${JSON.stringify(generated.values, null, 2)}\n`);
    }
    const plan = await terraform(["plan", "-input=false", "-no-color", "-lock=false", `-var-file=${varFile}`]);
    if (plan.code !== 0) report("terraform plan", fail(`exit ${plan.code ?? "signal"}`, shown(plan.output)));
    else report("terraform plan", ok(planSummary(plan.output)));
    return { providersUnavailable: false };
  } finally {
    removeTempDir(scratch);
  }
}
