import { Construct } from "constructs";
import { Certificate } from "@cdktf/provider-digitalocean/lib/certificate";
import { Id } from "@cdktf/provider-random/lib/id";

export interface LetsEncryptCertificateProps {
  /** Name prefix, e.g. `bizsocials-prod-cert`; a random suffix follows. */
  readonly namePrefix: string;
  /** Fully qualified names inside a DigitalOcean-managed zone (reference the zone, so it exists first). */
  readonly domains: string[];
}

/**
 * A DigitalOcean-managed Let's Encrypt certificate, referenced by name. Names are unique per
 * account, so a replacement (new domains) needs a new name to be created before the old one is
 * destroyed: the suffix is a random id that changes exactly when the domains do.
 */
export class LetsEncryptCertificate extends Construct {
  readonly name: string;

  constructor(scope: Construct, id: string, props: LetsEncryptCertificateProps) {
    super(scope, id);
    const suffix = new Id(this, "suffix", { byteLength: 2, keepers: { domains: props.domains.join(",") } });
    this.name = new Certificate(this, "certificate", {
      name: `${props.namePrefix}-${suffix.hex}`,
      type: "lets_encrypt",
      domains: props.domains,
      lifecycle: { createBeforeDestroy: true },
    }).name;
  }
}
