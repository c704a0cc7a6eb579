/**
 * Resource names and tags of one stack: `<app>-<stack>-<component>`, tagged with the app, the
 * environment and the role. DigitalOcean tags are account-wide, so the environment and role tags
 * carry the stack name: a firewall that targets `bizsocials-prod-app` never touches staging.
 */
export type Role = "app" | "worker";

export class Naming {
  constructor(
    readonly app: string,
    readonly stack: string,
  ) {}

  name(component: string): string {
    return `${this.app}-${this.stack}-${component}`;
  }

  /** Tag on every taggable resource of the stack's app. */
  get appTag(): string {
    return this.app;
  }

  /** Tag on every taggable resource of this stack. */
  get envTag(): string {
    return `${this.app}-${this.stack}`;
  }

  roleTag(role: Role): string {
    return `${this.app}-${this.stack}-${role}`;
  }

}
