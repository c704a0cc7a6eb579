import { Construct } from "constructs";
import { Vpc } from "@cdktf/provider-digitalocean/lib/vpc";
import type { Naming } from "../config/naming";

export interface NetworkProps {
  readonly naming: Naming;
  readonly region: string;
  readonly ipRange: string;
}

/** The stack's VPC: every Droplet, database and cache lives in it. */
export class Network extends Construct {
  readonly vpc: Vpc;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    this.vpc = new Vpc(this, "vpc", {
      name: props.naming.name("vpc"),
      region: props.region,
      ipRange: props.ipRange,
      description: `${props.naming.envTag} private network`,
    });
  }
}
