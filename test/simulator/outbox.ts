import type { BatchView } from './batches';
import {
	type WebhookData,
	type WebhookDeliveryRecord,
	type WebhookEvent,
	type WebhookOptions,
	type WebhookResult,
	batchCompletedData,
	sendWebhook,
} from './webhooks';

/**
 * The simulator's outgoing webhooks: explicit deliveries, plus BATCH_COMPLETED to `autoUrl` at most
 * once per batch. No timers run: the simulator calls notifyFinished() after each API request, and
 * tests call flush(). Deliveries in flight are tracked so flush() and close() can wait for them.
 */
export class WebhookOutbox {
	private readonly notified = new Set<string>();
	private readonly inFlight = new Set<Promise<unknown>>();

	constructor(
		private readonly deliveries: WebhookDeliveryRecord[],
		public autoUrl: string | undefined,
	) {}

	deliver<E extends WebhookEvent>(
		url: string,
		event: E,
		data: WebhookData[E],
		opts: WebhookOptions,
	): Promise<WebhookResult> {
		const sending = sendWebhook(url, event, data, opts, (r) => this.deliveries.push(r));
		this.inFlight.add(sending);
		const done = () => this.inFlight.delete(sending);
		sending.then(done, done);
		return sending;
	}

	/** Starts BATCH_COMPLETED for each terminal batch not yet notified (a failed delivery is only
	 * recorded). `batches` is only called when there is an auto URL: benchmarks make many batches. */
	notifyFinished(batches: () => readonly BatchView[]): void {
		const url = this.autoUrl;
		if (url === undefined) return;
		for (const batch of batches()) {
			if (batch.status === 'QUEUED' || this.notified.has(batch.batchId)) continue;
			this.notified.add(batch.batchId);
			this.deliver(url, 'BATCH_COMPLETED', batchCompletedData(batch), {}).catch(() => undefined);
		}
	}

	/** notifyFinished(), then waits until nothing is in flight; returns the deliveries made meanwhile. */
	async flush(batches: () => readonly BatchView[]): Promise<WebhookDeliveryRecord[]> {
		const started = this.deliveries.length;
		this.notifyFinished(batches);
		await this.settled();
		return this.deliveries.slice(started);
	}

	async settled(): Promise<void> {
		while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
	}

	/** Forgets which batches were notified and sets the auto URL back. */
	reset(autoUrl: string | undefined): void {
		this.notified.clear();
		this.autoUrl = autoUrl;
	}
}
