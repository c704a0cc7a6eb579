/**
 * DO-COST-2: every billable resource of the stack has a price in the catalog.
 *
 * It trusts cost/estimate.ts to say what it could not price, and does not trust it to know every
 * billable type: App Platform apps (per instance, per component) and container registries (per
 * tier; `starter` at $0 is still a price) are billed, so each one must come out of the estimate
 * either priced (a line under its address) or unpriced (with a reason), never silently free
 * (say, listed among catalog/networking.ts FREE_RESOURCES by mistake).
 */
import { estimateStack, type CostEstimate } from "../../cost/estimate";
import { verdict, type Finding, type PolicyRule } from "../rule";
import type { Block } from "../stack-view";

/** Types that are always billed, whatever the estimate knows of them. */
export const ALWAYS_BILLED = ["digitalocean_app", "digitalocean_container_registry"];

const FIX = "add its price to catalog/ (with the source), list the type as free there, or state the count or size as a literal.";

/** Is `line` (an estimate line's address) about the resource at `address`? */
const about = (line: string, address: string): boolean => line === address || line.startsWith(`${address} `) || line.startsWith(`${address}[`);

export function silentlyFree(json: Block, estimate: CostEstimate): Finding[] {
  const resources = (json.resource ?? {}) as Record<string, Record<string, unknown>>;
  return ALWAYS_BILLED.flatMap((type) =>
    Object.keys(resources[type] ?? {})
      .map((name) => `${type}.${name}`)
      .filter((address) => !estimate.lines.some((l) => about(l.address, address)) && !estimate.unpriced.some((u) => about(u.address, address)))
      .map((address) => ({
        attribute: address,
        value: "no line in the estimate",
        problem: `${type} is billed but the estimate neither prices it nor reports it unpriced, so the estimate is short.`,
        fix: "price it in cost/estimate.ts from catalog/app-platform.ts (with the source); it is never free.",
      })),
  );
}

export const COST_2: PolicyRule = {
  id: "DO-COST-2",
  title: "Every billable resource of the stack has a price in the catalog",
  rationale: "A resource the estimate cannot price makes the budget check (DO-COST-1) pass on a number that is too low.",
  equivalents: [],
  appliesTo: ["stack"],
  evaluate(subject) {
    const estimate = estimateStack(subject.config);
    return verdict([
      ...estimate.unpriced.map((u) => ({
        attribute: u.address,
        value: u.reason,
        problem: "this resource may be billed but the estimate cannot price it, so the estimate is short.",
        fix: FIX,
      })),
      ...silentlyFree(subject.config, estimate),
    ]);
  },
};
