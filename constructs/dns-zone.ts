import { Construct } from "constructs";
import type { Precondition } from "cdktf";
import { Domain } from "@cdktf/provider-digitalocean/lib/domain";
import { DataDigitaloceanDomain } from "@cdktf/provider-digitalocean/lib/data-digitalocean-domain";
import { Record as DnsRecord } from "@cdktf/provider-digitalocean/lib/record";

export interface DnsZoneProps {
  readonly domain: string;
  /** Exactly one stack owns the zone (creates it, protected from destroy); the others look it up. */
  readonly owned: boolean;
}

/**
 * The DigitalOcean DNS zone of the platform's domain. The zone is account-wide, so it lives in one
 * stack (config `dnsZoneOwner`); other stacks reference it through a data source, which also makes
 * their plan fail early and clearly if the owner stack has not been applied yet.
 */
export class DnsZone extends Construct {
  readonly name: string;
  /** URN for the owner's project, undefined in stacks that only reference the zone. */
  readonly urn: string | undefined;
  readonly domain: string;

  constructor(scope: Construct, id: string, props: DnsZoneProps) {
    super(scope, id);
    this.domain = props.domain;
    if (props.owned) {
      const zone = new Domain(this, "zone", { name: props.domain, lifecycle: { preventDestroy: true } });
      this.name = zone.name;
      this.urn = zone.urn;
    } else {
      this.name = new DataDigitaloceanDomain(this, "zone", { name: props.domain }).name;
      this.urn = undefined;
    }
  }

  /**
   * The record label of `hostname` inside this zone (`app.bizsocials.io` → `app`); the zone's own
   * name is `@` ("Use `@` for records on domain's name itself": provider docs/resources/record.md;
   * digitalocean/domain/resource_record.go reads it back as `@` and its fqdn as the domain). A
   * record's `name` is not ForceNew there, so a name moving (`app` → `@`) is an in-place update.
   */
  relativeName(hostname: string): string {
    if (hostname === this.domain) return "@";
    const suffix = `.${this.domain}`;
    if (!hostname.endsWith(suffix)) throw new Error(`${hostname} is not inside the DNS zone ${this.domain}`);
    return hostname.slice(0, -suffix.length);
  }

  /**
   * `hostname` spelled through the zone's name, so whatever uses it (a Let's Encrypt certificate)
   * waits for the zone to exist.
   */
  fqdn(hostname: string): string {
    if (hostname === this.domain) return this.name;
    return `${this.relativeName(hostname)}.${this.name}`;
  }

  record(scope: Construct, id: string, hostname: string, type: "A" | "CNAME", value: string, guard?: Precondition[]): DnsRecord {
    return new DnsRecord(scope, id, {
      domain: this.name,
      type,
      name: this.relativeName(hostname),
      value,
      ttl: 300,
      ...(guard && guard.length > 0 ? { lifecycle: { precondition: guard } } : {}),
    });
  }
}
