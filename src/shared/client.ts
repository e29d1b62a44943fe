import { METHOD_NAMES, type MethodName, type ResearchApi } from './api';
import { ApiError, type ErrorCode, type Result } from './errors';

/**
 * A typed `ResearchApi` over any transport that answers a method call with a `Result`: the
 * renderer's preload bridge or HTTP (src/renderer/src/api/index.ts), or a backend in the same
 * process (src/core/test-support/inprocess-api.ts). A refusal becomes a thrown ApiError with the
 * backend's code and sentence.
 */
export function clientOver(call: (method: MethodName, args: unknown) => Promise<Result<unknown>>): ResearchApi {
  return Object.fromEntries(
    METHOD_NAMES.map((method) => [
      method,
      async (args: unknown) => {
        const result = await call(method, args);
        if (result.ok) return result.value;
        throw new ApiError(result.error.code as ErrorCode, result.error.message, result.error.detail);
      },
    ]),
  ) as unknown as ResearchApi;
}
