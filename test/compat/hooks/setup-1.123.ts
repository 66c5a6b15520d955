/** globalSetup of the compat-n8n-1.123 project (jest runs a hook module once per run, so one module per runtime). */
import { setupRuntime } from '../../harness/global-setup';

export default (): Promise<void> => setupRuntime('1.123');
