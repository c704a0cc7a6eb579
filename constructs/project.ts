import { Construct } from "constructs";
import { Project as DoProject } from "@cdktf/provider-digitalocean/lib/project";
import type { Naming } from "../config/naming";

export interface ProjectProps {
  readonly naming: Naming;
  readonly environment: "Development" | "Staging" | "Production";
  /** URNs of every resource of the stack that DigitalOcean can put in a project. */
  readonly resources: string[];
}

/** One DigitalOcean project per stack; resources are assigned here and nowhere else. */
export class Project extends Construct {
  readonly project: DoProject;

  constructor(scope: Construct, id: string, props: ProjectProps) {
    super(scope, id);
    this.project = new DoProject(this, "project", {
      name: props.naming.envTag,
      description: `${props.naming.app} ${props.naming.stack} environment`,
      purpose: "Web Application",
      environment: props.environment,
      resources: props.resources,
    });
  }
}
