import { CAT_5 } from "../../../policy/rules/cat-5-version";
import type { RuleCases } from "./types";

const cluster = (engine: string, version?: string) => ({
  resource: { digitalocean_database_cluster: { db: { name: `acme-test-${engine}`, engine, size: "db-s-1vcpu-1gb", node_count: 1, region: "nyc3", ...(version === undefined ? {} : { version }) } } },
});
const DB = "digitalocean_database_cluster.db";
const ok = (engine: string, version: string) => ({ name: `${engine} ${version}`, json: cluster(engine, version), subject: DB });

export const cases: RuleCases = {
  rule: CAT_5,
  compliant: [ok("pg", "15"), ok("pg", "17"), ok("mysql", "8"), ok("valkey", "8")],
  nonCompliant: [
    { name: "retired engine redis", json: cluster("redis", "7"), subject: DB, attributes: ["engine"] },
    { name: "PostgreSQL 14 (end of availability)", json: cluster("pg", "14"), subject: DB, attributes: ["version"] },
    { name: "MySQL 5.7 (not a version)", json: cluster("mysql", "5.7"), subject: DB, attributes: ["version"] },
    { name: "Valkey without a version", json: cluster("valkey"), subject: DB, attributes: ["version"] },
    { name: "misspelt engine postgres", json: cluster("postgres", "16"), subject: DB, attributes: ["engine"] },
  ],
};
