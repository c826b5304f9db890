// Answers of the simulated service other than success: an envelope code, its message and the HTTP
// status it travels with. Codes and messages are those of TikTok Shop's common error list.

export class SimulatorApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly httpStatus: number = httpStatusOfCode(code),
    /** Seconds for a `Retry-After` header. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** Authentication and rate-limit refusals travel with their HTTP status; business errors with 200. */
export function httpStatusOfCode(code: number): number {
  switch (code) {
    case TIKTOK_CODES.tooManyRequests:
      return 429;
    case TIKTOK_CODES.invalidSign:
    case TIKTOK_CODES.expiredCredentials:
    case TIKTOK_CODES.accessDenied:
    case TIKTOK_CODES.invalidQueryOrHeader:
      return 401;
    case TIKTOK_CODES.invalidPath:
      return 404;
    case TIKTOK_CODES.invalidMethod:
      return 405;
    default:
      return 200;
  }
}

export const TIKTOK_CODES = {
  tooManyRequests: 36009002,
  internalError: 36009003,
  /** Missing or invalid credentials, timestamp, app key, or an invalid parameter. */
  invalidCredentialsOrParameter: 36009004,
  invalidPath: 36009009,
  invalidMethod: 36009010,
  invalidRequestFormat: 36009022,
  invalidSign: 106001,
  expiredCredentials: 105002,
  accessDenied: 105005,
  /** The access token does not belong to the shop named by shop_cipher. */
  invalidQueryOrHeader: 101000,
  missingShopCipher: 106013,
  /** Token refresh: unknown refresh token / expired refresh token. */
  unknownAuthRecord: 36004005,
  refreshTokenExpired: 36004001,
} as const;

/** A parameter error (36009004) naming the parameter. */
export function invalidParameter(detail: string): SimulatorApiError {
  return new SimulatorApiError(TIKTOK_CODES.invalidCredentialsOrParameter, `Invalid parameter. ${detail}`);
}

export const invalidPath = () => new SimulatorApiError(TIKTOK_CODES.invalidPath, 'Invalid path. The specified path does not match any available endpoint.');

export const invalidMethod = () => new SimulatorApiError(TIKTOK_CODES.invalidMethod, 'Invalid method. The HTTP method used is not supported by this endpoint.');
