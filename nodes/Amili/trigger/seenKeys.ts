/**
 * The keys of the most recent deliveries, oldest first, kept in workflow static data. Bounded: a key
 * older than the last `max` is forgotten, so a redelivery that late passes again.
 */

export const DEFAULT_MAX_KEYS = 1000;

export interface Remembered {
	/** The key was already among the remembered ones. */
	duplicate: boolean;
	/** The keys to store: unchanged for a duplicate, else the key appended and the oldest dropped. */
	keys: string[];
}

/** Reads what static data holds: only strings count (static data may come from an older version). */
export function storedKeys(value: unknown): string[] {
	return Array.isArray(value) ? value.filter((key): key is string => typeof key === 'string') : [];
}

export function rememberKey(keys: readonly string[], key: string, max = DEFAULT_MAX_KEYS): Remembered {
	if (keys.includes(key)) return { duplicate: true, keys: [...keys] };
	const limit = Math.max(1, Math.floor(max));
	const next = [...keys, key];
	return { duplicate: false, keys: next.length > limit ? next.slice(next.length - limit) : next };
}
