import { CAT_6 } from "../../../policy/rules/cat-6-eviction";
import type { RuleCases } from "./types";

const cluster = (engine: string, policy?: string) => ({
  resource: { digitalocean_database_cluster: { cache: { name: `acme-test-${engine}`, engine, version: engine === "redis" ? "7" : engine === "pg" ? "17" : "8", size: "db-s-1vcpu-1gb", node_count: 1, region: "nyc3", ...(policy === undefined ? {} : { eviction_policy: policy }) } } },
});
const DB = "digitalocean_database_cluster.cache";

export const cases: RuleCases = {
  rule: CAT_6,
  compliant: [
    { name: "valkey with volatile_lru (this repo's choice)", json: cluster("valkey", "volatile_lru"), subject: DB },
    { name: "valkey with DigitalOcean's default, noeviction, spelled out", json: cluster("valkey", "noeviction"), subject: DB },
    { name: "valkey with allkeys_lru", json: cluster("valkey", "allkeys_lru"), subject: DB },
    { name: "redis with allkeys_lru", json: cluster("redis", "allkeys_lru"), subject: DB },
    { name: "redis with volatile_ttl", json: cluster("redis", "volatile_ttl"), subject: DB },
  ],
  nonCompliant: [
    { name: "PostgreSQL with an eviction policy", json: cluster("pg", "volatile_lru"), subject: DB, attributes: ["eviction_policy"] },
    { name: "MySQL with an eviction policy", json: cluster("mysql", "noeviction"), subject: DB, attributes: ["eviction_policy"] },
    { name: "valkey with allkeys-lru (Redis spelling, hyphen)", json: cluster("valkey", "allkeys-lru"), subject: DB, attributes: ["eviction_policy"] },
    { name: "redis with allkeys-lru (hyphen)", json: cluster("redis", "allkeys-lru"), subject: DB, attributes: ["eviction_policy"] },
    { name: "valkey with lru (not a policy)", json: cluster("valkey", "lru"), subject: DB, attributes: ["eviction_policy"] },
  ],
  notApplicable: [
    { name: "valkey without eviction_policy", json: cluster("valkey"), subject: DB },
    { name: "MySQL without eviction_policy", json: cluster("mysql"), subject: DB },
  ],
};
