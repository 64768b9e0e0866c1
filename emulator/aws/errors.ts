// AWS-shaped errors for both planes (restJson1): status from the model, `x-amzn-errortype` header, JSON body with
// `message` plus the modelled members. The SDK turns these into its typed exception classes.
export const ERROR_STATUS = {
  AccessDeniedException: 403,
  ConflictException: 409,
  RetryableConflictException: 409,
  ResourceNotFoundException: 404,
  RuntimeClientError: 424,
  ServiceQuotaExceededException: 402,
  ThrottlingException: 429,
  UnauthorizedException: 401,
  InternalServerException: 500,
  ValidationException: 400,
} as const;

export type AwsErrorName = keyof typeof ERROR_STATUS;

export interface FieldError {
  name: string;
  message: string;
}

export type ValidationReason =
  | 'CannotParse'
  | 'FieldValidationFailed'
  | 'IdempotentParameterMismatchException'
  | 'ResourceConflict'
  | 'EventInOtherSession';

export class AwsError extends Error {
  override readonly name: AwsErrorName;
  readonly status: number;
  /** Modelled members copied into the body next to `message` (e.g. `reason`, `fieldList`). */
  readonly members: Record<string, unknown>;
  constructor(name: AwsErrorName, message: string, members: Record<string, unknown> = {}) {
    super(message);
    this.name = name;
    this.status = ERROR_STATUS[name];
    this.members = members;
  }
  toBody(): Record<string, unknown> {
    return { message: this.message, ...this.members };
  }
}

/** The AWS convention for constraint failures: "N validation error(s) detected: ...; ...". */
export function validationError(fields: readonly FieldError[], reason: ValidationReason = 'FieldValidationFailed'): AwsError {
  const n = fields.length;
  const message = `${n} validation error${n === 1 ? '' : 's'} detected: ${fields.map((f) => f.message).join('; ')}`;
  return new AwsError('ValidationException', message, { reason, fieldList: fields.map((f) => ({ ...f })) });
}

export const cannotParse = (message: string): AwsError =>
  new AwsError('ValidationException', message, { reason: 'CannotParse' });

export const notFound = (message: string): AwsError => new AwsError('ResourceNotFoundException', message);

export const isAwsError = (e: unknown): e is AwsError => e instanceof AwsError;
