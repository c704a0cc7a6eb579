/**
 * DO-DB-2: SQL clusters of production stacks have a standby node.
 * On App Platform: unchanged; the clusters an app attaches are the same managed clusters.
 */
import { verdict, type PolicyRule } from "../rule";

const SQL = ["mysql", "pg"];

export const DB_2: PolicyRule = {
  id: "DO-DB-2",
  title: "SQL database clusters of production stacks have a standby node",
  rationale: "A single node means every maintenance window and host failure is downtime, and failover needs a standby.",
  equivalents: [],
  appliesTo: ["digitalocean_database_cluster"],
  evaluate(subject, stack) {
    if (!stack.facts.production || !SQL.includes(String(subject.config.engine))) return { status: "NOT_APPLICABLE" };
    const nodes = subject.config.node_count ?? 1;
    return verdict(
      typeof nodes === "number" && nodes >= 2
        ? []
        : [{ attribute: "node_count", value: nodes, problem: "the production cluster has no standby node.", fix: "set nodes: 2 (on a plan of 2 GB or more; see DO-CAT-3)." }],
    );
  },
};
