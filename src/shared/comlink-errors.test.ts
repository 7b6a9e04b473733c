import { describe, expect, it } from 'vitest';
import { transferHandlers } from 'comlink';
import { AppError } from './errors';
import { preserveAppErrors } from './comlink-errors';

type Handler = {
  serialize(value: { value: unknown }): [unknown, Transferable[]];
  deserialize(value: unknown): unknown;
};

describe('preserveAppErrors', () => {
  preserveAppErrors(transferHandlers as Map<string, unknown>);
  const handler = transferHandlers.get('throw') as unknown as Handler;

  it('keeps the code, message and details of an AppError across the boundary', () => {
    const [wire] = handler.serialize({
      value: new AppError('image/empty', 'empty.jpg is empty', { bytes: 0 }),
    });
    const copy = structuredClone(wire);
    let thrown: unknown;
    try {
      handler.deserialize(copy);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect(thrown).toMatchObject({
      code: 'image/empty',
      message: 'empty.jpg is empty',
      details: { bytes: 0 },
    });
  });

  it('leaves other errors to Comlink', () => {
    const [wire] = handler.serialize({ value: new TypeError('bad') });
    expect(() => handler.deserialize(structuredClone(wire))).toThrow('bad');
  });

  it('installs once', () => {
    preserveAppErrors(transferHandlers as Map<string, unknown>);
    expect(transferHandlers.get('throw')).toBe(handler);
  });
});
