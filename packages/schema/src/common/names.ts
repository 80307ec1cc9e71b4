/**
 * Names the protocol documents for open string fields (voices, models). The fields accept any
 * string; these lists feed the field descriptions, shared so the dialects cannot drift apart.
 */

/** The eight voices of 2024 (alloy, echo, shimmer at launch; five more on 2024-10-30). */
export const VOICES_2024 = [
  'alloy',
  'ash',
  'ballad',
  'coral',
  'echo',
  'sage',
  'shimmer',
  'verse',
] as const;

/** The preview realtime models (the beta dialect's list; GA still accepts them). */
export const PREVIEW_MODELS = [
  'gpt-4o-realtime-preview',
  'gpt-4o-realtime-preview-2024-10-01',
  'gpt-4o-realtime-preview-2024-12-17',
  'gpt-4o-realtime-preview-2025-06-03',
  'gpt-4o-mini-realtime-preview',
  'gpt-4o-mini-realtime-preview-2024-12-17',
] as const;
