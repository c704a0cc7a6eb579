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

/** The findings of one rule in one stack suppressed for one reason: one line of output, however many there are. */
export interface SuppressionGroup {
  readonly rule: string;
  readonly stack: string;
  /** Construct paths of the suppressed resources, in order of first finding. */
  readonly paths: readonly string[];
  readonly count: number;
  readonly reason: string;
}

/** Suppressed findings grouped by stack, rule and reason, in order of first appearance. */
export function groupSuppressed(suppressed: readonly SuppressedViolation[]): SuppressionGroup[] {
  const groups = new Map<string, { rule: string; stack: string; paths: string[]; count: number; reason: string }>();
  for (const s of suppressed) {
    const key = JSON.stringify([s.stack, s.rule, s.reason]);
    const group = groups.get(key) ?? { rule: s.rule, stack: s.stack, paths: [], count: 0, reason: s.reason };
    if (!group.paths.includes(s.path)) group.paths.push(s.path);
    group.count++;
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** `[DO-FW-2] prod: prod/firewall/firewall (3 findings) suppressed: <reason>`. */
export function formatSuppressionGroup(g: SuppressionGroup): string {
  return `[${g.rule}] ${g.stack}: ${g.paths.join(", ")} (${g.count} finding${g.count === 1 ? "" : "s"}) suppressed: ${g.reason}`;
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
