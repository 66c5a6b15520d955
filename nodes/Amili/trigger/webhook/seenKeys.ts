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

export function rememberKey(
	keys: readonly string[],
	key: string,
	max = DEFAULT_MAX_KEYS,
): Remembered {
	if (keys.includes(key)) return { duplicate: true, keys: [...keys] };
	return { duplicate: false, keys: newest([...keys, key], max) };
}

/**
 * `stored` followed by the keys of `recent` it lacks, in their order, bounded to the last `max`.
 * n8n saves each request's whole copy of static data, last one wins: a copy carrying only its own
 * new key would erase the keys of other deliveries whose copies were saved meanwhile. A copy carrying
 * every key this process has seen cannot erase one of them.
 */
export function mergeKeys(
	stored: readonly string[],
	recent: readonly string[],
	max = DEFAULT_MAX_KEYS,
): string[] {
	const known = new Set(stored);
	return newest([...stored, ...recent.filter((key) => !known.has(key))], max);
}

/** The last `max` keys (at least one). */
function newest(keys: string[], max: number): string[] {
	const limit = Math.max(1, Math.floor(max));
	return keys.length > limit ? keys.slice(keys.length - limit) : keys;
}

/**
 * The same bounded key lists, kept in this process's memory per trigger (workflow ID + node ID).
 * n8n saves a webhook node's static data only after the HTTP answer has gone out, so a redelivery
 * sent right after (or at the same time) can read static data without the key: checked here first,
 * in one synchronous step, it cannot. Memory does not survive a restart and is not shared between
 * n8n processes; static data covers those cases.
 */
export class KeyMemory {
	private readonly scopes = new Map<string, string[]>();

	constructor(
		private readonly maxKeys = DEFAULT_MAX_KEYS,
		private readonly maxScopes = 1000,
	) {}

	/** Whether `key` was seen in `scope`; records it when it was not. */
	checkAndRemember(scope: string, key: string): boolean {
		const { duplicate, keys } = rememberKey(this.scopes.get(scope) ?? [], key, this.maxKeys);
		if (duplicate) return true;
		// Re-inserted, so the Map's order is "least recently changed first".
		this.scopes.delete(scope);
		this.scopes.set(scope, keys);
		while (this.scopes.size > this.maxScopes) {
			const oldest = this.scopes.keys().next().value as string;
			this.scopes.delete(oldest);
		}
		return false;
	}

	/** The keys seen in `scope`, oldest first. */
	keysOf(scope: string): readonly string[] {
		return this.scopes.get(scope) ?? [];
	}
}
