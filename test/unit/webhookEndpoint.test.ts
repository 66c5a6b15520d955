/** trigger/webhook/webhookEndpoint.ts: the Amili Trigger's own record of its Production URL. */
import type { IDataObject, IHookFunctions } from 'n8n-workflow';

import {
	endpointRecorded,
	recordEndpoint,
	retireEndpoint,
} from '../../nodes/Amili/trigger/webhook/webhookEndpoint';

describe("webhook lifecycle: the trigger's own record of its Production URL", () => {
	/** What n8n hands the lifecycle methods, as far as they use it; static data survives between calls. */
	function hookContext(staticData: IDataObject, url: string) {
		const warnings: string[] = [];
		const context = {
			getWorkflowStaticData: () => staticData,
			getNodeWebhookUrl: () => url,
			getNode: () => ({ name: 'Amili Trigger' }),
			logger: { warn: (message: string) => warnings.push(message) },
		} as unknown as IHookFunctions;
		return { context, warnings };
	}

	test('first activation: nothing recorded, so n8n calls create, which records the URL', () => {
		const staticData: IDataObject = {};
		const { context, warnings } = hookContext(staticData, 'https://n8n.example/webhook/a/webhook');
		expect(endpointRecorded(context)).toBe(false);
		expect(recordEndpoint(context)).toBe(true);
		expect(staticData.endpoint).toEqual({
			url: 'https://n8n.example/webhook/a/webhook',
			active: true,
		});
		expect(endpointRecorded(context)).toBe(true);
		expect(warnings).toEqual([]);
	});

	test('deactivation keeps the URL and the delivery keys; re-activation at the same URL warns of nothing', () => {
		const staticData: IDataObject = { deliveryKeys: ['k1'] };
		const { context, warnings } = hookContext(staticData, 'https://n8n.example/webhook/a/webhook');
		recordEndpoint(context);
		expect(retireEndpoint(context)).toBe(true);
		expect(staticData).toEqual({
			deliveryKeys: ['k1'],
			endpoint: { url: 'https://n8n.example/webhook/a/webhook', active: false },
		});
		expect(endpointRecorded(context)).toBe(false);
		recordEndpoint(context);
		expect(warnings).toEqual([]);
	});

	test('a changed Production URL is not taken as recorded, and create says in the log that Amili must be told', () => {
		const staticData: IDataObject = {};
		recordEndpoint(hookContext(staticData, 'https://old.example/webhook/a/webhook').context);
		const { context, warnings } = hookContext(staticData, 'https://new.example/webhook/a/webhook');
		expect(endpointRecorded(context)).toBe(false);
		recordEndpoint(context);
		expect(warnings).toHaveLength(1);
		expect(warnings[0]).toContain('https://new.example/webhook/a/webhook');
		expect(warnings[0]).toContain('was https://old.example/webhook/a/webhook');
		expect(warnings[0]).toContain('update the webhook address at Amili');
	});

	test('a trigger activated by an earlier release recorded nothing: deactivating it changes nothing', () => {
		const staticData: IDataObject = { deliveryKeys: ['k1'] };
		expect(retireEndpoint(hookContext(staticData, 'https://n8n.example/x').context)).toBe(true);
		expect(staticData).toEqual({ deliveryKeys: ['k1'] });
	});
});
