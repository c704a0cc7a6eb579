/**
 * The systems of the seeds, expressed by configuration alone. Select one with PLATFORM_PRESET
 * (default bizsocials). ThemeSystem (seed 004) is not here: it runs on App Platform, which these
 * Droplet-based constructs do not model; its data services would match QuickCart's.
 */
import type { Preset } from "../types";
import { BIZSOCIALS } from "./bizsocials";
import { BULLETDROP } from "./bulletdrop";
import { FRESHTRACK } from "./freshtrack";
import { QUICKCART } from "./quickcart";

export const PRESETS = {
  bizsocials: BIZSOCIALS,
  quickcart: QUICKCART,
  freshtrack: FRESHTRACK,
  bulletdrop: BULLETDROP,
} as const satisfies Record<string, Preset>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];
export const DEFAULT_PRESET: PresetName = "bizsocials";
