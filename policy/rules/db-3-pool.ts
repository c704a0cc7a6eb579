/**
 * DO-DB-3: connection pools sit on PostgreSQL and fit the plan's connections.
 * On App Platform: unchanged; pools on the clusters an app attaches are judged as before.
 */
import { DATABASE_SIZES, isDatabaseSize, POOL_MODES, poolConnectionLimit } from "../../catalog/databases";
import { verdict, type Finding, type PolicyRule } from "../rule";
import { oneOf } from "./util";

export const DB_3: PolicyRule = {
  id: "DO-DB-3",
  title: "Connection pools sit on PostgreSQL clusters and fit the plan's connections",
  rationale: "PgBouncer pools exist only for PostgreSQL, and pools larger than the plan's connection limit fail at apply.",
  equivalents: [],
  appliesTo: ["digitalocean_database_connection_pool"],
  evaluate(subject, stack) {
    const findings: Finding[] = [];
    const { mode, size } = subject.config;
    if (!(POOL_MODES as readonly unknown[]).includes(mode)) {
      findings.push({ attribute: "mode", value: mode ?? null, problem: "not a pool mode.", fix: `use one of ${oneOf(POOL_MODES)}.` });
    }
    const cluster = stack.deref(subject.config.cluster_id)?.subject;
    if (cluster?.type === "digitalocean_database_cluster") {
      if (cluster.config.engine !== "pg") {
        findings.push({ attribute: "cluster_id", value: cluster.address, problem: `the cluster runs ${String(cluster.config.engine)}; pools exist only for PostgreSQL.`, fix: "remove the pool, or use engine pg." });
      } else if (typeof size !== "number") {
        findings.push({ attribute: "size", value: size ?? null, problem: "the pool size is not a literal number, so it cannot be checked against the plan.", fix: "state the size as a number." });
      } else if (isDatabaseSize(cluster.config.size)) {
        const pools = stack.ofType("digitalocean_database_connection_pool").filter((p) => p.config.cluster_id === subject.config.cluster_id);
        const total = pools.reduce((sum, p) => sum + (typeof p.config.size === "number" ? p.config.size : 0), 0);
        const limit = poolConnectionLimit(cluster.config.size);
        // Reported once, on the cluster's first pool, however many pools share the overflow.
        if (total > limit && pools[0]?.address === subject.address) {
          findings.push({
            attribute: "size",
            value: size ?? null,
            problem: `the pools of ${cluster.address} want ${total} connections; ${cluster.config.size} (${DATABASE_SIZES[cluster.config.size].memoryGib} GB) offers ${limit}.`,
            fix: `keep the pools' sizes at ${limit} or less in total, or choose a larger plan.`,
          });
        }
      }
    }
    return verdict(findings);
  },
};
