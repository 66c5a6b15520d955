/** trigger/webhook/seenKeys.ts: the bounded set of delivery keys the Amili Trigger has seen. */
import {
	DEFAULT_MAX_KEYS,
	KeyMemory,
	mergeKeys,
	rememberKey,
	storedKeys,
} from '../../nodes/Amili/trigger/webhook/seenKeys';

describe('rememberKey: the bounded set of seen delivery keys', () => {
	test('a new key is appended; a known one is a duplicate and changes nothing', () => {
		const first = rememberKey([], 'a');
		expect(first).toEqual({ duplicate: false, keys: ['a'] });
		const again = rememberKey(first.keys, 'a');
		expect(again).toEqual({ duplicate: true, keys: ['a'] });
		expect(rememberKey(again.keys, 'b')).toEqual({ duplicate: false, keys: ['a', 'b'] });
	});

	test('keeps the most recent `max` keys: the oldest is forgotten and passes again', () => {
		let keys: string[] = [];
		for (const key of ['a', 'b', 'c', 'd']) keys = rememberKey(keys, key, 3).keys;
		expect(keys).toEqual(['b', 'c', 'd']);
		expect(rememberKey(keys, 'a', 3).duplicate).toBe(false);
		expect(rememberKey(keys, 'b', 3).duplicate).toBe(true);
	});

	test('the default bound is 1,000 and holds over many deliveries', () => {
		let keys: string[] = [];
		for (let i = 0; i < 2500; i++) keys = rememberKey(keys, `k${i}`).keys;
		expect(DEFAULT_MAX_KEYS).toBe(1000);
		expect(keys).toHaveLength(1000);
		expect(keys[0]).toBe('k1500');
		expect(rememberKey(keys, 'k1499').duplicate).toBe(false);
		expect(rememberKey(keys, 'k1500').duplicate).toBe(true);
	});

	test('does not change the list it is given', () => {
		const keys = Object.freeze(['a']) as readonly string[];
		expect(rememberKey(keys, 'b').keys).toEqual(['a', 'b']);
		expect(keys).toEqual(['a']);
	});

	test('storedKeys reads only strings from whatever static data holds', () => {
		expect(storedKeys(undefined)).toEqual([]);
		expect(storedKeys({ a: 1 })).toEqual([]);
		expect(storedKeys(['a', 2, null, 'b'])).toEqual(['a', 'b']);
	});
});

describe('mergeKeys: the copy of the keys a delivery hands n8n to save', () => {
	test('keeps what static data holds and adds the keys of this process it lacks, in their order', () => {
		expect(mergeKeys(['a', 'b'], ['b', 'c', 'd'])).toEqual(['a', 'b', 'c', 'd']);
		expect(mergeKeys([], ['x'])).toEqual(['x']);
		expect(mergeKeys(['a'], [])).toEqual(['a']);
	});

	test('a copy read before another delivery saved its key still carries that key', () => {
		// Two deliveries read static data before either saved; this process saw both keys.
		const memory = new KeyMemory();
		memory.checkAndRemember('s', 'first');
		memory.checkAndRemember('s', 'second');
		const savedLast = mergeKeys([], memory.keysOf('s'));
		expect(savedLast).toEqual(['first', 'second']);
	});

	test('bounded to the most recent `max`, newest last', () => {
		expect(mergeKeys(['a', 'b'], ['c', 'd'], 3)).toEqual(['b', 'c', 'd']);
		const many = Array.from({ length: 1500 }, (_, i) => `k${i}`);
		const merged = mergeKeys(many.slice(0, 800), many.slice(700));
		expect(merged).toHaveLength(DEFAULT_MAX_KEYS);
		expect(merged[DEFAULT_MAX_KEYS - 1]).toBe('k1499');
		expect(merged[0]).toBe('k500');
	});
});

describe('KeyMemory: the same keys in process memory, per trigger', () => {
	test("keysOf lists a scope's keys oldest first, and nothing for an unknown scope", () => {
		const memory = new KeyMemory();
		memory.checkAndRemember('s', 'a');
		memory.checkAndRemember('s', 'b');
		memory.checkAndRemember('s', 'a');
		expect(memory.keysOf('s')).toEqual(['a', 'b']);
		expect(memory.keysOf('other')).toEqual([]);
	});

	test('a key is a duplicate only within its own scope', () => {
		const memory = new KeyMemory();
		expect(memory.checkAndRemember('wf1:node', 'k')).toBe(false);
		expect(memory.checkAndRemember('wf1:node', 'k')).toBe(true);
		expect(memory.checkAndRemember('wf2:node', 'k')).toBe(false);
	});

	test('bounded in keys per scope and in scopes (least recently changed scope goes first)', () => {
		const memory = new KeyMemory(2, 2);
		for (const key of ['a', 'b', 'c']) memory.checkAndRemember('s1', key);
		expect(memory.checkAndRemember('s1', 'a')).toBe(false);
		memory.checkAndRemember('s2', 'x');
		memory.checkAndRemember('s1', 'd');
		memory.checkAndRemember('s3', 'y');
		expect(memory.checkAndRemember('s1', 'd')).toBe(true);
		expect(memory.checkAndRemember('s2', 'x')).toBe(false);
	});
});
