/** trigger/seenKeys.ts: the bounded set of delivery keys the Amili Trigger has seen. */
import {
	DEFAULT_MAX_KEYS,
	KeyMemory,
	rememberKey,
	storedKeys,
} from '../../nodes/Amili/trigger/seenKeys';

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

describe('KeyMemory: the same keys in process memory, per trigger', () => {
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
