import { verdict, type PolicyRule } from "../rule";

const VPC_ATTRIBUTE: Record<string, string> = {
  digitalocean_droplet: "vpc_uuid",
  digitalocean_loadbalancer: "vpc_uuid",
  digitalocean_database_cluster: "private_network_uuid",
  digitalocean_database_replica: "private_network_uuid",
};

export const NET_1: PolicyRule = {
  id: "DO-NET-1",
  title: "Droplets, load balancers and databases join the stack's own VPC",
  rationale: "Outside the stack's VPC, private traffic lands in the region's default VPC, shared with every other project.",
  equivalents: [],
  appliesTo: Object.keys(VPC_ATTRIBUTE),
  evaluate(subject, stack) {
    const attribute = VPC_ATTRIBUTE[subject.type]!;
    const value = subject.config[attribute];
    const ref = stack.deref(value);
    return verdict(
      ref?.subject.type === "digitalocean_vpc" && ref.attribute === "id"
        ? []
        : [{ attribute, value: value ?? null, problem: "the resource is not placed in a digitalocean_vpc of this stack (by its id).", fix: `set ${attribute} to the stack's VPC id (Network construct).` }],
    );
  },
};
