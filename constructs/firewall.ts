import { Construct } from "constructs";
import { Firewall, type FirewallInboundRule } from "@cdktf/provider-digitalocean/lib/firewall";
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
}

export const ANYWHERE = ["0.0.0.0/0", "::/0"];

/**
 * Inbound: SSH from the admin CIDRs, HTTP from the LB (or 80/443 from anywhere without one).
 * Behind a load balancer, HTTP from the admin CIDRs too: the rolling resize's health wait polls
 * each Droplet's health path from the machine running `terraform apply` (constructs/app-tier.ts
 * HEALTH_WAIT), the way the load balancer checks it. Outbound: open.
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
      outboundRule: [
        { protocol: "tcp", portRange: "1-65535", destinationAddresses: ANYWHERE },
        { protocol: "udp", portRange: "1-65535", destinationAddresses: ANYWHERE },
        { protocol: "icmp", destinationAddresses: ANYWHERE },
      ],
    });
    suppress(
      this.firewall,
      "DO-FW-2",
      "Droplets must reach apt mirrors, Let's Encrypt, Spaces, the DigitalOcean API and mail and chat APIs, whose addresses change; Cloud Firewalls filter by address, not hostname.",
    );
  }
}
