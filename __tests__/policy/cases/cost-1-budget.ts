import { COST_1 } from "../../../policy/rules/cost-1-budget";
import { VPC, droplet, db, bucket, stack } from "../cost-fixtures";
import type { RuleCases } from "./types";
import { ref } from "./types";

export const cases: RuleCases = {
  rule: COST_1,
  compliant: [
    {
      // 6 + 15 + 15 + 5 (one subscription for two buckets) = $41 of $100
      name: "dev stack: Droplet, MySQL, Valkey and two buckets",
      json: stack({
        digitalocean_droplet: { app: droplet("s-1vcpu-1gb") },
        digitalocean_database_cluster: { db: db("mysql", "db-s-1vcpu-1gb", 1), cache: db("valkey", "db-s-1vcpu-1gb", 1) },
        digitalocean_database_firewall: { db: { cluster_id: ref("digitalocean_database_cluster.db"), rule: [{ type: "tag", value: "acme-test" }] } },
        digitalocean_spaces_bucket: { media: bucket("media"), backups: bucket("backups") },
      }),
      subject: "stack",
    },
    {
      // 24 + 4.80 backups + 2 × 12 LB + 2 × 30 PostgreSQL = $112.80, exactly the budget
      name: "estimate exactly at the budget",
      json: stack({
        digitalocean_droplet: { app: droplet("s-2vcpu-4gb", { backups: true, backup_policy: { plan: "weekly", weekday: "SUN", hour: 4 } }) },
        digitalocean_loadbalancer: { lb: { name: "lb", region: "nyc3", size_unit: 2, vpc_uuid: VPC } },
        digitalocean_database_cluster: { db: db("pg", "db-s-1vcpu-2gb", 2) },
      }),
      subject: "stack",
      facts: { budgetUsd: 112.8 },
    },
    { name: "only free resources ($0)", json: stack({}), subject: "stack", facts: { budgetUsd: 0 } },
  ],
  nonCompliant: [
    {
      // 2 × 24 + 12 + 2 × 60 + 30 replica = $210 of $150
      name: "prod stack over its budget",
      json: stack({
        digitalocean_droplet: { app1: droplet("s-2vcpu-4gb"), app2: droplet("s-2vcpu-4gb") },
        digitalocean_loadbalancer: { lb: { name: "lb", region: "nyc3", size_unit: 1, vpc_uuid: VPC } },
        digitalocean_database_cluster: { db: db("mysql", "db-s-2vcpu-4gb", 2) },
        digitalocean_database_replica: { replica: { name: "r", cluster_id: ref("digitalocean_database_cluster.db"), size: "db-s-1vcpu-2gb", region: "nyc3" } },
      }),
      subject: "stack",
      facts: { production: true, budgetUsd: 150 },
      attributes: ["monthly estimate"],
    },
    {
      // 84 + 3 × 12 (lb-medium) = $120 of $100
      name: "a compute Droplet behind a legacy lb-medium",
      json: stack({ digitalocean_droplet: { app: droplet("c-4") }, digitalocean_loadbalancer: { lb: { name: "lb", region: "nyc3", size: "lb-medium" } } }),
      subject: "stack",
      attributes: ["monthly estimate"],
    },
    {
      // 3 × 24 + 3 × 7.20 = $93.60 of $90: only right if count and the daily rate are both priced
      name: "count and daily backups push a stack over budget",
      json: stack({ digitalocean_droplet: { app: droplet("s-2vcpu-4gb", { count: 3, backups: true, backup_policy: [{ plan: "daily" }] }) } }),
      subject: "stack",
      facts: { budgetUsd: 90 },
      attributes: ["monthly estimate"],
    },
  ],
};
