/** Listing fields a deficiency thread can be anchored to (localised ones take `.<locale>`). */
export const LISTING_FIELDS = [
  'name',
  'description',
  'installationGuide',
  'section',
  'countries',
  'logo',
  'pricing',
  'supportUrl',
  'documentationUrl',
] as const;
