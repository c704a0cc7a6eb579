import type { Node } from "constructs";
import { TerraformElement, type TerraformStack } from "cdktf";

/**
 * Logical ids from the construct path inside the stack (`digitalocean_droplet.app-tier_app-1`)
 * instead of cdktf's path + hash (`app-tier_app-1_8BB3AF66`), so `terraform plan` in a pull request
 * reads like the code. Paths are unique; if joining them ever made two ids equal, synthesis fails.
 */
export class ReadableLogicalIds {
  private readonly owners = new Map<string, string>();

  allocate(stack: TerraformStack, element: TerraformElement | Node): string {
    const node = TerraformElement.isTerraformElement(element) ? element.node : element;
    const id = readableLogicalId(stack, node);
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(id)) {
      throw new Error(`construct path ${node.path} gives "${id}", not a Terraform identifier; use letters, digits, - and _ in construct ids`);
    }
    const owner = this.owners.get(id);
    if (owner !== undefined && owner !== node.path) {
      throw new Error(`construct paths ${owner} and ${node.path} both give the logical id "${id}"; rename one`);
    }
    this.owners.set(id, node.path);
    return id;
  }
}

/**
 * The logical id of `node` (or of a child `childId` it would have) inside `stack`: its construct path
 * below the stack, joined with `_`. Exported so a construct can name, in a `removed` or `moved`
 * block, a resource it no longer creates.
 */
export function readableLogicalId(stack: TerraformStack, node: Node, childId?: string): string {
  const components = node.scopes
    .slice(node.scopes.indexOf(stack) + 1)
    .filter((s) => !isAddressTransparent(s))
    .map((s) => s.node.id);
  return [...components, ...(childId === undefined ? [] : [childId])].join("_");
}

/**
 * A construct that only groups others (the stack's compute) and leaves no trace in their
 * addresses: `compute/app-tier/app-1` is still `digitalocean_droplet.app-tier_app-1`, so moving
 * constructs under a group never renames, and so never replaces, a resource. Its children's paths
 * must stay unique without its id (the allocator above fails synthesis when two collide).
 */
export interface AddressTransparent {
  readonly addressTransparent: true;
}

export function isAddressTransparent(scope: unknown): scope is AddressTransparent {
  return (scope as Partial<AddressTransparent>).addressTransparent === true;
}
