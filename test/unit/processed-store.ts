/**
 * n8n's de-duplication store as a node sees it (this.helpers.checkProcessedAndRecord and the rest),
 * in memory, with the semantics of n8n 2.41.1's DeduplicationHelper (packages/cli, mode "entries"):
 * each value kept as the MD5 of its text, one list per scope, new values appended, the oldest cut
 * once the list passes maxEntries, removal by value. `delayMs` puts a pause between the read and the
 * write of each call, as n8n's database round trips do, so a test can see what a caller that does
 * not serialise its calls loses.
 */
import { createHash } from 'node:crypto';

import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedOptions,
	IDeduplicationOutput,
} from 'n8n-workflow';

const hash = (value: DeduplicationItemTypes) =>
	createHash('md5').update(value.toString()).digest('base64');

export class ProcessedStore {
	/** Scope → the stored list (n8n's one row per workflow and context). */
	readonly rows = new Map<DeduplicationScope, string[]>();
	/** Every call made, by name. */
	readonly calls: string[] = [];

	constructor(private readonly delayMs = 0) {}

	private async pause(): Promise<void> {
		if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
	}

	/** What a node's `this.helpers` gets. */
	helpers() {
		return {
			checkProcessedAndRecord: this.checkProcessedAndRecord.bind(this),
			removeProcessed: this.removeProcessed.bind(this),
			clearAllProcessedItems: this.clearAllProcessedItems.bind(this),
			getProcessedDataCount: this.getProcessedDataCount.bind(this),
		};
	}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		this.calls.push('checkProcessedAndRecord');
		const read = this.rows.get(scope);
		const data = read ? [...read] : [];
		await this.pause();
		const seen = new Set(data);
		const output: IDeduplicationOutput = { new: [], processed: [] };
		for (const item of items) {
			const hashed = hash(item);
			if (seen.has(hashed)) output.processed.push(item);
			else {
				output.new.push(item);
				data.push(hashed);
			}
		}
		if (options.maxEntries) data.splice(0, data.length - options.maxEntries);
		this.rows.set(scope, data);
		return output;
	}

	async removeProcessed(items: DeduplicationItemTypes[], scope: DeduplicationScope): Promise<void> {
		this.calls.push('removeProcessed');
		const read = this.rows.get(scope);
		if (!read) return;
		const data = [...read];
		await this.pause();
		for (const item of items) {
			const index = data.indexOf(hash(item));
			if (index !== -1) data.splice(index, 1);
		}
		this.rows.set(scope, data);
	}

	async clearAllProcessedItems(scope: DeduplicationScope): Promise<void> {
		this.calls.push('clearAllProcessedItems');
		this.rows.delete(scope);
	}

	async getProcessedDataCount(scope: DeduplicationScope): Promise<number> {
		this.calls.push('getProcessedDataCount');
		return this.rows.get(scope)?.length ?? 0;
	}

	/** Whether `value` is remembered in `scope`. */
	has(value: string, scope: DeduplicationScope = 'workflow'): boolean {
		return this.rows.get(scope)?.includes(hash(value)) ?? false;
	}
}
