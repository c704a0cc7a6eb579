import { verdict, type Finding, type PolicyRule } from "../rule";
import { blocks } from "../stack-view";
import { isWorld } from "./util";

/** The attribute a database firewall's cluster_id refers to, per database resource type. */
const TARGET: Record<string, string> = { digitalocean_database_cluster: "id", digitalocean_database_replica: "uuid" };

export const DB_1: PolicyRule = {
  id: "DO-DB-1",
  title: "Every database and cache has exactly one database firewall, and it does not trust the internet",
  rationale: "Without a firewall a managed database accepts connections from anywhere; two firewalls overwrite each other's rules.",
  equivalents: [],
  appliesTo: Object.keys(TARGET),
  evaluate(subject, stack) {
    const firewalls = stack.ofType("digitalocean_database_firewall").filter((fw) => {
      const ref = stack.deref(fw.config.cluster_id);
      return ref?.subject.address === subject.address && ref.attribute === TARGET[subject.type];
    });
    const findings: Finding[] = [];
    if (firewalls.length !== 1) {
      findings.push({
        attribute: "digitalocean_database_firewall",
        value: firewalls.map((f) => f.address),
        problem: `${firewalls.length} database firewalls target it.`,
        fix: `create exactly one digitalocean_database_firewall with cluster_id = ${subject.address}.${TARGET[subject.type]} (the Database and Cache constructs do).`,
      });
    }
    for (const fw of firewalls) {
      blocks(fw.config.rule).forEach((rule, i) => {
        if (rule.type === "ip_addr" && isWorld(rule.value ?? null)) {
          findings.push({ attribute: `${fw.address}.rule[${i}].value`, value: rule.value ?? null, problem: "the database firewall trusts the whole internet.", fix: "trust the stack's Droplet tags (type tag) or specific addresses." });
        }
      });
    }
    return verdict(findings);
  },
};
