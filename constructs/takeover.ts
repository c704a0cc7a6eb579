import { Construct } from "constructs";
import { Fn, Op, type Precondition } from "cdktf";
import { DataDigitaloceanLoadbalancer } from "@cdktf/provider-digitalocean/lib/data-digitalocean-loadbalancer";
import { DataDigitaloceanRecords } from "@cdktf/provider-digitalocean/lib/data-digitalocean-records";
import { Record as DnsRecord } from "@cdktf/provider-digitalocean/lib/record";
import type { Takeover } from "../config/types";
import type { DnsZone } from "./dns-zone";

export interface TakeoverControlProps {
  readonly takeover: Takeover;
  readonly zone: DnsZone;
}

/**
 * The DNS side of a takeover (dr serving prod's hostname after its replica was promoted), with
 * the apply order kept one-way: in standby mode dr depends on prod (its replica, and prod's
 * `bucket_name` output read from the state region), never the other way; in failover mode dr reads
 * nothing of prod and nothing in prod's region (no copy, no reader key, the promoted cluster by the
 * operator's PLATFORM_DR_PROMOTED_CLUSTER), and prod reads dr's load balancer. What each plan
 * reaches is modelled, per Terraform type, in policy/region-reach.ts and tested against a stand-in
 * that refuses prod's region (prod's own failover plan runs with -refresh=false: see there).
 *
 * - standby (dr) in failover mode writes a TXT marker into the zone: the record of the takeover.
 * - source (prod) in failover mode points the A record of every public name it has (all but its
 *   CDN's: constructs/edge.ts) at dr's load balancer, found by name, so prod's own applies keep the
 *   switch instead of undoing it; dr's certificate and nginx already cover those names.
 * - in standby mode both sides read the marker and refuse to apply while it exists: prod would
 *   point the hostname back at a database that no longer takes the writes, and dr would try to
 *   create its replica again under the promoted cluster's name.
 */
export class TakeoverControl extends Construct {
  /** Source in failover mode: the IPv4 the hostname now points at (dr's load balancer). */
  readonly hostTarget: string | undefined;
  /** Standby mode: refuses to apply once the marker exists. Empty in failover mode. */
  readonly standbyGuard: Precondition[];

  constructor(scope: Construct, id: string, props: TakeoverControlProps) {
    super(scope, id);
    const t = props.takeover;
    const failover = t.mode === "failover";
    this.hostTarget = failover && t.side === "source" ? new DataDigitaloceanLoadbalancer(this, "standby-lb", { name: t.standbyLoadBalancer }).ip : undefined;
    if (failover && t.side === "standby") {
      new DnsRecord(this, "marker", {
        domain: props.zone.name,
        type: "TXT",
        name: t.marker,
        value: `${t.standby} took over ${t.hostname} from ${t.source} (PLATFORM_DR_MODE=failover)`,
        ttl: 300,
      });
    }
    if (failover) {
      this.standbyGuard = [];
      return;
    }
    const marker = new DataDigitaloceanRecords(this, "marker", {
      domain: props.zone.name,
      filter: [
        { key: "type", values: ["TXT"] },
        { key: "name", values: [t.marker] },
      ],
    });
    this.standbyGuard = [
      {
        // `< 1`, not `== 0`: cdktf 0.21 renders a literal 0 operand as `undefined`.
        condition: Op.lt(Fn.lengthOf(marker.records), 1),
        errorMessage:
          `${t.standby} has taken over ${t.hostname} (TXT record ${t.marker} exists): keep PLATFORM_DR_MODE=failover for ${t.source} and ${t.standby}. ` +
          "Failing back is a new deployment (docs/disaster-recovery.md).",
      },
    ];
  }
}
