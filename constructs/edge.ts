import { Construct } from "constructs";
import type { Precondition } from "cdktf";
import { Loadbalancer } from "@cdktf/provider-digitalocean/lib/loadbalancer";
import type { Droplet } from "@cdktf/provider-digitalocean/lib/droplet";
import { ReservedIp } from "@cdktf/provider-digitalocean/lib/reserved-ip";
import { Token } from "cdktf";
import type { Record as DnsRecord } from "@cdktf/provider-digitalocean/lib/record";
import { LetsEncryptCertificate } from "./certificate";
import type { DnsZone } from "./dns-zone";
import type { Naming } from "../config/naming";
import type { Network } from "./network";

export interface EdgeProps {
  readonly naming: Naming;
  readonly network: Network;
  readonly region: string;
  readonly zone: DnsZone;
  /**
   * The stack's own names and the ids of their A records: the app's hostname first, as `host` (the
   * one record there always was, so its address does not move), then `host-<name>`.
   */
  readonly records: readonly { readonly id: string; readonly hostname: string }[];
  /** Every hostname the certificate covers (the stack's own, and the one it stands by for). */
  readonly certificateHostnames: readonly string[];
  /** A path the app answers with 200 once a release is installed (the runtime's). */
  readonly healthPath: string;
  /** LB `size_unit`, or null: no load balancer, DNS points at `fallbackDroplet`. */
  readonly sizeUnit: number | null;
  /** Tag of the Droplets that serve HTTP (a tag resource's name, so it exists first). */
  readonly targetTag: string;
  readonly fallbackDroplet: Droplet;
  /** `prevent_destroy` on the reserved IP that holds the hostname without a load balancer (prod, dr). */
  readonly protectAddress?: boolean;
  /** Where every record points instead of this stack's entry point (after a takeover). */
  readonly recordTarget?: string;
  /** Conditions every record checks before any change (takeover guard). */
  readonly recordGuard?: Precondition[];
}

/** seed 000 §8.1 intervals; the path is the runtime's, answered by the app itself. */
export const HEALTH_CHECK = {
  protocol: "http",
  port: 80,
  checkIntervalSeconds: 10,
  responseTimeoutSeconds: 5,
  unhealthyThreshold: 3,
  healthyThreshold: 5,
} as const;

/**
 * The public entry point: a load balancer with a Let's Encrypt certificate (HTTPS 443 → HTTP 80,
 * HTTP → HTTPS redirect, sticky cookie sessions, Droplets by tag) and an A record per public name.
 * Without a load balancer the record points at a reserved IP assigned to the app Droplet, so a
 * replaced Droplet takes the address over and DNS never moves: `digitalocean_reserved_ip`'s
 * `droplet_id` is not ForceNew and its Update reassigns the address (provider
 * digitalocean/reservedip/resource_reserved_ip.go, read @48a186e: only `region` is ForceNew), so the
 * replacement (created first: `create_before_destroy`) gets it in the same apply. (The separate
 * `digitalocean_reserved_ip_assignment` makes both its arguments ForceNew: a replaced Droplet would
 * destroy and recreate the assignment, leaving the address unassigned in between.) Free while
 * assigned (catalog/networking.ts RESERVED_IP). A stack that stands by for
 * another has that stack's hostname on its certificate too, issued before it is needed (DigitalOcean
 * validates Let's Encrypt through its own DNS, so the name need not point here yet).
 */
export class Edge extends Construct {
  readonly loadBalancer: Loadbalancer | undefined;
  /** The A record of each own name, the app's hostname first. */
  readonly records: readonly DnsRecord[];
  /** The IPv4 address the hostname resolves to. */
  readonly publicIp: string;
  /** Without a load balancer: the address the hostname points at, assigned to the app Droplet. */
  readonly reservedIp: ReservedIp | undefined;

  constructor(scope: Construct, id: string, props: EdgeProps) {
    super(scope, id);
    if (props.sizeUnit === null) {
      this.loadBalancer = undefined;
      this.reservedIp = new ReservedIp(this, "address", {
        region: props.region,
        dropletId: Token.asNumber(props.fallbackDroplet.id),
        lifecycle: { preventDestroy: props.protectAddress === true },
      });
      this.publicIp = this.reservedIp.ipAddress;
    } else {
      // Referenced by name: Let's Encrypt renewals replace the certificate and change its id.
      const certificate = new LetsEncryptCertificate(this, "certificate", {
        namePrefix: props.naming.name("cert"),
        domains: props.certificateHostnames.map((h) => props.zone.fqdn(h)),
      });
      this.loadBalancer = new Loadbalancer(this, "lb", {
        name: props.naming.name("lb"),
        region: props.region,
        vpcUuid: props.network.vpc.id,
        sizeUnit: props.sizeUnit,
        dropletTag: props.targetTag,
        redirectHttpToHttps: true,
        // The host record below is ours; without this the LB also writes its own A records
        // (the zone apex included) for the certificate's domains.
        disableLetsEncryptDnsRecords: true,
        forwardingRule: [
          { entryProtocol: "https", entryPort: 443, targetProtocol: "http", targetPort: 80, certificateName: certificate.name },
          // Needed for the redirect: the LB answers :80 with a 301 to https.
          { entryProtocol: "http", entryPort: 80, targetProtocol: "http", targetPort: 80 },
        ],
        healthcheck: { ...HEALTH_CHECK, path: props.healthPath },
        stickySessions: { type: "cookies", cookieName: `${props.naming.app}_lb`, cookieTtlSeconds: 3600 },
      });
      this.publicIp = this.loadBalancer.ip;
      this.reservedIp = undefined;
    }
    this.records = props.records.map((r) => props.zone.record(this, r.id, r.hostname, "A", props.recordTarget ?? this.publicIp, props.recordGuard));
  }
}
