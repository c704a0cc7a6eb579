import { LB_2 } from "../../../policy/rules/lb-2-size";
import type { RuleCases } from "./types";

const lb = (sizing: object) => ({
  resource: { digitalocean_loadbalancer: { lb: { name: "acme-test-lb", region: "nyc3", vpc_uuid: "${digitalocean_vpc.vpc.id}", forwarding_rule: [{ entry_port: 80, entry_protocol: "http", target_port: 80, target_protocol: "http" }], ...sizing } } },
});
const LB = "digitalocean_loadbalancer.lb";

export const cases: RuleCases = {
  rule: LB_2,
  compliant: [
    { name: "size_unit 1", json: lb({ size_unit: 1 }), subject: LB },
    { name: "size_unit 200 (the maximum)", json: lb({ size_unit: 200 }), subject: LB },
    { name: "a legacy size alone", json: lb({ size: "lb-medium" }), subject: LB },
    { name: "neither (provider default, one node)", json: lb({}), subject: LB },
    { name: "size_unit from a variable (not known at synth)", json: lb({ size_unit: "${var.lb_nodes}" }), subject: LB },
  ],
  nonCompliant: [
    { name: "both size and size_unit", json: lb({ size: "lb-small", size_unit: 2 }), subject: LB, attributes: ["size"] },
    { name: "size_unit 0", json: lb({ size_unit: 0 }), subject: LB, attributes: ["size_unit"] },
    { name: "size_unit 201", json: lb({ size_unit: 201 }), subject: LB, attributes: ["size_unit"] },
    { name: "fractional size_unit", json: lb({ size_unit: 2.5 }), subject: LB, attributes: ["size_unit"] },
    { name: "a size that is not a load balancer size", json: lb({ size: "lb-xlarge" }), subject: LB, attributes: ["size"] },
  ],
};
