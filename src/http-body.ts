import restify from 'restify';

/**
 * What both HTTP doors share, the tab's /api/v1 (src/api) and the Bot Framework's
 * /api/messages (src/bot/endpoint.ts): the JSON shape of an error and JSON body
 * parsing with a size limit. Here, so that neither door imports the other.
 */
export interface ErrorBody {
  error: { code: string; message: string };
}

export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}

export const API_BODY_MAX_BYTES = 64 * 1024;

/** JSON body parsing with a size limit, for the routes that take a body. */
export function jsonBody(maxBodySize = API_BODY_MAX_BYTES) {
  return restify.plugins.bodyParser({ maxBodySize, mapParams: false, mapFiles: false, rejectUnknown: true });
}
