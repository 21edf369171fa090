/**
 * Errors in OpenAI's JSON shape, so the official clients raise their usual exceptions:
 *   { "error": { "message": "...", "type": "invalid_request_error", "param": "temperature", "code": null } }
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type = "invalid_request_error",
    readonly param: string | null = null,
    readonly code: string | null = null,
  ) {
    super(message);
  }

  toJSON(): { error: { message: string; type: string; param: string | null; code: string | null } } {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

/** 400 naming the offending field. */
export function badField(param: string, problem: string): HttpError {
  return new HttpError(400, `'${param}' ${problem}`, "invalid_request_error", param);
}
