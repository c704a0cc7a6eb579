import type { Construct } from "constructs";
import { TerraformResource, type TerraformResourceConfig } from "cdktf";
import { ROLLING_CHAIN_ROLE } from "../policy/rules/sec-2-plan-time-code";

export interface TerraformDataProps extends Pick<TerraformResourceConfig, "provisioners"> {
  /** Stored in state; a change is an in-place update (which `replace_triggered_by` reacts to). */
  readonly input?: unknown;
  /** A change replaces this resource (and runs its provisioners again). */
  readonly triggersReplace?: unknown;
}

/**
 * Terraform's builtin `terraform_data`. Not cdktf's `DataResource`: that class adds a validation
 * which runs `terraform version` while synthesizing, so synth failed on a machine without
 * Terraform (and spent ~30 ms per resource where it has it). The version it checks (≥ 1.4) is
 * already required by the stack's `required_version` (constructs/terraform-settings.ts).
 */
export class TerraformData extends TerraformResource {
  private readonly props: TerraformDataProps;

  constructor(scope: Construct, id: string, props: TerraformDataProps) {
    super(scope, id, {
      terraformResourceType: "terraform_data",
      terraformGeneratorMetadata: { providerName: "terraform" },
      ...(props.provisioners ? { provisioners: props.provisioners } : {}),
    });
    this.props = props;
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return {
      ...(this.props.input !== undefined ? { input: this.props.input } : {}),
      ...(this.props.triggersReplace !== undefined ? { triggers_replace: this.props.triggersReplace } : {}),
    };
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    const attr = (value: unknown) => ({ value, isBlock: false, type: "simple", storageClassType: "any" });
    return {
      ...(this.props.input !== undefined ? { input: attr(this.props.input) } : {}),
      ...(this.props.triggersReplace !== undefined ? { triggers_replace: attr(this.props.triggersReplace) } : {}),
    };
  }
}

/**
 * `lifecycle.replace_triggered_by` for a resource whose `name` the provider neither updates nor
 * replaces (digitalocean_spaces_bucket: `name` is not ForceNew and Update ignores it,
 * digitalocean/spaces/resource_spaces_bucket.go): a `terraform_data` holds the name, so a rename
 * updates it and Terraform replaces the resource instead of recording a rename that never
 * happened (checked with Terraform 1.11.4: adding the tracker to a deployed resource replaces
 * nothing; changing the name then plans "replaced due to changes in replace_triggered_by"). With
 * prevent_destroy, the plan is refused instead: loudly, before anything is lost.
 */
export function renameTracker(scope: Construct, id: string, name: string): TerraformData {
  return new TerraformData(scope, id, { input: name });
}

/**
 * Sets `lifecycle.replace_triggered_by` to the tracker as a bare reference. cdktf's own
 * `replaceTriggeredBy` renders `"${terraform_data.x}"`, which Terraform refuses in JSON ("Invalid
 * expression", checked with Terraform 1.11.4); `depends_on`-style `"terraform_data.x"` is what it takes.
 */
export function replaceOnRename(resource: TerraformResource, tracker: TerraformData): void {
  resource.addOverride("lifecycle.replace_triggered_by", [`terraform_data.${tracker.friendlyUniqueId}`]);
}

/**
 * Marks `step` as a step of the app tier's rolling chain: the only resource whose (local-exec)
 * provisioner policy rule DO-SEC-2 allows. The mark is a `//` comment (`//.platform.role`), which
 * Terraform ignores: it changes no plan.
 */
export function markRollingChainStep(step: TerraformData): TerraformData {
  step.addOverride("//.platform.role", ROLLING_CHAIN_ROLE);
  return step;
}
