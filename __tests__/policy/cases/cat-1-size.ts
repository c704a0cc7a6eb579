import { CAT_1 } from "../../../policy/rules/cat-1-size";
import type { RuleCases } from "./types";
import { ref } from "./types";

const droplet = (size?: string) => ({ resource: { digitalocean_droplet: { it: { name: "acme-test-app-1", image: "ubuntu-24-04-x64", region: "nyc3", ...(size ? { size } : {}) } } } });
const cluster = (engine: string, version: string, size: string) => ({ resource: { digitalocean_database_cluster: { it: { name: `acme-test-${engine}`, engine, version, size, node_count: 1, region: "nyc3" } } } });
const replica = (size: string) => ({ resource: { digitalocean_database_replica: { it: { name: "acme-dr-replica", cluster_id: ref("data.digitalocean_database_cluster.source"), size, region: "fra1" } } }, data: { digitalocean_database_cluster: { source: { name: "acme-prod-mysql" } } } });
const DROPLET = "digitalocean_droplet.it";
const CLUSTER = "digitalocean_database_cluster.it";
const REPLICA = "digitalocean_database_replica.it";

export const cases: RuleCases = {
  rule: CAT_1,
  compliant: [
    { name: "Droplet s-1vcpu-1gb", json: droplet("s-1vcpu-1gb"), subject: DROPLET },
    { name: "general-purpose Droplet g-2vcpu-8gb", json: droplet("g-2vcpu-8gb"), subject: DROPLET },
    { name: "PostgreSQL on db-s-1vcpu-1gb", json: cluster("pg", "16", "db-s-1vcpu-1gb"), subject: CLUSTER },
    { name: "Valkey on a Valkey-only plan (db-s-8vcpu-32gb)", json: cluster("valkey", "8", "db-s-8vcpu-32gb"), subject: CLUSTER },
    { name: "replica on db-s-1vcpu-2gb", json: replica("db-s-1vcpu-2gb"), subject: REPLICA },
    {
      name: "replica of a Valkey primary in the same stack, on a Valkey-only plan",
      json: { resource: { ...cluster("valkey", "8", "db-s-8vcpu-32gb").resource, digitalocean_database_replica: { ro: { name: "ro", cluster_id: ref(CLUSTER), size: "db-s-8vcpu-32gb", region: "nyc3" } } } },
      subject: "digitalocean_database_replica.ro",
    },
  ],
  nonCompliant: [
    { name: "seed 001's db-redis-s-2vcpu-4gb on Valkey", json: cluster("valkey", "8", "db-redis-s-2vcpu-4gb"), subject: CLUSTER, attributes: ["size"] },
    { name: "PostgreSQL on a Valkey-only plan", json: cluster("pg", "16", "db-s-8vcpu-32gb"), subject: CLUSTER, attributes: ["size"] },
    { name: "Droplet size not in the catalog", json: droplet("s-1vcpu-512mb"), subject: DROPLET, attributes: ["size"] },
    { name: "Droplet without size", json: droplet(), subject: DROPLET, attributes: ["size"] },
    { name: "replica on a Droplet slug", json: replica("s-2vcpu-4gb"), subject: REPLICA, attributes: ["size"] },
  ],
};
