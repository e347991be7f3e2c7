/**
 * How functions take their arguments, apart from spec.ts so the public declarations (sdk/) can name
 * these without reaching zod.
 */

/** `getX(args?)`: the argument object may be left out when every argument is optional. */
export type ArgsParam<T> = {} extends T ? [args?: T] : [args: T];

/** `getX(args?, opts?)` through the plugin: the same, with the invoke options after the arguments. */
export type CallParams<T, O> = {} extends T ? [args?: T, opts?: O] : [args: T, opts?: O];
