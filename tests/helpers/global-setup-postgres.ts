export { setupPostgres as setup } from './global-setup.ts';
