import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The shared secret the Amili Trigger expects in a header of every delivery. Kept in a credential so
 * it is encrypted by n8n and never travels in the workflow's JSON (exports, copy-paste, templates).
 * It authenticates nothing outgoing: no request is ever sent with it. The Amili Trigger tests it
 * (`testedBy`): there is no service to ask, so the test checks that n8n can compare it.
 */
export class AmiliWebhookSecretApi implements ICredentialType {
	name = 'amiliWebhookSecretApi';

	displayName = 'Amili Webhook Secret API';

	icon: Icon = {
		light: 'file:../nodes/Amili/amili.svg',
		dark: 'file:../nodes/Amili/amili.dark.svg',
	};

	documentationUrl = 'https://docs.amili.dev/webhooks-361430m0';

	properties: INodeProperties[] = [
		{
			displayName:
				"Set up the same header and value on the sending side (Amili's portal, or a proxy in front of n8n). The Amili Trigger answers 401 to any delivery without it.",
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: 'X-Webhook-Secret',
			required: true,
			description: 'The name of the header that carries the secret (not case-sensitive)',
		},
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The value the header must have, exactly',
		},
	];
}
