import { estimateStack } from "../../cost/estimate";
import { verdict, type PolicyRule } from "../rule";

export const COST_2: PolicyRule = {
  id: "DO-COST-2",
  title: "Every billable resource of the stack has a price in the catalog",
  rationale: "A resource the estimate cannot price makes the budget check (DO-COST-1) pass on a number that is too low.",
  equivalents: [],
  appliesTo: ["stack"],
  evaluate(subject) {
    return verdict(
      estimateStack(subject.config).unpriced.map((u) => ({
        attribute: u.address,
        value: u.reason,
        problem: "this resource may be billed but the estimate cannot price it, so the estimate is short.",
        fix: "add its price to catalog/ (with the source), list the type as free there, or state the count or size as a literal.",
      })),
    );
  },
};
