import { COST_2 } from "../../../policy/rules/cost-2-priced";
import { VPC, droplet, db, bucket, stack } from "../cost-fixtures";
import type { RuleCases } from "./types";

export const cases: RuleCases = {
  rule: COST_2,
  compliant: [
    {
      name: "Droplets, databases, a load balancer and buckets: all priced",
      json: stack({
        digitalocean_droplet: { app: droplet("s-2vcpu-4gb", { count: 2, backups: true }) },
        digitalocean_database_cluster: { db: db("pg", "db-s-1vcpu-2gb", 2) },
        digitalocean_loadbalancer: { lb: { name: "lb", region: "nyc3", size_unit: 2, vpc_uuid: VPC } },
        digitalocean_spaces_bucket: { media: bucket("media") },
      }),
      subject: "stack",
    },
    { name: "only free resources", json: stack({}), subject: "stack" },
  ],
  nonCompliant: [
    {
      name: "a node_count from a variable cannot be priced",
      json: stack({
        digitalocean_droplet: { app: droplet("s-2vcpu-4gb", { count: 3, backups: true, backup_policy: { plan: "daily", weekday: "SUN", hour: 4 } }) },
        digitalocean_database_cluster: { db: { ...db("pg", "db-s-6vcpu-16gb", 1), node_count: "${var.nodes}" } },
      }),
      subject: "stack",
      attributes: ["digitalocean_database_cluster.db"],
    },
    {
      name: "an App Platform app on a size no catalog lists, and a registry on an unknown tier",
      json: stack({
        digitalocean_app: { app: { spec: { name: "acme-test", region: "nyc", service: [{ name: "api", instance_size_slug: "basic-xxxl", instance_count: 2 }] } } },
        digitalocean_container_registry: { registry: { name: "acme", subscription_tier_slug: "enterprise" } },
      }),
      subject: "stack",
      attributes: ["digitalocean_app.app", "digitalocean_container_registry.registry"],
    },
    {
      name: "a volume, which the catalog has no price for",
      json: stack({ digitalocean_droplet: { app: droplet("s-1vcpu-1gb") }, digitalocean_volume: { data: { name: "data", region: "nyc3", size: 100 } } }),
      subject: "stack",
      attributes: ["digitalocean_volume.data"],
    },
    {
      name: "a Droplet of unknown size and a database of unknown size",
      json: stack({ digitalocean_droplet: { app: droplet("s-1vcpu-512mb") }, digitalocean_database_cluster: { cache: db("valkey", "db-redis-s-2vcpu-4gb", 1) } }),
      subject: "stack",
      attributes: ["digitalocean_droplet.app", "digitalocean_database_cluster.cache"],
    },
  ],
};
