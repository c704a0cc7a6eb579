/**
 * DO-DROPLET-2: the monitoring agent on every Droplet, and in production an alert watching it.
 * On App Platform: nothing to check, there are no Droplets. An app's own alerts are `spec.alert`
 * and each component's `alert` (App Platform's metrics, not the Droplet agent's), built by the
 * App Platform construct; no rule demands them yet.
 */
import { verdict, type Finding, type PolicyRule } from "../rule";
import { list } from "./util";

export const DROPLET_2: PolicyRule = {
  id: "DO-DROPLET-2",
  title: "Monitoring on every Droplet; in production stacks an alert watches it",
  rationale: "Without the agent there are no memory or disk metrics, and without an alert nobody hears of a full disk.",
  equivalents: [],
  appliesTo: ["digitalocean_droplet"],
  evaluate(subject, stack) {
    const findings: Finding[] = [];
    if (subject.config.monitoring !== true) {
      findings.push({ attribute: "monitoring", value: subject.config.monitoring ?? null, problem: "the monitoring agent is off.", fix: "set monitoring = true." });
    }
    if (stack.facts.production) {
      const watched = new Set(stack.ofType("digitalocean_monitor_alert").filter((a) => a.config.enabled !== false).flatMap((a) => list(a.config.tags).map((t) => stack.tagName(t))));
      const tags = list(subject.config.tags).map((t) => stack.tagName(t));
      if (!tags.some((t) => watched.has(t))) {
        findings.push({
          attribute: "tags",
          value: subject.config.tags ?? null,
          problem: "no enabled digitalocean_monitor_alert targets any tag of this Droplet in a production stack.",
          fix: "enable alerting for the stack (config alerting: true), or tag the Droplet with the environment tag the alerts watch.",
        });
      }
    }
    return verdict(findings);
  },
};
