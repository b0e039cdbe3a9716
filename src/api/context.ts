import type { Request, Response } from 'restify';
import type { Authenticator } from '../auth/authenticator';
import { identityOf } from '../auth/identity';
import type { Config } from '../config';
import type { Identity } from '../domain/identity';
import type { Person } from '../domain/people';
import type { Logger } from '../log';
import type { Repositories } from '../store';

export interface ApiDependencies {
  config: Config;
  repositories: Repositories;
  authenticator: Authenticator;
  logger: Logger;
}

export const DEV_IDENTITY_HEADER = 'X-Commons-Dev-Identity';

/** Authenticates the request and loads the caller's roles: the first step of every /api/v1 route. */
export async function callerOf(deps: ApiDependencies, req: Request, res: Response): Promise<{ identity: Identity; person?: Person }> {
  if (deps.authenticator.isDevIdentity) res.header(DEV_IDENTITY_HEADER, 'true; local mode only');
  const caller = await deps.authenticator.authenticate(req.headers);
  return identityOf(caller, deps.repositories.people, deps.config.admins, req.header('accept-language')?.split(',')[0]);
}
