import { Lazy, type IResolvable } from "cdktf";

/** A source a managed database firewall admits (`digitalocean_database_firewall` rule). */
export interface TrustedSource {
  /** `tag`: Droplets with the tag; `app`: an App Platform app by id; `ip_addr`: an address or range. */
  readonly type: "tag" | "app" | "ip_addr";
  readonly value: string;
}

/**
 * Who may connect to the data tier. The stack builds the data tier before compute (compute needs
 * the clusters' names and settings), so the firewalls take this list and read it when the stack is
 * synthesized, after compute has added its sources: Droplet role tags, or the app. A firewall with
 * nothing to trust fails synthesis (a cluster nobody can reach is a wiring mistake, not a choice).
 */
export class TrustedSources {
  private readonly sources: TrustedSource[] = [];

  add(...sources: readonly TrustedSource[]): void {
    this.sources.push(...sources);
  }

  /** The firewall's `rule` list, resolved at synthesis. `owner` names the firewall in the error. */
  rules(owner: string): IResolvable {
    return Lazy.anyValue({
      produce: () => {
        if (this.sources.length === 0) throw new Error(`${owner}: no compute trusts this firewall: nothing could connect to the cluster`);
        return this.sources.map((s) => ({ type: s.type, value: s.value }));
      },
    });
  }
}
