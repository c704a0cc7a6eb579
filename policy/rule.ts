/**
 * The shape of a policy rule (cdk-nag style): a stable id, a one-line rationale, and a pure
 * evaluation of one subject of the synthesized Terraform JSON. Rules never touch cdktf; the aspect
 * (aspect.ts) feeds them and turns their findings into Annotations.
 */
import type { StackView, Subject } from "./stack-view";

/** Where a finding points inside the subject, what it found and how to fix it. */
export interface Finding {
  /** Terraform attribute path inside the subject, e.g. `inbound_rule[0].source_addresses`. */
  readonly attribute: string;
  readonly value: unknown;
  /** What is wrong, in one sentence. */
  readonly problem: string;
  /** What to change, naming the allowed values where there is a list. */
  readonly fix: string;
}

export type Evaluation =
  | { readonly status: "COMPLIANT" }
  | { readonly status: "NOT_APPLICABLE" }
  | { readonly status: "NON_COMPLIANT"; readonly findings: readonly Finding[] };

export type Status = Evaluation["status"];

export interface PolicyRule {
  /** Stable id used in messages and suppressions. Never reuse or renumber. */
  readonly id: string;
  readonly title: string;
  /** One line: why the rule exists. */
  readonly rationale: string;
  /** The public rule sets' equivalents (tfsec, checkov), if any. */
  readonly equivalents: readonly string[];
  /**
   * Which subjects the rule sees: Terraform resource or data source types
   * (`digitalocean_droplet`, `data.digitalocean_database_cluster`), `stack` for the whole stack
   * once, or `*` for every block of the JSON (resources, data, variables, outputs, providers, terraform).
   */
  readonly appliesTo: readonly string[];
  /**
   * `false`: no suppression waives it; a suppression naming it is itself a violation (and it is
   * not among the rules a stack's config may suppress). Default: suppressible.
   */
  readonly suppressible?: false;
  evaluate(subject: Subject, stack: StackView): Evaluation;
}

export const COMPLIANT: Evaluation = { status: "COMPLIANT" };
export const NOT_APPLICABLE: Evaluation = { status: "NOT_APPLICABLE" };

/** NON_COMPLIANT with the given findings, or COMPLIANT when there are none. */
export function verdict(findings: readonly Finding[]): Evaluation {
  return findings.length === 0 ? COMPLIANT : { status: "NON_COMPLIANT", findings };
}

export function appliesTo(rule: PolicyRule, subject: Subject): boolean {
  if (rule.appliesTo.includes(subject.type)) return true;
  return rule.appliesTo.includes("*") && subject.type !== "stack";
}
