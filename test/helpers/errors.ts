import { expect } from 'vitest';
import { OrchestratorError } from '../../src/errors.js';

/** Awaits a promise that must fail with an OrchestratorError, and returns the error for further assertions. */
export async function rejection(promise: Promise<unknown>): Promise<OrchestratorError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OrchestratorError);
  return error as OrchestratorError;
}
