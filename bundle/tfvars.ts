/**
 * `terraform.tfvars.example` for a stack: every variable its JSON declares, each with its
 * description, type, whether it is required, its validation rules in words (the rules'
 * error messages are written as sentences for that), and an example value that passes them.
 */
import { EXAMPLE_TFVARS } from "../validate/example-inputs";

export interface VariableDeclaration {
  readonly description?: string;
  readonly type?: string;
  readonly default?: unknown;
  readonly sensitive?: boolean;
  readonly validation?: readonly { readonly condition: string; readonly error_message: string }[];
}

export class MissingExampleError extends Error {
  constructor(readonly variables: readonly string[]) {
    super(`handoff: no example value for the required variable${variables.length === 1 ? "" : "s"} ${variables.join(", ")}; allowed: variables with an example in validate/example-inputs.ts (add one there, and to the example tfvars in docs/deploying-stacks.md)`);
    this.name = "MissingExampleError";
  }
}

/** HCL for a JSON value (strings, numbers, booleans, lists and maps of those). */
export function hcl(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(hcl).join(", ")}]`;
  if (value && typeof value === "object") return `{ ${Object.entries(value).map(([k, v]) => `${k} = ${hcl(v)}`).join(", ")} }`;
  return JSON.stringify(value);
}

/** The example value of a declared variable: docs/deploying-stacks.md's example for required ones, the default otherwise. */
export function exampleValue(name: string, declaration: VariableDeclaration): unknown {
  const example = EXAMPLE_TFVARS[name];
  if (example !== undefined) return example;
  if ("default" in declaration) return declaration.default;
  return undefined;
}

/**
 * Variables ops set at apply time, never in a file: an App Platform stack's `release` (the image tag
 * or digest to run, given per apply) and any sensitive variable without a default (a secret, from
 * the deployer's secret store as TF_VAR_<name>). The example names them in comments, with no value.
 */
export function setAtApply(name: string, declaration: VariableDeclaration): "release" | "secret" | undefined {
  if (exampleValue(name, declaration) !== undefined) return undefined;
  if (name === "release") return "release";
  return declaration.sensitive === true ? "secret" : undefined;
}

export function tfvarsExample(stackLabel: string, variables: Readonly<Record<string, VariableDeclaration>>): string {
  const names = Object.keys(variables).sort();
  const missing = names.filter((n) => exampleValue(n, variables[n]!) === undefined && setAtApply(n, variables[n]!) === undefined);
  if (missing.length > 0) throw new MissingExampleError(missing);
  const out = [
    `# Variables of ${stackLabel}. Copy to terraform.tfvars and set your own values:`,
    "# terraform reads terraform.tfvars by itself. Every value below passes the variable's validation.",
    "",
  ];
  if (names.length === 0) out.push("# This stack declares no variables.");
  for (const name of names) {
    const v = variables[name]!;
    const required = !("default" in v);
    out.push(`# ${name}: ${v.type ?? "any"}, ${required ? "required" : `optional (default ${hcl(v.default)})`}${v.sensitive ? ", sensitive" : ""}`);
    if (v.description) out.push(`#   ${v.description}`);
    for (const rule of v.validation ?? []) out.push(`#   Rule: ${rule.error_message}`);
    const atApply = setAtApply(name, v);
    if (atApply === "release") out.push("#   Set per apply, not here: terraform apply -var release=<tag or sha256 digest> (or TF_VAR_release).", `# ${name} = "<tag>"`, "");
    else if (atApply === "secret") out.push(`#   A secret: set TF_VAR_${name} from your secret store when running terraform; never write it in a file that is kept.`, `# ${name} = "…"`, "");
    else out.push(`${name} = ${hcl(exampleValue(name, v))}`, "");
  }
  return out.join("\n").trimEnd() + "\n";
}
