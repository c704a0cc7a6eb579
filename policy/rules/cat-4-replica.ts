/**
 * DO-CAT-4: replicas no smaller than their primary.
 * On App Platform: unchanged (the same clusters).
 */
import { DATABASE_SIZES, ENGINES, isDatabaseSize, isEngine } from "../../catalog/databases";
import { verdict, type Finding, type PolicyRule } from "../rule";

export const CAT_4: PolicyRule = {
  id: "DO-CAT-4",
  title: "Read-only replicas are no smaller than their primary, on engines that have them",
  rationale: "DigitalOcean requires a read-only node to be at least the primary's size and refuses the replica otherwise.",
  equivalents: [],
  appliesTo: ["digitalocean_database_replica"],
  evaluate(subject, stack) {
    const primary = stack.deref(subject.config.cluster_id)?.subject;
    // A primary found by a data source lives in another stack; its config sizes the replica (config/validate.ts).
    if (primary?.type !== "digitalocean_database_cluster") return { status: "NOT_APPLICABLE" };
    const { engine, size: primarySize } = primary.config;
    const size = subject.config.size;
    const findings: Finding[] = [];
    if (isEngine(engine) && !ENGINES[engine].readOnlyNodes) {
      findings.push({ attribute: "cluster_id", value: primary.address, problem: `${ENGINES[engine].label} has no read-only nodes.`, fix: "remove the replica." });
    }
    if (isDatabaseSize(size) && isDatabaseSize(primarySize) && DATABASE_SIZES[size].memoryGib < DATABASE_SIZES[primarySize].memoryGib) {
      findings.push({ attribute: "size", value: size, problem: `the replica is smaller than its primary (${primarySize}).`, fix: `use ${primarySize} or larger.` });
    }
    return verdict(findings);
  },
};
