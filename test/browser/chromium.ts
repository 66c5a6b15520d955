/**
 * The browser the editor tests drive: Debian's `chromium` package, never a browser download of
 * Playwright's own (playwright-core is only the driver).
 *
 *   const executablePath = await ensureChromium(); // '/usr/bin/chromium'
 *
 * When /usr/bin/chromium is missing and we run as root, it is installed with apt-get (`apt-get update`
 * at most once per process, then `apt-get install -y --no-install-recommends chromium`, ~25 s).
 * Anything else throws a ChromiumUnavailableError that says what to do.
 *
 * Runnable, to install it with visible progress before a test run: `npx tsx test/browser/chromium.ts`.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

export const CHROMIUM_PATH = '/usr/bin/chromium';
/** Overrides the path (a Chromium installed elsewhere); it must exist, nothing is installed then. */
export const CHROMIUM_PATH_ENV = 'AMILI_CHROMIUM_PATH';

export class ChromiumUnavailableError extends Error {
	override name = 'ChromiumUnavailableError';
}

function executable(path: string): boolean {
	try {
		accessSync(path, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

function log(message: string): void {
	process.stderr.write(`[chromium] ${message}\n`);
}

/** Runs a command with no stdin; resolves with its exit code and the tail of its output. */
function run(
	command: string,
	args: string[],
	timeoutMs: number,
): Promise<{ code: number | null; output: string }> {
	return new Promise((resolveRun) => {
		const child = spawn(command, args, {
			stdio: ['ignore', 'pipe', 'pipe'],
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
		let output = '';
		const keep = (chunk: Buffer) => {
			output = (output + chunk.toString('utf8')).slice(-8000);
		};
		child.stdout.on('data', keep);
		child.stderr.on('data', keep);
		const timer = setTimeout(() => {
			output += `\n[killed after ${timeoutMs} ms]`;
			child.kill('SIGKILL');
		}, timeoutMs);
		child.once('error', (error) => {
			clearTimeout(timer);
			resolveRun({ code: null, output: `${output}\n${String(error)}` });
		});
		child.once('close', (code) => {
			clearTimeout(timer);
			resolveRun({ code, output });
		});
	});
}

// Another apt-get (or a parallel test process) may hold dpkg's lock: wait for it rather than fail.
const APT_OPTIONS = ['-o', 'DPkg::Lock::Timeout=300', '-o', 'Acquire::Retries=2'];

let aptUpdated: Promise<void> | undefined;
let installing: Promise<string> | undefined;

function aptUpdateOnce(): Promise<void> {
	aptUpdated ??= (async () => {
		log('apt-get update');
		const { code, output } = await run('apt-get', [...APT_OPTIONS, 'update'], 300_000);
		if (code !== 0) {
			aptUpdated = undefined;
			throw new ChromiumUnavailableError(`apt-get update failed (exit ${code}):\n${output.trim()}`);
		}
	})();
	return aptUpdated;
}

async function install(): Promise<string> {
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
		throw new ChromiumUnavailableError(
			`${CHROMIUM_PATH} is missing and this process is not root, so it cannot install it. ` +
				"Install Debian's chromium (`sudo apt-get install -y --no-install-recommends chromium`) " +
				`or set ${CHROMIUM_PATH_ENV} to a Chromium executable.`,
		);
	}
	const started = Date.now();
	await aptUpdateOnce();
	log('apt-get install -y --no-install-recommends chromium');
	const { code, output } = await run(
		'apt-get',
		[...APT_OPTIONS, 'install', '-y', '--no-install-recommends', 'chromium'],
		600_000,
	);
	if (code !== 0 || !executable(CHROMIUM_PATH)) {
		throw new ChromiumUnavailableError(
			`apt-get install chromium failed (exit ${code}${code === 0 ? `, but ${CHROMIUM_PATH} is still missing` : ''}):\n${output.trim()}`,
		);
	}
	log(`installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return CHROMIUM_PATH;
}

/** The path of a Chromium to launch; installs Debian's when missing (as root). Throws ChromiumUnavailableError otherwise. */
export async function ensureChromium(): Promise<string> {
	const override = process.env[CHROMIUM_PATH_ENV];
	if (override) {
		if (executable(override)) return override;
		throw new ChromiumUnavailableError(
			`${CHROMIUM_PATH_ENV}=${override} is not an executable file`,
		);
	}
	if (executable(CHROMIUM_PATH)) return CHROMIUM_PATH;
	installing ??= install().finally(() => {
		installing = undefined;
	});
	return installing;
}

if (require.main === module) {
	ensureChromium().then(
		(path) => {
			log(`ready: ${path}`);
		},
		(error: unknown) => {
			log(error instanceof Error ? error.message : String(error));
			process.exitCode = 1;
		},
	);
}
