/**
 * A rule's test cases: small Terraform JSON documents (as a stack would synthesize them) and the
 * subject to evaluate. Every rule has a file here named like its rule file; rules.test.ts runs them.
 */
import type { PolicyRule } from "../../../policy/rule";
import type { StackFacts } from "../../../policy/stack-view";

export interface RuleCase {
  readonly name: string;
  /** The stack's JSON: `{ resource: { type: { name: block } }, ... }`. */
  readonly json: object;
  /** Address of the subject to evaluate (`digitalocean_droplet.app`, `var.x`, `stack`). */
  readonly subject: string;
  /** Overrides of the default facts (a development stack named `test`, budget $100). */
  readonly facts?: Partial<StackFacts>;
  /** For NON_COMPLIANT cases: attributes the findings must name (each must appear). */
  readonly attributes?: readonly string[];
}

export interface RuleCases {
  readonly rule: PolicyRule;
  readonly compliant: readonly RuleCase[];
  readonly nonCompliant: readonly RuleCase[];
  /** Cases the rule must skip (NOT_APPLICABLE), where the rule has a condition. */
  readonly notApplicable?: readonly RuleCase[];
}

export const FACTS: StackFacts = { stack: "test", appTag: "acme", envTag: "acme-test", production: false, budgetUsd: 100 };

/** `${type.name.attr}` */
export const ref = (address: string, attribute = "id"): string => `\${${address}.${attribute}}`;
