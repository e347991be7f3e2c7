/** How the public functions take their arguments (zod-free, for the public declarations). */

/** `getX(args?)`: the argument object may be left out when every argument is optional. */
export type ArgsParam<T> = {} extends T ? [args?: T] : [args: T];

/** `getX(args?, opts?)` through the plugin: the same, with the invoke options after the arguments. */
export type CallParams<T, O> = {} extends T ? [args?: T, opts?: O] : [args: T, opts?: O];
