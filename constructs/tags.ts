import { Construct } from "constructs";
import { Tag } from "@cdktf/provider-digitalocean/lib/tag";
import type { Naming, Role } from "../config/naming";

export interface StackTagsProps {
  readonly naming: Naming;
  /** Roles that have Droplets in this stack. */
  readonly roles: readonly Role[];
}

/**
 * The tags that firewalls, the load balancer, database firewalls and alerts select Droplets by,
 * as `digitalocean_tag` resources. Everything refers to them by reference, so Terraform creates a
 * tag before anything that targets it (with plain strings a first apply can race and fail).
 * The app-wide tag (`bizsocials`) stays a plain string: every stack shares it, no stack may own
 * it (destroying dev must not delete prod's tag), and nothing selects by it.
 */
export class StackTags extends Construct {
  /** Every taggable resource of this stack. */
  readonly env: string;
  private readonly roleTags: ReadonlyMap<Role, string>;
  private readonly appTag: string;

  constructor(scope: Construct, id: string, props: StackTagsProps) {
    super(scope, id);
    this.appTag = props.naming.appTag;
    this.env = new Tag(this, "env", { name: props.naming.envTag }).name;
    this.roleTags = new Map(props.roles.map((role) => [role, new Tag(this, role, { name: props.naming.roleTag(role) }).name]));
  }

  role(role: Role): string {
    const tag = this.roleTags.get(role);
    if (tag === undefined) throw new Error(`no Droplets have the role ${role} in this stack`);
    return tag;
  }

  /** Tags of the roles that have Droplets: what database firewalls trust. */
  get roles(): string[] {
    return [...this.roleTags.values()];
  }

  /** App + environment tags, for databases and caches. */
  get resource(): string[] {
    return [this.appTag, this.env];
  }

  droplet(role: Role): string[] {
    return [this.appTag, this.env, this.role(role)];
  }
}
