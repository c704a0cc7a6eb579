/**
 * DO-APP-5: every App Platform domain is a hostname inside the platform's DNS zone, and names that
 * zone as its `zone`.
 *
 * `zone` is what lets App Platform manage the domain's records in DigitalOcean DNS (API app spec,
 * app_domain_spec.yml: "If the domain uses DigitalOcean DNS and you would like App Platform to
 * automatically manage it for you, set this to the name of the domain on your account"); a hostname
 * outside the stack's zone, or a zone that is not the platform's, is either a typo that fails at
 * deploy (App Platform cannot verify a domain it does not serve records for) or a record in someone
 * else's zone. The zone is the stack's `domain` fact (the platform's domain), else the one DNS zone
 * its JSON names. A domain or zone spelled through that zone's resource
 * (`api.${digitalocean_domain.dns_zone.name}`) counts as its literal name. The deprecated
 * spec-level `domains` list is judged the same way (it has no `zone`).
 */
import { NOT_APPLICABLE, verdict, type Finding, type PolicyRule } from "../rule";
import type { Json, StackView } from "../stack-view";
import { appSpec, located } from "./app-spec";
import { list } from "./util";

const ZONE_TYPES = ["digitalocean_domain", "data.digitalocean_domain"];
const ZONE_REFERENCE = /\$\{((?:data\.)?digitalocean_domain\.[A-Za-z0-9_-]+)\.(?:name|id)\}/g;

/** The stack's zone: its `domain` fact, else the one zone its JSON names literally. */
export function stackZone(stack: StackView): string | undefined {
  if (stack.facts.domain) return normalise(stack.facts.domain);
  const names = new Set(ZONE_TYPES.flatMap((t) => stack.ofType(t)).flatMap((s) => (typeof s.config.name === "string" ? [normalise(s.config.name)] : [])));
  return names.size === 1 ? [...names][0] : undefined;
}

const normalise = (hostname: string): string => hostname.toLowerCase().replace(/\.$/, "");

/** The value with references to the stack's DNS zones replaced by their names; undefined if anything else is left unresolved. */
function resolve(value: Json | undefined, stack: StackView): string | undefined {
  if (typeof value !== "string") return undefined;
  const resolved = value.replace(ZONE_REFERENCE, (whole, address: string) => {
    const zone = stack.subjects.find((s) => s.address === address);
    return typeof zone?.config.name === "string" ? zone.config.name : whole;
  });
  return resolved.includes("${") ? undefined : normalise(resolved);
}

export const APP_5: PolicyRule = {
  id: "DO-APP-5",
  title: "App Platform domains are hostnames inside the platform's DNS zone, with that zone as their zone",
  rationale: "A hostname outside the zone, or the wrong zone, is a typo that fails at deploy or a record in someone else's zone.",
  equivalents: [],
  appliesTo: ["digitalocean_app"],
  evaluate(subject, stack) {
    const spec = appSpec(subject.config);
    if (!spec) return NOT_APPLICABLE;
    const domains = located(spec.block, "domain", spec.path);
    const legacy = list(spec.block.domains);
    if (domains.length === 0 && legacy.length === 0) return NOT_APPLICABLE;
    const zone = stackZone(stack);
    if (zone === undefined) {
      return verdict([{
        attribute: `${spec.path}.domain`,
        value: null,
        problem: "the app serves domains but the stack's DNS zone is not known (no domain fact and not exactly one zone in the stack).",
        fix: "pass the platform's domain to the policy (stacks/platform-stack.ts: PlatformPolicy facts { domain }), or give the stack its DnsZone.",
      }]);
    }
    const inside = (host: string) => host === zone || host.endsWith(`.${zone}`);
    const fix = `use a hostname of the preset's zone ${zone} (config hostnames) and set zone = "${zone}".`;
    const findings: Finding[] = [];
    for (const d of domains) {
      const name = resolve(d.block.name, stack);
      if (name === undefined || !inside(name)) {
        findings.push({ attribute: `${d.path}.name`, value: d.block.name ?? null, problem: `the domain ${JSON.stringify(d.block.name ?? null)} is not a hostname inside the stack's zone ${zone}.`, fix });
      }
      if (resolve(d.block.zone, stack) !== zone) {
        findings.push({ attribute: `${d.path}.zone`, value: d.block.zone ?? null, problem:
            d.block.zone === undefined || d.block.zone === null
              ? `the domain ${JSON.stringify(d.block.name ?? null)} names no zone, so App Platform does not manage its records in the stack's zone ${zone}.`
              : `the domain ${JSON.stringify(d.block.name ?? null)} names the zone ${JSON.stringify(d.block.zone)}, not the stack's zone ${zone}, so App Platform does not manage its records there.`, fix });
      }
    }
    legacy.forEach((host, i) => {
      const name = resolve(host, stack);
      if (name === undefined || !inside(name)) {
        findings.push({ attribute: `${spec.path}.domains[${i}]`, value: host, problem: `the domain ${JSON.stringify(host)} is not a hostname inside the stack's zone ${zone}.`, fix: `use domain blocks with hostnames of the preset's zone ${zone} and zone = "${zone}".` });
      }
    });
    return verdict(findings);
  },
};
