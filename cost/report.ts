/**
 * The cost report of a set of stacks: each stack's estimate against its budget, and the total,
 * with the account-wide Spaces subscription counted once. Text for people, JSON for tools.
 */
import { SPACES } from "../catalog/networking";
import { cents, type CostEstimate } from "./estimate";

export interface StackCost extends CostEstimate {
  readonly stack: string;
  readonly budgetUsd: number;
  readonly withinBudget: boolean;
}

export interface CostReport {
  readonly preset: string;
  readonly profile: string;
  readonly stacks: readonly StackCost[];
  /** Spaces subscriptions counted in more than one stack, billed once per account (negative). */
  readonly sharedSpacesAdjustmentUsd: number;
  readonly totalUsd: number;
  /** With every autoscaled component at its maximum (equals totalUsd when nothing autoscales). */
  readonly maxTotalUsd: number;
}

export function costReport(preset: string, profile: string, stacks: readonly { stack: string; budgetUsd: number; estimate: CostEstimate }[]): CostReport {
  const costs = stacks.map(({ stack, budgetUsd, estimate }) => ({ stack, budgetUsd, withinBudget: estimate.maxTotalUsd <= budgetUsd, ...estimate }));
  const withSpaces = costs.filter((c) => c.lines.some((l) => l.item.startsWith("Spaces subscription"))).length;
  const sharedSpacesAdjustmentUsd = withSpaces > 1 ? -cents((withSpaces - 1) * SPACES.monthlyUsd) : 0;
  const totalUsd = cents(costs.reduce((sum, c) => sum + c.totalUsd, 0) + sharedSpacesAdjustmentUsd);
  const maxTotalUsd = cents(costs.reduce((sum, c) => sum + c.maxTotalUsd, 0) + sharedSpacesAdjustmentUsd);
  return { preset, profile, stacks: costs, sharedSpacesAdjustmentUsd, totalUsd, maxTotalUsd };
}

const usd = (n: number) => `${n < 0 ? "-" : ""}$${Math.abs(n).toFixed(2)}`;
/** "$a" or, where autoscaling lets it grow, "$a–$b". */
const range = (min: number, max: number | undefined, f: (n: number) => string = usd) => (max === undefined || max === min ? f(min) : `${f(min)}–${f(max)}`);

export function formatCostReport(report: CostReport): string {
  const out: string[] = [`Monthly cost estimate of ${report.preset} (prod profile: ${report.profile}), USD, before bandwidth overage and usage-based charges`, ""];
  for (const s of report.stacks) {
    const rows = s.lines.map((l) => [l.item, l.address, usd(l.unitUsd), range(l.count, l.maxCount, String), range(l.monthlyUsd, l.maxMonthlyUsd)]);
    const header = ["item", "resource", "unit", "count", "monthly"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const fmt = (r: string[]) => r.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd();
    out.push(`${s.stack}`, `  ${fmt(header)}`, ...rows.map((r) => `  ${fmt(r)}`));
    const scaled = s.maxTotalUsd !== s.totalUsd ? ` (autoscaling: ${usd(s.totalUsd)} at the minimum, ${usd(s.maxTotalUsd)} at the maximum, which the budget check judges)` : "";
    out.push(`  total ${range(s.totalUsd, s.maxTotalUsd)} of budget ${usd(s.budgetUsd)}${scaled}: ${s.withinBudget ? "within budget" : "OVER BUDGET (synth fails: rule DO-COST-1)"}`);
    for (const u of s.unpriced) out.push(`  not priced: ${u.address} (${u.reason})`);
    out.push("");
  }
  if (report.sharedSpacesAdjustmentUsd !== 0) {
    out.push(`Spaces subscription: one per account, counted in each stack above: ${usd(report.sharedSpacesAdjustmentUsd)}`);
  }
  out.push(`Total for ${report.stacks.map((s) => s.stack).join(", ")}: ${range(report.totalUsd, report.maxTotalUsd)} per month`);
  return out.join("\n") + "\n";
}
