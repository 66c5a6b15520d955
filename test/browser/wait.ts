/**
 * Polling for the editor driver: the editor updates the page asynchronously, so checks are repeated
 * until they hold or a deadline passes.
 */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves once `condition()` holds; throws `message()` after `timeoutMs`. */
export async function waitUntil(
	condition: () => Promise<boolean>,
	timeoutMs: number,
	message: () => string,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error(message());
		await sleep(100);
	}
}
