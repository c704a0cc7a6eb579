import { TAG_1 } from "../../../policy/rules/tag-1-app-env";
import type { RuleCases } from "./types";
import { ref } from "./types";

const ENV = ref("digitalocean_tag.tags_env", "name");
const tagResources = { tags_env: { name: "acme-test" }, tags_app: { name: "acme-test-app" }, tags_other: { name: "acme-prod" } };
const stack = (type: string, block: object) => ({ resource: { digitalocean_tag: tagResources, [type]: { it: block } } });
const droplet = (tags?: unknown[]) => stack("digitalocean_droplet", { name: "acme-test-app-1", size: "s-1vcpu-1gb", image: "ubuntu-24-04-x64", region: "nyc3", ...(tags ? { tags } : {}) });

export const cases: RuleCases = {
  rule: TAG_1,
  compliant: [
    { name: "Droplet with the app tag and the env tag by reference (plus a role tag)", json: droplet(["acme", ENV, ref("digitalocean_tag.tags_app", "name")]), subject: "digitalocean_droplet.it" },
    { name: "database cluster with literal tags", json: stack("digitalocean_database_cluster", { name: "acme-test-mysql", engine: "mysql", version: "8", size: "db-s-1vcpu-1gb", node_count: 1, region: "nyc3", tags: ["acme", "acme-test"] }), subject: "digitalocean_database_cluster.it" },
    { name: "Droplet with the env tag referenced by id (a tag's id is its name)", json: droplet(["acme", ref("digitalocean_tag.tags_env", "id")]), subject: "digitalocean_droplet.it" },
    { name: "volume with extra tags", json: stack("digitalocean_volume", { name: "acme-test-data", region: "nyc3", size: 10, tags: ["team-web", ENV, "acme"] }), subject: "digitalocean_volume.it" },
  ],
  nonCompliant: [
    { name: "Droplet with the app tag only", json: droplet(["acme"]), subject: "digitalocean_droplet.it", attributes: ["tags"] },
    { name: "Kubernetes cluster without tags", json: stack("digitalocean_kubernetes_cluster", { name: "acme-test-k8s", region: "nyc3", version: "1.31.1-do.0", node_pool: { name: "pool", size: "s-2vcpu-4gb", node_count: 2 } }), subject: "digitalocean_kubernetes_cluster.it", attributes: ["tags"] },
    { name: "replica tagged with another environment's tag resource", json: stack("digitalocean_database_replica", { name: "acme-test-replica", cluster_id: ref("digitalocean_database_cluster.db"), size: "db-s-1vcpu-1gb", region: "nyc3", tags: ["acme", ref("digitalocean_tag.tags_other", "name")] }), subject: "digitalocean_database_replica.it", attributes: ["tags"] },
  ],
};
