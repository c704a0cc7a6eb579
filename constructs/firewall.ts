import { Construct } from "constructs";
import { Firewall, type FirewallInboundRule, type FirewallOutboundRule } from "@cdktf/provider-digitalocean/lib/firewall";
import type { EgressConfig } from "../config/types";
import type { Loadbalancer } from "@cdktf/provider-digitalocean/lib/loadbalancer";
import type { Naming } from "../config/naming";
import { suppress } from "../policy/suppressions";

export interface CloudFirewallProps {
  readonly naming: Naming;
  /** Tag of the Droplets the firewall applies to. */
  readonly targetTag: string;
  readonly adminCidrs: string[];
  /** HTTP comes only from this load balancer; without one, 80/443 are open to the internet. */
  readonly loadBalancer: Loadbalancer | undefined;
  /** The preset's named egress and the stack's VPC range; without it, egress is open (DO-FW-2 suppressed). */
  readonly egress?: EgressConfig & { readonly vpcCidr: string };
}

export const ANYWHERE = ["0.0.0.0/0", "::/0"];

/**
 * Inbound: SSH from the admin CIDRs, HTTP from the LB (or 80/443 from anywhere without one).
 * Behind a load balancer, HTTP from the admin CIDRs too: the rolling resize's health wait polls
 * each Droplet's health path from the machine running `terraform apply` (constructs/app-tier.ts
 * HEALTH_WAIT), the way the load balancer checks it. Outbound: open, or where the preset names its
 * egress, those ports to any address and TCP to the stack's VPC range (the data tier), nothing else.
 * Cloud Firewalls are stateful and block what no rule permits (docs.digitalocean.com/products/networking/firewalls/reference/:
 * "a network-based, stateful firewall service ... block all traffic that isn't expressly permitted by a rule"),
 * so replies to SSH and HTTP need no outbound rule.
 */
export class CloudFirewall extends Construct {
  readonly firewall: Firewall;

  constructor(scope: Construct, id: string, props: CloudFirewallProps) {
    super(scope, id);
    const web: FirewallInboundRule[] = props.loadBalancer
      ? [
          { protocol: "tcp", portRange: "80", sourceLoadBalancerUids: [props.loadBalancer.id] },
          { protocol: "tcp", portRange: "80", sourceAddresses: props.adminCidrs },
        ]
      : ["80", "443"].map((port) => ({ protocol: "tcp", portRange: port, sourceAddresses: ANYWHERE }));
    this.firewall = new Firewall(this, "firewall", {
      name: props.naming.name("fw"),
      tags: [props.targetTag],
      inboundRule: [{ protocol: "tcp", portRange: "22", sourceAddresses: props.adminCidrs }, ...web],
      outboundRule: props.egress ? namedEgress(props.egress) : [
        { protocol: "tcp", portRange: "1-65535", destinationAddresses: ANYWHERE },
        { protocol: "udp", portRange: "1-65535", destinationAddresses: ANYWHERE },
        { protocol: "icmp", destinationAddresses: ANYWHERE },
      ],
    });
    if (props.egress) return;
    suppress(
      this.firewall,
      "DO-FW-2",
      "Droplets must reach apt mirrors, Let's Encrypt, Spaces, the DigitalOcean API and mail and chat APIs, whose addresses change; Cloud Firewalls filter by address, not hostname.",
    );
  }
}

/**
 * One rule per named port to any address, then TCP to the VPC range: the managed databases, pools
 * and Valkey of the stack have private addresses in it (private_network_uuid) on ports the API
 * assigns (`port` is computed), so the range is named, not the ports.
 */
function namedEgress(egress: EgressConfig & { readonly vpcCidr: string }): FirewallOutboundRule[] {
  return [
    ...egress.tcpPorts.map((port) => ({ protocol: "tcp", portRange: String(port), destinationAddresses: ANYWHERE })),
    ...egress.udpPorts.map((port) => ({ protocol: "udp", portRange: String(port), destinationAddresses: ANYWHERE })),
    { protocol: "tcp", portRange: "1-65535", destinationAddresses: [egress.vpcCidr] },
  ];
}
