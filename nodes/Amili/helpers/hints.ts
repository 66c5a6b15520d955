import type { IExecuteFunctions, NodeExecutionHint } from 'n8n-workflow';

/**
 * n8n's execution hints, shown above a node's output: they change no data, so every node version
 * shows them. Built and added here, worded where they are used.
 */

export const count = (n: number, singular: string, plural = `${singular}s`) =>
	`${n} ${n === 1 ? singular : plural}`;

export const hint = (type: NodeExecutionHint['type'], message: string): NodeExecutionHint => ({
	type,
	location: 'outputPane',
	message,
});

/** n8n shows hints above the output; a context without them (an AI tool's) just has none. */
export function addHints(context: IExecuteFunctions, hints: NodeExecutionHint[]): void {
	if (hints.length > 0 && typeof context.addExecutionHints === 'function')
		context.addExecutionHints(...hints);
}

/** IDs for a message: at most 20, then how many more. */
export function listIds(ids: ReadonlyArray<string | undefined>): string {
	const more =
		ids.length > MAX_IDS_IN_MESSAGE ? ` and ${ids.length - MAX_IDS_IN_MESSAGE} more` : '';
	return `${ids.slice(0, MAX_IDS_IN_MESSAGE).join(', ')}${more}`;
}

const MAX_IDS_IN_MESSAGE = 20;
