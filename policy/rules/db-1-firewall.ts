/**
 * DO-DB-1: every database and cache has exactly one database firewall, it does not trust the
 * internet, and it trusts every App Platform app that attaches the cluster.
 *
 * On App Platform: an app attaches a managed cluster by a `spec.database` block naming it
 * (`cluster_name`); DigitalOcean's database firewall trusts an app with a rule `type = "app"`,
 * `value` = the app's id (provider v2.71.0 digitalocean/database/resource_database_firewall.go:
 * rule types ip_addr, droplet, k8s, tag, app). Such a rule is a trusted source like a tag, and a
 * cluster an app attaches must have one for that app (referenced by `.id`), else the app cannot
 * connect once the firewall is in place.
 */
import { verdict, type Finding, type PolicyRule } from "../rule";
import { blocks, type StackView, type Subject } from "../stack-view";
import { appSpec, located } from "./app-spec";
import { isWorld } from "./util";

/** The attribute a database firewall's cluster_id refers to, per database resource type. */
const TARGET: Record<string, string> = { digitalocean_database_cluster: "id", digitalocean_database_replica: "uuid" };

/** The apps of the stack whose spec attaches `cluster` (cluster_name = its name, literally or by reference). */
function attachingApps(cluster: Subject, stack: StackView): Subject[] {
  return stack.ofType("digitalocean_app").filter((app) => {
    const spec = appSpec(app.config);
    return (spec ? located(spec.block, "database", spec.path) : []).some(({ block }) => {
      const ref = stack.deref(block.cluster_name);
      if (ref) return ref.subject.address === cluster.address && ref.attribute === "name";
      return typeof block.cluster_name === "string" && block.cluster_name === cluster.config.name;
    });
  });
}

export const DB_1: PolicyRule = {
  id: "DO-DB-1",
  title: "Every database and cache has exactly one database firewall, not trusting the internet and trusting every app that attaches it",
  rationale: "Without a firewall a managed database accepts connections from anywhere; two firewalls overwrite each other's rules; an attached app the firewall does not trust cannot connect.",
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
          findings.push({ attribute: `${fw.address}.rule[${i}].value`, value: rule.value ?? null, problem: "the database firewall trusts the whole internet.", fix: "trust the stack's Droplet tags (type tag), its App Platform app (type app) or specific addresses." });
        }
      });
    }
    if (firewalls.length > 0) {
      for (const app of attachingApps(subject, stack)) {
        const trusted = firewalls.some((fw) =>
          blocks(fw.config.rule).some((rule) => {
            const ref = rule.type === "app" ? stack.deref(rule.value) : undefined;
            return ref?.subject.address === app.address && ref.attribute === "id";
          }),
        );
        if (!trusted) {
          findings.push({
            attribute: "digitalocean_database_firewall",
            value: firewalls.map((f) => f.address),
            problem: `${app.address} attaches this cluster but its database firewall has no rule trusting that app.`,
            fix: `add a rule { type = "app", value = ${app.address}.id } to the cluster's database firewall.`,
          });
        }
      }
    }
    return verdict(findings);
  },
};
