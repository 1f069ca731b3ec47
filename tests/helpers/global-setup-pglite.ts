export { setupPglite as setup } from './global-setup.ts';
