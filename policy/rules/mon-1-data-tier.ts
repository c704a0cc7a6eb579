/**
 * DO-MON-1: in production stacks an alert watches every database, cache and load balancer.
 * On App Platform: unchanged. The data tier is the same managed clusters, watched by
 * `digitalocean_monitor_alert` exactly as in a Droplet stack; there is no load balancer. The app's
 * own health is App Platform's `spec.alert` (DEPLOYMENT_FAILED, DOMAIN_FAILED, …), not a monitor
 * alert, and is not judged here.
 */
import { verdict, type PolicyRule } from "../rule";
import { list } from "./util";

/** Types whose alerts name them by ID (monitor_alert `entities`); Droplets are watched by tag (DO-DROPLET-2). */
const WATCHED = ["digitalocean_database_cluster", "digitalocean_database_replica", "digitalocean_loadbalancer"];

export const MON_1: PolicyRule = {
  id: "DO-MON-1",
  title: "In production stacks an alert watches every database, cache and load balancer",
  rationale: "A full database disk, a cache out of memory or a load balancer without a healthy backend must page someone.",
  equivalents: [],
  appliesTo: WATCHED,
  evaluate(subject, stack) {
    if (!stack.facts.production) return { status: "NOT_APPLICABLE" };
    const reference = `\${${subject.address}.`;
    const watched = stack
      .ofType("digitalocean_monitor_alert")
      .filter((a) => a.config.enabled !== false)
      .some((a) => list(a.config.entities).some((e) => typeof e === "string" && e.startsWith(reference)));
    return verdict(
      watched
        ? []
        : [{
            attribute: "id",
            value: subject.address,
            problem: "no enabled digitalocean_monitor_alert names this resource in its entities in a production stack.",
            fix: "enable alerting for the stack (config alerting: true); the Monitoring construct watches every database, cache and load balancer it is given.",
          }],
    );
  },
};
