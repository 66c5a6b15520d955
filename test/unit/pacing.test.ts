/**
 * transport/pacing.ts: a run's shared pause keeps the longest asked for, and a request waits until
 * it is over, including when it is extended meanwhile.
 */
import { RequestPacing } from '../../nodes/Amili/transport/pacing';

describe('RequestPacing', () => {
	test('no pause: ready at once', async () => {
		expect(await new RequestPacing().ready()).toBeLessThan(20);
	});

	test('waits out the pause, and a shorter one does not cut it', async () => {
		const pacing = new RequestPacing();
		pacing.pause(200);
		pacing.pause(50);
		expect(await pacing.ready()).toBeGreaterThanOrEqual(195);
	});

	test('a pause extended while waiting is waited out too', async () => {
		const pacing = new RequestPacing();
		pacing.pause(100);
		const waited = pacing.ready();
		setTimeout(() => pacing.pause(200), 50); // another request's 429, answered meanwhile
		expect(await waited).toBeGreaterThanOrEqual(245);
	});
});
