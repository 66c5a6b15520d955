import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import {
	customApiBaseUrlProperty,
	environmentProperty,
	environmentUrlExpression,
} from './amiliEnvironments';

/**
 * A pasted Amili access token (JWT). Amili's tokens expire after about an hour, so this suits
 * trying things out; scheduled workflows want the OAuth2 credential, which renews itself.
 */
export class AmiliApi implements ICredentialType {
	name = 'amiliApi';

	displayName = 'Amili Access Token API';

	icon: Icon = {
		light: 'file:../nodes/Amili/amili.svg',
		dark: 'file:../nodes/Amili/amili.dark.svg',
	};

	documentationUrl = 'https://docs.amili.dev/example-workflow-359631m0';

	properties: INodeProperties[] = [
		environmentProperty,
		customApiBaseUrlProperty,
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				"A JWT issued by Amili's token endpoint. It expires after about an hour; for workflows that run on their own, use the Amili OAuth2 API credential.",
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.accessToken}}' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: environmentUrlExpression('apiBaseUrl', '$credentials', 'baseUrl'),
			url: '/batches',
			qs: { PageSize: 1 },
		},
	};
}
