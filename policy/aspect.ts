/**
 * The policy rules as a cdktf Aspect. On the stack node it evaluates every rule against every
 * subject of the stack's synthesized JSON, once, and reports through cdktf Annotations: an error
 * per unsuppressed finding (cdktf then refuses to write the stack), an info per rule and reason of
 * the suppressed findings (with their count). Nothing is printed here; callers read the report.
 */
import type { IConstruct } from "constructs";
import { Annotations, type IAspect, TerraformStack } from "cdktf";
import { appliesTo, type Finding, type PolicyRule } from "./rule";
import { formatSuppressionGroup, formatViolation, groupSuppressed, type PolicyReport, type RuleSummary, type SuppressedViolation, type Violation } from "./violations";
import { StackView, type Block, type StackFacts, type Subject } from "./stack-view";
import { suppressionFor, suppressionsOn } from "./suppressions";

export class PlatformPolicy implements IAspect {
  private readonly reports = new Map<TerraformStack, PolicyReport>();

  constructor(
    readonly facts: StackFacts,
    readonly rules: readonly PolicyRule[],
  ) {}

  visit(node: IConstruct): void {
    if (TerraformStack.isStack(node)) this.check(node);
  }

  /** Evaluates the stack once (later calls return the same report) and annotates its constructs. */
  check(stack: TerraformStack): PolicyReport {
    const done = this.reports.get(stack);
    if (done) return done;
    const constructs = new Map<string, IConstruct>(stack.node.findAll().map((c) => [c.node.path, c]));
    const view = new StackView(this.facts, stack.toTerraform() as Block, stack.node.path);
    const violations: Violation[] = [];
    const suppressed: SuppressedViolation[] = [];
    const rules: RuleSummary[] = this.rules.map((rule) => {
      const counts = { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0, SUPPRESSED: 0 };
      for (const subject of view.subjects) {
        if (!appliesTo(rule, subject)) continue;
        const evaluation = rule.evaluate(subject, view);
        if (evaluation.status !== "NON_COMPLIANT") {
          counts[evaluation.status]++;
          continue;
        }
        const construct = constructs.get(subject.path) ?? stack;
        const suppression = rule.suppressible === false ? undefined : suppressionFor(construct, rule.id);
        for (const finding of evaluation.findings) {
          const violation = violationOf(rule, this.facts, subject, finding);
          if (suppression) suppressed.push({ ...violation, reason: suppression.reason });
          else violations.push(violation);
        }
        counts[suppression ? "SUPPRESSED" : "NON_COMPLIANT"]++;
      }
      return { rule: rule.id, counts };
    });
    violations.push(...this.unknownSuppressions(stack));

    for (const v of violations) Annotations.of(constructs.get(v.path) ?? stack).addError(formatViolation(v));
    // One info per rule and reason (the cdktf CLI prints each as an INFO line), on the construct
    // that holds every suppressed resource of it: where the suppression was declared, or below.
    for (const g of groupSuppressed(suppressed)) Annotations.of(constructs.get(commonPath(g.paths)) ?? stack).addInfo(formatSuppressionGroup(g));
    const report = { stack: this.facts.stack, rules, violations, suppressed };
    this.reports.set(stack, report);
    return report;
  }

  /** A suppression naming no rule, or a rule no suppression may waive, would silently do nothing: that is an error too. */
  private unknownSuppressions(stack: TerraformStack): Violation[] {
    const suppressible = this.rules.filter((r) => r.suppressible !== false).map((r) => r.id);
    const ids = new Set(this.rules.map((r) => r.id));
    return stack.node.findAll().flatMap((c) =>
      suppressionsOn(c)
        .filter((s) => !suppressible.includes(s.id))
        .map((s) => ({
          rule: s.id,
          stack: this.facts.stack,
          path: c.node.path,
          address: "suppression",
          attribute: "id",
          value: s.id,
          problem: ids.has(s.id) ? `${s.id} cannot be suppressed, so this suppression waives nothing.` : "this suppression names no policy rule, so it suppresses nothing.",
          fix: ids.has(s.id) ? "remove the suppression and fix what the rule reports." : `use one of ${suppressible.join(", ")}, or remove the suppression.`,
        })),
    );
  }
}

/** The deepest construct path that all of `paths` are at or under. */
function commonPath(paths: readonly string[]): string {
  const split = paths.map((p) => p.split("/"));
  const common: string[] = [];
  for (let i = 0; split.every((p) => i < p.length && p[i] === split[0]![i]); i++) common.push(split[0]![i]!);
  return common.join("/");
}

function violationOf(rule: PolicyRule, facts: StackFacts, subject: Subject, finding: Finding): Violation {
  return { rule: rule.id, stack: facts.stack, path: subject.path, address: subject.address, ...finding };
}
