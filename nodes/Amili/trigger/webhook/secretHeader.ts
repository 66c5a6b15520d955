import type { IWebhookFunctions } from 'n8n-workflow';

import type { SecretHeader } from './sharedSecret';
import { keepsSecretInParameters } from '../../versions';

/** The header and secret a delivery must carry, or undefined when the trigger checks none. */
export async function expectedSecretHeader(
	context: IWebhookFunctions,
): Promise<SecretHeader | undefined> {
	if (keepsSecretInParameters(context.getNode())) {
		if (context.getNodeParameter('checkSecret', false) !== true) return undefined;
		return {
			headerName: String(context.getNodeParameter('headerName', '')),
			secret: String(context.getNodeParameter('secretValue', '')),
		};
	}
	if (context.getNodeParameter('authentication', 'none') !== 'sharedSecretHeader') return undefined;
	const credentials = await context.getCredentials('amiliWebhookSecretApi');
	return {
		headerName: String(credentials.headerName ?? ''),
		secret: String(credentials.secret ?? ''),
	};
}
