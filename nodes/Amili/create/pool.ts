/**
 * Runs `work` once for each of `count` tasks, in index order, at most `limit` at a time. Once
 * `stopped()` is true no further task starts; the promise settles when every started task has, so
 * no request is left in flight with its outcome unheard. `work` reports its own failures: it must
 * not throw.
 */
export async function inPool(
	count: number,
	limit: number,
	work: (index: number) => Promise<void>,
	stopped: () => boolean,
): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < count && !stopped()) await work(next++);
	};
	await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}
