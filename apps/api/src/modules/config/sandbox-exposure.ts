import { PLATFORM_DESCRIPTORS } from '@mwr/publishers';

import { isLoopbackHost } from '../../common/security/loopback.js';
import { SANDBOX_BASE_PATH, type AppConfig } from './app-config.js';

/**
 * PLATFORM_MODE=sandbox on an address others can reach: the simulators under /sandbox refuse
 * everyone but this machine and the installation owner, but a sandbox is still no place for real
 * users' traffic. The api role logs this at boot; undefined when there is nothing to say.
 */
export function sandboxExposureWarning(config: Pick<AppConfig, 'platformMode' | 'host' | 'roles'>): string | undefined {
  if (config.platformMode !== 'sandbox' || !config.roles.has('api') || isLoopbackHost(config.host)) return undefined;
  return (
    `PLATFORM_MODE=sandbox while listening on HOST=${config.host}, which is not loopback: the platform sandbox at ${SANDBOX_BASE_PATH} ` +
    `(fake ${PLATFORM_DESCRIPTORS.map((d) => d.displayName).join('/')} consent pages, tokens, inspection API) is only served to callers on this machine and to the signed-in ` +
    `installation owner, everyone else gets 404. For a server other people use, set PLATFORM_MODE=live (or HOST=127.0.0.1 to stay local).`
  );
}
