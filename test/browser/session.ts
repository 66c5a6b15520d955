/**
 * n8n's editor in Chromium, signed in as the owner of a running n8n (server mode):
 *
 *   await n8n.start();
 *   const editor = await launchSignedIn(n8n);
 *
 * Sets up the owner when needed, logs in over REST with a browser id the browser then sends (n8n
 * binds the session to it), and launches Debian's Chromium (installed when missing, see
 * chromium.ts). Outside CI, AMILI_SKIP_EDITOR_TESTS=1 lets a test file skip instead.
 */
import { randomUUID } from 'node:crypto';

import type { N8nInstance } from '../harness/n8n';
import { ensureChromium } from './chromium';
import { Editor } from './editor';

/** Debian's Chromium, or an error that says how to skip the editor tests; start it early, it may install. */
export function editorChromium(): Promise<string> {
	return ensureChromium().catch((error: unknown) => {
		throw new Error(
			`The editor tests need Chromium and could not get it: ${error instanceof Error ? error.message : String(error)}` +
				(process.env.CI === 'true' ? '' : '\n(Outside CI, AMILI_SKIP_EDITOR_TESTS=1 skips them.)'),
		);
	});
}

export async function launchSignedIn(
	n8n: N8nInstance,
	chromium: Promise<string> = editorChromium(),
): Promise<Editor> {
	const executablePath = await chromium;
	if (!n8n.owner) await n8n.setupOwner();
	const browserId = randomUUID();
	const login = await n8n.rest(
		'POST',
		'/login',
		{ emailOrLdapLoginId: n8n.owner?.email, password: n8n.owner?.password },
		{ 'browser-id': browserId },
	);
	if (login.status !== 200 || !n8n.cookie) throw new Error(`REST login answered ${login.status}`);
	return await Editor.launch({
		executablePath,
		baseUrl: n8n.baseUrl,
		cookie: n8n.cookie,
		browserId,
	});
}
