import { sleep } from 'n8n-workflow';

/**
 * One run's shared pause. When Amili answers 429 (or 503, where retriesStatus retries it) to any
 * request of the run, every request of that run — in flight, retried or not yet sent — waits out
 * the same pause before it is sent, so Retry-After is honoured once for the whole run instead of
 * once per request, and requests in flight wait side by side instead of one after another.
 */
export class RequestPacing {
	private pausedUntil = 0;

	/** Sends nothing before `waitMs` from now (a pause already longer is kept). */
	pause(waitMs: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, Date.now() + waitMs);
	}

	/** Waits until the run's pause is over; returns how long it waited. */
	async ready(): Promise<number> {
		const started = Date.now();
		// The pause may be extended while waiting, by another request's answer.
		for (let left = this.pausedUntil - started; left > 0; left = this.pausedUntil - Date.now()) {
			await sleep(left);
		}
		return Date.now() - started;
	}
}
