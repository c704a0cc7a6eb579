/**
 * DO-COST-1: the stack's monthly estimate is within its budget.
 * On App Platform: unchanged; it sums whatever cost/estimate.ts prices, which is where App
 * Platform instances and the registry are priced (DO-COST-2 keeps them from being left out).
 */
import { estimateStack } from "../../cost/estimate";
import { verdict, type PolicyRule } from "../rule";

export const COST_1: PolicyRule = {
  id: "DO-COST-1",
  title: "The stack's monthly estimate stays within its budget",
  rationale: "A size bump that doubles the bill should be a decision in review, not a surprise on the invoice.",
  equivalents: [],
  appliesTo: ["stack"],
  evaluate(subject, stack) {
    const estimate = estimateStack(subject.config);
    const budget = stack.facts.budgetUsd;
    return verdict(
      // The maximum: autoscaling reaches it without anyone changing the config (equals the
      // total when nothing autoscales).
      estimate.maxTotalUsd > budget
        ? [{
            attribute: "monthly estimate",
            value: estimate.maxTotalUsd,
            problem: `$${estimate.maxTotalUsd.toFixed(2)}/month${estimate.maxTotalUsd !== estimate.totalUsd ? " (with every autoscaled component at its maximum)" : ""} is over the budget of $${budget.toFixed(2)} (npm run cost lists the lines).`,
            fix: "choose smaller sizes or a lower autoscaling maximum, raise budgetUsd in the stack's config with the reason in review, or suppress DO-COST-1 with a reason.",
          }]
        : [],
    );
  },
};
