/**
 * What a policy check reports, and the error that carries it. No cdktf here, so entry points can
 * report bad input without loading it.
 */
import type { Finding, Status } from "./rule";

export interface Violation extends Finding {
  readonly rule: string;
  readonly stack: string;
  /** Construct path of the resource. */
  readonly path: string;
  /** Terraform address of the resource. */
  readonly address: string;
}

export interface SuppressedViolation extends Violation {
  readonly reason: string;
}

export interface RuleSummary {
  readonly rule: string;
  readonly counts: Readonly<Record<Status | "SUPPRESSED", number>>;
}

export interface PolicyReport {
  readonly stack: string;
  readonly rules: readonly RuleSummary[];
  readonly violations: readonly Violation[];
  readonly suppressed: readonly SuppressedViolation[];
}

export function formatViolation(v: Violation): string {
  return `[${v.rule}] ${v.stack}: ${v.path} (${v.address}) ${v.attribute} = ${JSON.stringify(v.value)}: ${v.problem} Fix: ${v.fix}`;
}

export function formatSuppressed(v: SuppressedViolation): string {
  return `[${v.rule}] ${v.stack}: ${v.path} ${v.attribute} suppressed: ${v.reason}`;
}

/** Every unsuppressed violation of every stack, in one error (one line per problem). */
export class PolicyError extends Error {
  constructor(readonly violations: readonly Violation[]) {
    super(
      `Policy check failed (${violations.length} problem${violations.length === 1 ? "" : "s"}; nothing was written):\n` +
        violations.map((v) => `  - ${formatViolation(v)}`).join("\n"),
    );
    this.name = "PolicyError";
  }
}
