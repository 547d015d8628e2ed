export * from './reply';
export * from './replies';
export * from './limits';
export * from './address';
export * from './command';
export * from './commands';
export * from './parse-command';
export * from './line-framing';
