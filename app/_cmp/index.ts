export { ConsentManager } from './consent-manager';
