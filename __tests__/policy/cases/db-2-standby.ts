import { DB_2 } from "../../../policy/rules/db-2-standby";
import type { RuleCases } from "./types";

const cluster = (engine: string, version: string, nodes?: number | string) => ({
  resource: { digitalocean_database_cluster: { db: { name: `acme-prod-${engine}`, engine, version, size: "db-s-1vcpu-2gb", region: "nyc3", ...(nodes === undefined ? {} : { node_count: nodes }) } } },
});
const DB = "digitalocean_database_cluster.db";
const PROD = { production: true };

export const cases: RuleCases = {
  rule: DB_2,
  compliant: [
    { name: "production PostgreSQL with 2 nodes", json: cluster("pg", "16", 2), subject: DB, facts: PROD },
    { name: "production MySQL with 3 nodes", json: cluster("mysql", "8", 3), subject: DB, facts: PROD },
  ],
  nonCompliant: [
    { name: "production MySQL with 1 node", json: cluster("mysql", "8", 1), subject: DB, facts: PROD, attributes: ["node_count"] },
    { name: "production PostgreSQL without node_count", json: cluster("pg", "16"), subject: DB, facts: PROD, attributes: ["node_count"] },
    { name: "production PostgreSQL with node_count from a variable", json: cluster("pg", "16", "${var.db_nodes}"), subject: DB, facts: PROD, attributes: ["node_count"] },
  ],
  notApplicable: [
    { name: "development MySQL with 1 node", json: cluster("mysql", "8", 1), subject: DB },
    { name: "production Valkey cache with 1 node", json: cluster("valkey", "8", 1), subject: DB, facts: PROD },
  ],
};
