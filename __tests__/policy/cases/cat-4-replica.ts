import { CAT_4 } from "../../../policy/rules/cat-4-replica";
import type { RuleCases } from "./types";
import { ref } from "./types";

const primary = (engine: string, size: string) => ({ name: `acme-prod-${engine}`, engine, version: engine === "pg" ? "16" : "8", size, node_count: 1, region: "nyc3" });
const stack = (engine: string, primarySize: string, size: string) => ({
  resource: {
    digitalocean_database_cluster: { db: primary(engine, primarySize) },
    digitalocean_database_replica: { replica: { name: "acme-prod-replica", cluster_id: ref("digitalocean_database_cluster.db"), size, region: "nyc3" } },
  },
});
const REPLICA = "digitalocean_database_replica.replica";

export const cases: RuleCases = {
  rule: CAT_4,
  compliant: [
    { name: "MySQL replica the size of its primary", json: stack("mysql", "db-s-1vcpu-2gb", "db-s-1vcpu-2gb"), subject: REPLICA },
    { name: "PostgreSQL replica larger than its primary", json: stack("pg", "db-s-1vcpu-2gb", "db-s-4vcpu-8gb"), subject: REPLICA },
    { name: "primary of unknown size (DO-CAT-1 reports it)", json: stack("mysql", "db-s-2vcpu-3gb", "db-s-1vcpu-1gb"), subject: REPLICA },
  ],
  nonCompliant: [
    { name: "MySQL replica smaller than its primary", json: stack("mysql", "db-s-1vcpu-2gb", "db-s-1vcpu-1gb"), subject: REPLICA, attributes: ["size"] },
    { name: "PostgreSQL replica of 4 GB on an 8 GB primary", json: stack("pg", "db-s-4vcpu-8gb", "db-s-2vcpu-4gb"), subject: REPLICA, attributes: ["size"] },
  ],
  notApplicable: [
    {
      name: "primary in another stack, found by a data source (dr)",
      json: { resource: { digitalocean_database_replica: { replica: { name: "acme-dr-mysql-replica", cluster_id: ref("data.digitalocean_database_cluster.source"), size: "db-s-1vcpu-1gb", region: "fra1" } } }, data: { digitalocean_database_cluster: { source: { name: "acme-prod-mysql" } } } },
      subject: REPLICA,
    },
    { name: "primary given as a literal id", json: { resource: { digitalocean_database_replica: { replica: { name: "r", cluster_id: "245bcfd0-7f31-4ce6-a2bc-475a116cca97", size: "db-s-1vcpu-1gb", region: "nyc3" } } } }, subject: REPLICA },
  ],
};
