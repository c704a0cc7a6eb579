/**
 * DO-LB-1: a plain-HTTP load balancer entry only redirects to HTTPS.
 * On App Platform: nothing to check. An App Platform stack has no `digitalocean_loadbalancer`;
 * App Platform's edge serves HTTPS on the app's domains and redirects HTTP itself.
 */
import { verdict, type PolicyRule } from "../rule";
import { blocks } from "../stack-view";

export const LB_1: PolicyRule = {
  id: "DO-LB-1",
  title: "A plain-HTTP entry on a load balancer only redirects to HTTPS",
  rationale: "Serving the app over HTTP exposes sessions and credentials on the wire.",
  equivalents: ["tfsec DIG004"],
  appliesTo: ["digitalocean_loadbalancer"],
  evaluate(subject) {
    const redirects = subject.config.redirect_http_to_https === true;
    return verdict(
      blocks(subject.config.forwarding_rule).flatMap((rule, i) =>
        rule.entry_protocol === "http" && !redirects
          ? [{
              attribute: `forwarding_rule[${i}].entry_protocol`,
              value: rule.entry_protocol,
              problem: "the load balancer serves plain HTTP without redirecting to HTTPS.",
              fix: "set redirect_http_to_https = true (keep the :80 rule for the redirect), or remove the http entry.",
            }]
          : [],
      ),
    );
  },
};
