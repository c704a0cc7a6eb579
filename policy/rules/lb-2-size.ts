/**
 * DO-LB-2: load balancers sized by size_unit, never size and size_unit together.
 * On App Platform: nothing to check; there is no `digitalocean_loadbalancer`.
 */
import { LOAD_BALANCER } from "../../catalog/networking";
import { verdict, type Finding, type PolicyRule } from "../rule";

const { min, max } = LOAD_BALANCER.sizeUnit;

export const LB_2: PolicyRule = {
  id: "DO-LB-2",
  title: `Load balancers are sized by size_unit ${min}–${max}, never by both size and size_unit`,
  rationale: "DigitalOcean accepts only one of size and size_unit and at most 200 nodes; terraform validate checks neither.",
  equivalents: [],
  appliesTo: ["digitalocean_loadbalancer"],
  evaluate(subject) {
    const { size, size_unit: unit } = subject.config;
    const findings: Finding[] = [];
    if (size !== undefined && unit !== undefined) {
      findings.push({ attribute: "size", value: size, problem: "both size and size_unit are set.", fix: "remove size; size_unit alone sets the node count." });
    }
    const known = !(typeof unit === "string" && unit.includes("${")); // a variable is not known at synth
    if (unit !== undefined && known && !(Number.isInteger(unit) && (unit as number) >= min && (unit as number) <= max)) {
      findings.push({ attribute: "size_unit", value: unit, problem: "size_unit is out of range.", fix: `use an integer from ${min} to ${max}.` });
    }
    if (size !== undefined && !(typeof size === "string" && Object.hasOwn(LOAD_BALANCER.legacySizes, size))) {
      findings.push({ attribute: "size", value: size, problem: "size is not a load balancer size.", fix: `use size_unit (${min}–${max}) instead.` });
    }
    return verdict(findings);
  },
};
