/**
 * DO-CAT-7: Droplet images are distribution images our cloud-init supports.
 * On App Platform: nothing to check, there are no Droplets. The app's images are the platform's
 * own releases in its container registry, pinned by tag (the App Platform construct).
 */
import { IMAGES, isImage } from "../../catalog/droplets";
import { verdict, type PolicyRule } from "../rule";
import { oneOf } from "./util";

export const CAT_7: PolicyRule = {
  id: "DO-CAT-7",
  title: "Droplet images are distribution images the cloud-init supports",
  rationale: "A retired or marketplace image (seed 001's docker-20-04) fails at apply or boots without our packages.",
  equivalents: [],
  appliesTo: ["digitalocean_droplet"],
  evaluate(subject) {
    const image = subject.config.image;
    return verdict(isImage(image) ? [] : [{ attribute: "image", value: image ?? null, problem: "not an image in the catalog.", fix: `use one of ${oneOf(IMAGES)}.` }]);
  },
};
