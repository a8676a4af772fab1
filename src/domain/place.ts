/**
 * A place a citizen shared on a map (WhatsApp's location pin, a live location's first position,
 * Telegram's location or venue). Coordinates are personal data: never logged.
 */
export interface Place {
  latitude: number;
  longitude: number;
  /** The place's name as the citizen's app gave it ("Toko Maju", a venue's title). */
  name?: string;
  address?: string;
}

/** A shared place from a platform's raw values, or undefined when its coordinates are no real point. */
export function placeOf(latitude: unknown, longitude: unknown, name?: unknown, address?: unknown): Place | undefined {
  if (typeof latitude !== "number" || typeof longitude !== "number" || !Number.isFinite(latitude) || !Number.isFinite(longitude)) return undefined;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return undefined;
  const words = (v: unknown) => (typeof v === "string" ? v.replace(/\s+/g, " ").trim().slice(0, 200) : "");
  const n = words(name);
  const a = words(address);
  return { latitude, longitude, ...(n ? { name: n } : {}), ...(a && a !== n ? { address: a } : {}) };
}

/**
 * What is stored as the answer to a form question a pin answered, readable for staff and in the
 * summary: the place's name and address when the app gave them, the coordinates, and a map link.
 * At most `max` characters (the question's own bound): a long name or address is cut, never the point.
 *
 * @example placeText({ latitude: -6.7, longitude: 111.34, name: "Toko Maju" })
 * // "Toko Maju (-6.7, 111.34) https://maps.google.com/?q=-6.7,111.34"
 */
export function placeText(p: Place, max = 300): string {
  const lat = Number(p.latitude.toFixed(6));
  const lng = Number(p.longitude.toFixed(6));
  const point = `(${lat}, ${lng}) https://maps.google.com/?q=${lat},${lng}`;
  const words = [p.name, p.address].filter(Boolean).join(", ");
  const room = max - point.length - 1;
  if (!words || room < 4) return point;
  return `${words.length > room ? `${words.slice(0, room - 1).trimEnd()}…` : words} ${point}`;
}
