import { CAT_3 } from "../../../policy/rules/cat-3-nodes";
import type { RuleCases } from "./types";

const cluster = (engine: string, size: string, nodes?: number) => ({
  resource: { digitalocean_database_cluster: { db: { name: `acme-test-${engine}`, engine, version: "8", size, region: "nyc3", ...(nodes === undefined ? {} : { node_count: nodes }) } } },
});
const DB = "digitalocean_database_cluster.db";

export const cases: RuleCases = {
  rule: CAT_3,
  compliant: [
    { name: "PostgreSQL db-s-1vcpu-2gb with one standby", json: cluster("pg", "db-s-1vcpu-2gb", 2), subject: DB },
    { name: "MySQL db-s-2vcpu-4gb with two standbys (the maximum)", json: cluster("mysql", "db-s-2vcpu-4gb", 3), subject: DB },
    { name: "single node on the smallest plan", json: cluster("valkey", "db-s-1vcpu-1gb", 1), subject: DB },
    { name: "node_count unset (one node)", json: cluster("mysql", "db-s-1vcpu-1gb"), subject: DB },
  ],
  nonCompliant: [
    { name: "standby on db-s-1vcpu-1gb (seed 000)", json: cluster("mysql", "db-s-1vcpu-1gb", 2), subject: DB, attributes: ["node_count"] },
    { name: "Valkey with two standbys", json: cluster("valkey", "db-s-2vcpu-4gb", 3), subject: DB, attributes: ["node_count"] },
    { name: "PostgreSQL with four nodes", json: cluster("pg", "db-s-4vcpu-8gb", 4), subject: DB, attributes: ["node_count"] },
    { name: "zero nodes", json: cluster("pg", "db-s-1vcpu-2gb", 0), subject: DB, attributes: ["node_count"] },
  ],
  notApplicable: [
    { name: "retired engine redis (DO-CAT-5 reports it)", json: cluster("redis", "db-s-1vcpu-1gb", 2), subject: DB },
    { name: "unknown size (DO-CAT-1 reports it)", json: cluster("valkey", "db-redis-s-2vcpu-4gb", 2), subject: DB },
  ],
};
