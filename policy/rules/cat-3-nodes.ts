/**
 * DO-CAT-3: standby node counts the API accepts.
 * On App Platform: unchanged (the same clusters).
 */
import { allowsStandby, ENGINES, isDatabaseSize, isEngine, MIN_STANDBY_MEMORY_GIB, sizesFor } from "../../catalog/databases";
import { verdict, type Finding, type PolicyRule } from "../rule";
import { oneOf } from "./util";

export const CAT_3: PolicyRule = {
  id: "DO-CAT-3",
  title: "Standby nodes only on plans that allow them, and no more than the engine allows",
  rationale: "DigitalOcean offers no standby on the smallest plan (seed 000 asked for one) and caps standbys per engine.",
  equivalents: [],
  appliesTo: ["digitalocean_database_cluster"],
  evaluate(subject) {
    const { engine, size } = subject.config;
    const nodes = subject.config.node_count ?? 1;
    if (!isEngine(engine) || !isDatabaseSize(size)) return { status: "NOT_APPLICABLE" }; // DO-CAT-1 / DO-CAT-5 report these
    const findings: Finding[] = [];
    const max = 1 + ENGINES[engine].maxStandbyNodes;
    if (!(Number.isInteger(nodes) && (nodes as number) >= 1 && (nodes as number) <= max)) {
      findings.push({ attribute: "node_count", value: nodes, problem: `${ENGINES[engine].label} clusters have 1 to ${max} nodes.`, fix: `use 1 to ${max} nodes.` });
    } else if ((nodes as number) > 1 && !allowsStandby(size)) {
      findings.push({
        attribute: "node_count",
        value: nodes,
        problem: `${size} offers no standby node (standbys need ${MIN_STANDBY_MEMORY_GIB} GB of RAM or more).`,
        fix: `use nodes: 1, or a plan with standby: ${oneOf(sizesFor(engine).filter(allowsStandby))}.`,
      });
    }
    return verdict(findings);
  },
};
