export { ConsentManager } from './consent-manager';
export { TcfStub } from './tcf-stub';
