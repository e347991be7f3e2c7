import { expect } from "vitest";
import { WoodpeckerError } from "../../provider/client/errors.js";

/** The WoodpeckerError a request fails with; the test fails if it succeeds or fails otherwise. */
export async function failure(promise: Promise<unknown>): Promise<WoodpeckerError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(WoodpeckerError);
    return error as WoodpeckerError;
  }
  throw new Error("expected the request to fail");
}
