import { DB_3 } from "../../../policy/rules/db-3-pool";
import type { RuleCases } from "./types";
import { ref } from "./types";

const cluster = (engine: string, size: string) => ({ name: `acme-test-${engine}`, engine, version: engine === "pg" ? "16" : "8", size, node_count: 1, region: "nyc3" });
const pool = (size: number, mode = "transaction", clusterId = ref("digitalocean_database_cluster.db")) => ({ cluster_id: clusterId, name: `pool-${size}`, mode, size, db_name: "app", user: "app" });
const stack = (db: object | undefined, pools: Record<string, object>) => ({
  resource: { ...(db ? { digitalocean_database_cluster: { db } } : {}), digitalocean_database_connection_pool: pools },
});
const POOL = "digitalocean_database_connection_pool.app";

export const cases: RuleCases = {
  rule: DB_3,
  compliant: [
    { name: "the second of two pools that overflow together: reported once, on the first", json: stack(cluster("pg", "db-s-1vcpu-1gb"), { first: pool(20), app: pool(20) }), subject: POOL },
    { name: "transaction pool of 20 on a 2 GB PostgreSQL cluster (limit 47)", json: stack(cluster("pg", "db-s-1vcpu-2gb"), { app: pool(20) }), subject: POOL },
    { name: "two pools of exactly the limit (22) on a 1 GB cluster", json: stack(cluster("pg", "db-s-1vcpu-1gb"), { app: pool(12, "session"), jobs: pool(10, "statement") }), subject: POOL },
    { name: "pool on a cluster of another stack (data source): only the mode is checked", json: { ...stack(undefined, { app: pool(200, "transaction", ref("data.digitalocean_database_cluster.source")) }), data: { digitalocean_database_cluster: { source: { name: "acme-prod-pg" } } } }, subject: POOL },
  ],
  nonCompliant: [
    { name: "pool size from a variable (cannot be checked)", json: stack(cluster("pg", "db-s-1vcpu-2gb"), { app: { ...pool(1), size: "${var.pool_size}" } }), subject: POOL, attributes: ["size"] },
    { name: "unknown pool mode", json: stack(cluster("pg", "db-s-1vcpu-2gb"), { app: pool(20, "txn") }), subject: POOL, attributes: ["mode"] },
    { name: "pool on a MySQL cluster", json: stack(cluster("mysql", "db-s-1vcpu-2gb"), { app: pool(20) }), subject: POOL, attributes: ["cluster_id"] },
    { name: "two pools of 30 + 20 on a 2 GB cluster (limit 47)", json: stack(cluster("pg", "db-s-1vcpu-2gb"), { app: pool(30), jobs: pool(20) }), subject: POOL, attributes: ["size"] },
    { name: "one pool of 23 on a 1 GB cluster (limit 22)", json: stack(cluster("pg", "db-s-1vcpu-1gb"), { app: pool(23) }), subject: POOL, attributes: ["size"] },
  ],
};
