/**
 * DO-NET-1: Droplets, load balancers, databases and App Platform apps join the stack's own VPC.
 *
 * On App Platform this means `spec.vpc.id` (provider v2.71.0: `spec.vpc { id }`,
 * @cdktf/provider-digitalocean 13.14.1 lib/app AppSpecVpc): an app outside the VPC reaches its
 * managed databases over their public hostnames only, and their firewalls must then trust it by app
 * (DO-DB-1) rather than by a private network. A container registry has no network placement.
 */
import { verdict, type PolicyRule } from "../rule";
import type { Block, Json } from "../stack-view";
import { appSpec, single } from "./app-spec";

/** Where each type names its VPC: the attribute path and its value. */
const VPC_OF: Record<string, (config: Block) => { attribute: string; value: Json | undefined }> = {
  digitalocean_droplet: (c) => ({ attribute: "vpc_uuid", value: c.vpc_uuid }),
  digitalocean_loadbalancer: (c) => ({ attribute: "vpc_uuid", value: c.vpc_uuid }),
  digitalocean_database_cluster: (c) => ({ attribute: "private_network_uuid", value: c.private_network_uuid }),
  digitalocean_database_replica: (c) => ({ attribute: "private_network_uuid", value: c.private_network_uuid }),
  digitalocean_app: (c) => {
    const spec = appSpec(c);
    const vpc = spec ? single(spec.block, "vpc", spec.path) : undefined;
    return { attribute: vpc ? `${vpc.path}.id` : `${spec?.path ?? "spec"}.vpc.id`, value: vpc?.block.id };
  },
};

export const NET_1: PolicyRule = {
  id: "DO-NET-1",
  title: "Droplets, load balancers, databases and App Platform apps join the stack's own VPC",
  rationale: "Outside the stack's VPC, private traffic lands in the region's default VPC, shared with every other project.",
  equivalents: [],
  appliesTo: Object.keys(VPC_OF),
  evaluate(subject, stack) {
    const { attribute, value } = VPC_OF[subject.type]!(subject.config);
    const ref = stack.deref(value);
    const setting = attribute.replace(/\[\d+\]/g, "");
    return verdict(
      ref?.subject.type === "digitalocean_vpc" && ref.attribute === "id"
        ? []
        : [{ attribute, value: value ?? null, problem: "the resource is not placed in a digitalocean_vpc of this stack (by its id).", fix: `set ${setting} to the stack's VPC id (Network construct).` }],
    );
  },
};
